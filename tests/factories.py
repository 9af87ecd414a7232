"""factory-boy factories for the domain; services stay the only writers of tickets."""

from __future__ import annotations

from decimal import Decimal

import factory

from kefu.accounts.models import Membership, Role, User
from kefu.platforms.models import OfficialChannel, Platform


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"wallet{n}")
    name_zh = factory.Sequence(lambda n: f"测试钱包{n}")
    name_en = factory.Sequence(lambda n: f"Test Wallet {n}")
    time_zone = "Asia/Shanghai"
    settings = factory.LazyFunction(dict)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    platform = factory.SubFactory(PlatformFactory)
    role = Role.AGENT
    display_name = factory.Sequence(lambda n: f"客服{n}")
    employee_id = factory.Sequence(lambda n: f"E{n:04d}")
    tier = 1
    compensation_limit = Decimal("0")


class OfficialChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficialChannel

    platform = factory.SubFactory(PlatformFactory)
    kind = "website"
    value = factory.Sequence(lambda n: f"wallet{n}.example")
