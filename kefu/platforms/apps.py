from django.apps import AppConfig


class PlatformsConfig(AppConfig):
    name = "kefu.platforms"
    label = "platforms"
