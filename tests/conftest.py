from __future__ import annotations

import json
import os
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client
from hypothesis import settings as hypothesis_settings

from kefu.accounts.models import Membership, Role
from kefu.accounts.services import api_token_create
from kefu.platforms.models import Platform
from kefu.platforms.selectors import platform_cache_forget
from tests.factories import MembershipFactory, PlatformFactory

# CI draws the same examples on every run (`.ci/run` sets HYPOTHESIS_PROFILE=ci), so a
# property that fails there fails the same way for whoever reruns it; runs elsewhere draw
# new examples each time, which is how the engines' rare cases get found.
hypothesis_settings.register_profile("ci", derandomize=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _intake_limits(settings: Any) -> None:
    """Tests file many tickets from one address: the per-address intake limit is raised out of
    their way (tests/common/test_intake_limit.py sets its own), and the counters, which live in
    the per-process cache and outlive a test, start afresh."""
    settings.KEFU_INTAKE_PER_CLIENT = 10**6
    caches["ratelimit"].clear()


@pytest.fixture(autouse=True)
def _platforms_kept_for_intake() -> None:
    """Each test starts with no platform kept by intake: a test's rows vanish with its
    transaction, and a slug may come back with another key in the next test."""
    platform_cache_forget()


@pytest.fixture
def platform(db: None) -> Platform:
    return PlatformFactory(slug="acme", name_zh="演示钱包", name_en="Acme Wallet")


@pytest.fixture
def other_platform(db: None) -> Platform:
    return PlatformFactory(slug="othercoin", name_zh="另一个钱包", name_en="Other Wallet")


@pytest.fixture
def agent(platform: Platform) -> Membership:
    return MembershipFactory(
        platform=platform, user__username="alice", display_name="小李", employee_id="A001"
    )


@pytest.fixture
def agent2(platform: Platform) -> Membership:
    return MembershipFactory(
        platform=platform, user__username="bob", display_name="小张", employee_id="A002"
    )


@pytest.fixture
def senior(platform: Platform) -> Membership:
    return MembershipFactory(
        platform=platform, user__username="sam", display_name="陈工", employee_id="S001", tier=2
    )


@pytest.fixture
def supervisor(platform: Platform) -> Membership:
    return MembershipFactory(
        platform=platform,
        user__username="carol",
        display_name="王主管",
        employee_id="C001",
        tier=3,
        role=Role.SUPERVISOR,
        compensation_limit=Decimal("1000"),
    )


@pytest.fixture
def other_agent(other_platform: Platform) -> Membership:
    return MembershipFactory(platform=other_platform, user__username="mallory", employee_id="M001")


class Api:
    """A thin JSON client for /api/v1 with optional bearer token or ticket access token."""

    def __init__(self, client: Client, token: str | None = None) -> None:
        self.client = client
        self.token = token

    def _headers(self, access_token: str | None, extra: dict[str, str] | None) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if access_token:
            headers["X-Access-Token"] = access_token
        headers.update(extra or {})
        return headers

    def get(self, path: str, *, access_token: str | None = None, **params: Any) -> Any:
        return self.client.get(
            f"/api/v1{path}", params or None, headers=self._headers(access_token, None)
        )

    def post(
        self,
        path: str,
        body: Any = None,
        *,
        access_token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(body),
            content_type="application/json",
            headers=self._headers(access_token, headers),
        )

    def patch(self, path: str, body: Any, *, headers: dict[str, str] | None = None) -> Any:
        return self.client.patch(
            f"/api/v1{path}",
            json.dumps(body),
            content_type="application/json",
            headers=self._headers(None, headers),
        )


@pytest.fixture
def anon_api(client: Client) -> Api:
    return Api(client)


@pytest.fixture
def staff_api(db: None) -> Callable[[Membership], Api]:
    def make(membership: Membership) -> Api:
        _token, secret = api_token_create(user=membership.user)
        return Api(Client(), secret)

    return make


def complaint(platform: str = "acme", **overrides: Any) -> dict[str, Any]:
    body = {
        "platform": platform,
        "kind": "complaint",
        "subject": "客服三天没有回复",
        "body": "我的提现一直没有到账，客服也不回复。",
        "category": "slow_response",
        "desired_outcomes": ["explanation", "fix"],
        "contact": {"email": "user@example.com"},
    }
    body.update(overrides)
    return body


@pytest.fixture
def open_ticket(anon_api: Api, platform: Platform) -> Callable[..., dict[str, Any]]:
    def make(**overrides: Any) -> dict[str, Any]:
        response = anon_api.post("/tickets", complaint(platform.slug, **overrides))
        assert response.status_code == 201, response.content
        return response.json()

    return make
