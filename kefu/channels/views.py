"""The widget's demo page: what a wallet's web view would embed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kefu.platforms.models import Platform


def widget_demo(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("platform", "")
    platform = Platform.objects.filter(slug=slug, is_active=True).first() if slug else None
    if platform is None:
        platform = Platform.objects.filter(is_active=True).order_by("slug").first()
    return render(request, "channels/widget_demo.html", {"platform": platform})
