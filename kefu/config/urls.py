from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kefu.config.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("site-admin/", admin.site.urls),
    path("console/", include("kefu.console.urls")),
    path("", include("kefu.channels.urls")),
    path("", include("kefu.portal.urls")),
]
