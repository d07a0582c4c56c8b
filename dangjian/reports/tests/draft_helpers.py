"""School A's year for the drafts' tests: meetings, dues ledgers with payments and a development
plan, recorded through the apps' own services on a frozen day (EXTEND_SHARED_WORLD)."""

from __future__ import annotations

import datetime

import time_machine

FROZEN_AT = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = FROZEN_AT.date()


def client_for(user):
    from django.test import Client

    from dangjian.testing import login

    client = Client()
    login(client, user)
    return client


def with_school_year(world) -> None:
    from dangjian.dues import services as dues
    from dangjian.dues.models import DuesLine
    from dangjian.dues.rules import Category
    from dangjian.members.models import Member
    from dangjian.orglife.services import record_meeting
    from dangjian.recruitment.services import set_plan

    with time_machine.travel(FROZEN_AT, tick=False):
        for month, kind in ((3, "general_meeting"), (4, "party_lecture"), (5, "theme_day"), (6, "general_meeting"),
                            (9, "general_meeting"), (10, "theme_day")):
            extra = {"lecturer": world.m_secretary_a} if kind == "party_lecture" else {}
            record_meeting(world.branch_a, kind=kind, held_on=datetime.date(2026, month, 12), attendance=[],
                           place="党员活动室", topic="学习贯彻党的二十届四中全会精神", **extra)
        members = list(Member.objects.filter(org=world.branch_a))
        for member in members:
            dues.set_base(member, base="4000.00", category=Category.IN_SERVICE, effective_month="2025-01")
        for month in ("2026-05", "2026-06", "2026-07", "2026-08"):
            dues.generate_ledger(world.branch_a, month)
        for index, line in enumerate(DuesLine.objects.filter(org=world.branch_a, month__lte=datetime.date(2026, 7, 1))
                                     .exclude(member=members[0])):
            dues.record_payment(line, amount=line.amount_due, method="cash", paid_on=TODAY,
                                idempotency_key=f"drafts-{index}")
        set_plan(world.branch_a, 2026, admitted=2, activists=3, candidates=2, basis="学校党支部年度计划")
