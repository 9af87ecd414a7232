"""Display helpers for the pages: local dates, SLA countdowns, labels."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kefu.common import clock
from kefu.portal.presenters import RISK_LABELS, SECRET_KIND_LABELS
from kefu.tickets.models import TIER_LABELS

register = template.Library()

AMBER_WITHIN = timedelta(hours=4)


@register.filter
def when(value: datetime | None) -> str:
    """A plain local date and time: "11月26日 18:00" / "Nov 26, 18:00"."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    if local.year != timezone.localtime(clock.now()).year:
        return date_format(local, pgettext("date with year", "M j, Y, H:i"))
    return date_format(local, pgettext("date without year", "M j, H:i"))


def _span(delta: timedelta) -> str:
    minutes = int(abs(delta.total_seconds()) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(d)dd %(h)dh") % {"d": days, "h": hours}
    if hours:
        return _("%(h)dh %(m)02dm") % {"h": hours, "m": mins}
    return _("%(m)dm") % {"m": mins}


@register.filter
def countdown(value: datetime | None) -> str:
    """Time left until a deadline, or how late it is."""
    if value is None:
        return "—"
    delta = value - clock.now()
    if delta.total_seconds() < 0:
        return _("%(span)s late") % {"span": _span(delta)}
    return _("in %(span)s") % {"span": _span(delta)}


@register.filter
def sla_colour(value: datetime | None) -> str:
    if value is None:
        return "sla-none"
    delta = value - clock.now()
    if delta.total_seconds() < 0:
        return "sla-red"
    return "sla-amber" if delta < AMBER_WITHIN else "sla-green"


@register.filter
def tier_label(value: Any) -> str:
    try:
        return str(TIER_LABELS[int(value)])
    except (KeyError, TypeError, ValueError):
        return str(value)


@register.filter
def secret_kind(value: Any) -> str:
    return str(SECRET_KIND_LABELS.get(str(value), value))


@register.filter
def risk_label(value: Any) -> str:
    return str(RISK_LABELS.get(str(value), value))


@register.filter
def filesize(value: int) -> str:
    if value < 1024:
        return f"{value} B"
    if value < 1024 * 1024:
        return f"{value / 1024:.0f} KB"
    return f"{value / 1024 / 1024:.1f} MB"


@register.simple_tag
def field_value(form: Any, name: str) -> Any:
    return form[name].value()


@register.filter
def amount(value: Decimal | None) -> str:
    """A decimal without trailing zeros or exponent: 500, 1250.5."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


@register.filter
def channel_kind(kind: str) -> str:
    """The translated name of a channel kind ("网站", "Telegram", …)."""
    from kefu.platforms.models import ChannelKind

    try:
        return str(ChannelKind(kind).label)
    except ValueError:
        return kind
