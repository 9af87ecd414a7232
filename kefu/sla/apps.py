from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "kefu.sla"
    label = "sla"
