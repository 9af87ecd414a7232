"""The site's URLs plus the channels' pages (until the lead includes kefu.channels.urls)."""

from django.urls import include, path

from kefu.config.urls import urlpatterns as site

urlpatterns = [path("", include("kefu.channels.urls")), *site]
