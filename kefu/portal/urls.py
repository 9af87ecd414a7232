from django.urls import path

from kefu.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
]
