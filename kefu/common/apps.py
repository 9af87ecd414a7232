from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "kefu.common"
    label = "common"
