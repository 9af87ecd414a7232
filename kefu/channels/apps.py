from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "kefu.channels"
    label = "kefu_channels"
