from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PlatformsConfig(AppConfig):
    name = "kefu.platforms"
    label = "platforms"

    def ready(self) -> None:
        from kefu.platforms.models import Platform

        # Whatever saves a platform (services, Django's admin, a shell) ends the copies that
        # intake keeps (selectors.platform_for_intake). `.update()` sends no signal: its
        # callers clear them themselves.
        post_save.connect(_platform_changed, sender=Platform, dispatch_uid="platform-cache")
        post_delete.connect(_platform_changed, sender=Platform, dispatch_uid="platform-cache")


def _platform_changed(**_kwargs: object) -> None:
    from kefu.platforms.selectors import platform_cache_clear

    platform_cache_clear()
