"""The one place that reads the wall clock, so tests can travel in time (time-machine)."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
