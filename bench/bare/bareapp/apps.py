from django.apps import AppConfig


class BareAppConfig(AppConfig):
    name = "bench.bare.bareapp"
    label = "bareapp"
