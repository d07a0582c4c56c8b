"""Shared steps of the 评星定级 tests: the city's example standard for 2025 (entered by the city
administrator through the services), a school's self-assessment with full marks and its
evidence, and the way a refusal is caught. Time is frozen by each test (`on(...)`)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine as time_travel
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.services import rating as S
from dangjian.appraisal.standard_examples import SIX_GOOD, enter_example
from dangjian.core.errors import RuleViolation
from dangjian.orglife.tests.images import png_bytes

YEAR = 2025
d = datetime.date.fromisoformat


def _ten_o_clock(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T10:00:00").replace(tzinfo=ZoneInfo("Asia/Shanghai"))


def on(time_machine, day: str) -> datetime.date:
    time_machine.move_to(_ten_o_clock(day), tick=False)
    return d(day)


def refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value


def city_standard(world, example=SIX_GOOD, year: int = YEAR):
    return enter_example(world.city, year, example, acting_user=world.city_admin)


def shared_standard(day: str):
    """(EXTEND_SHARED_WORLD, the `standard` fixture) of a module whose tests start from the city's
    example standard: entered once for the module on `day` (entering its 52 items through the
    services took a fifth of a second a test), and each test handed its copy with time frozen on
    the same day. In the module: `EXTEND_SHARED_WORLD, standard = shared_standard("2026-01-12")`."""
    def extend(world) -> None:
        with time_travel.travel(_ten_o_clock(day), tick=False):
            world.standard = city_standard(world)

    @pytest.fixture(name="standard")
    def standard(world, time_machine):
        on(time_machine, day)
        return world.standard

    return extend, standard


def full_marks(rating, user, *, evidence: bool = True):
    """The school scores every item it may score at full points, explains the attestation items
    and uploads a photo for each upload item."""
    entries = []
    for row in rating.scores.select_related("item"):
        if row.item.evidence == R.EvidenceKind.AUTOMATIC:
            continue
        entries.append({"item": row.item_id, "score": str(row.item.points), "note": "已落实，见附件与记录"})
        if evidence and row.item.evidence == R.EvidenceKind.UPLOAD:
            S.add_evidence(rating, row.item_id, SimpleUploadedFile("现场照片.png", png_bytes()), acting_user=user)
    return S.save_self_scores(rating, entries, acting_user=user)


def submitted(world, standard=None, *, org=None, user=None):
    """A school's rating opened, fully scored and submitted (as its secretary by default)."""
    org = org or world.branch_a
    user = user if user is not None else world.secretary_a
    rating = S.open_rating(org, YEAR, standard=standard, acting_user=user)
    full_marks(rating, user)
    return S.submit(rating, acting_user=user)


def item_row(rating, number: str):
    area, order = (int(x) for x in number.split("."))
    return rating.scores.select_related("item").get(item__area__order=area, item__order=order)


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    """Evidence files go to the test's own directory (imported by the modules that upload)."""
    settings.MEDIA_ROOT = tmp_path


def granted(world, standard, *, org=None, user=None, full: bool = True):
    """A rating taken through the whole cycle to its star: the county passes it, the city draws
    everything, lifts most automatic items to full points when `full` (the test world has few
    records; four stars, below the five-star cap of one organization), puts it on notice and
    grants it after the 公示."""
    from dangjian.appraisal.models import StarRating

    rating = S.review(submitted(world, standard, org=org, user=user), decision="pass", acting_user=world.county_admin)
    S.draw(world.city, standard, YEAR, percent="100", acting_user=world.city_admin)
    rating = StarRating.objects.get(pk=rating.pk)
    changes = []
    if full:   # every automatic item but organizational life (8 points, none held here): 92 points, four stars
        changes = [{"item": row.item_id, "score": str(row.item.points), "reason": "抽查核实"}
                   for row in rating.scores.filter(item__evidence=R.EvidenceKind.AUTOMATIC).select_related("item")
                   if not row.item.check_code.startswith("orglife_")]
    S.check(rating, changes=changes, acting_user=world.city_admin)
    publicity = S.start_publicity(world.city, standard, YEAR, acting_user=world.city_admin)
    S.grant(publicity, acting_user=world.city_admin, today=publicity.end + datetime.timedelta(days=1))
    return StarRating.objects.get(pk=rating.pk)
