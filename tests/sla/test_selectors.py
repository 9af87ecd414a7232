from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches

from kefu.sla.selectors import expected_first_response, support_hours
from kefu.tickets.models import Ticket

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_support_hours_on_a_working_day(platform):
    hours = support_hours(platform=platform, now=datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI))
    assert hours.open_now
    assert hours.today == (
        datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI),
        datetime(2026, 11, 25, 18, 0, tzinfo=SHANGHAI),
    )


def test_on_a_national_holiday_support_is_closed_until_the_next_working_day(platform):
    hours = support_hours(platform=platform, now=datetime(2026, 10, 3, 10, 0, tzinfo=SHANGHAI))
    assert (hours.open_now, hours.today) == (False, None)
    assert hours.next_open == datetime(2026, 10, 8, 9, 0, tzinfo=SHANGHAI)


def test_the_expected_first_response_is_the_median_of_recent_tickets(open_ticket, platform):
    caches["local"].clear()
    for minutes in (10, 20, 30, 40, 500):
        ticket = Ticket.objects.get(reference=open_ticket()["reference"])
        Ticket.objects.filter(pk=ticket.pk).update(
            first_responded_at=ticket.created_at + timedelta(minutes=minutes)
        )
    assert expected_first_response(platform=platform).median_minutes == 30


def test_too_little_history_gives_no_estimate(open_ticket, platform):
    caches["local"].clear()
    open_ticket()
    assert expected_first_response(platform=platform).median_minutes is None
