from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kefu.common.models import TimeStampedModel


class Platform(TimeStampedModel):
    """A tenant: a wallet, exchange or DeFi front end whose staff answer its tickets."""

    slug = models.SlugField(max_length=64, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description_zh = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    time_zone = models.CharField(max_length=64, default="Asia/Shanghai")
    settings = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug

    @property
    def names(self) -> dict[str, str]:
        return {"zh-Hans": self.name_zh, "en": self.name_en}

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    @property
    def description(self) -> str:
        if (get_language() or "").startswith("en"):
            return self.description_en or self.description_zh
        return self.description_zh or self.description_en


class ChannelKind(models.TextChoices):
    WEBSITE = "website", _("Website")
    EMAIL = "email", _("E-mail")
    TELEGRAM = "telegram", _("Telegram")
    TWITTER = "twitter", _("X / Twitter")
    PHONE = "phone", _("Phone")
    WECHAT = "wechat", _("WeChat")
    APP = "app", _("App")


class OfficialChannel(TimeStampedModel):
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(max_length=16, choices=ChannelKind.choices)
    value = models.CharField(max_length=255)
    label = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["platform_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "kind", "value"], name="official_channel_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.platform_id}:{self.kind}:{self.value}"
