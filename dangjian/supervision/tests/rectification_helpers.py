"""What the rectification tests share: a frozen day, a county's 巡察 batch for school A (branch A),
a PNG to use as evidence, and a short way to catch a refusal."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.errors import RuleViolation
from dangjian.supervision.services.rectification import create_rectification_batch

TODAY = datetime.date(2026, 11, 23)
FEEDBACK_DAY = datetime.date(2026, 9, 10)
d = datetime.date.fromisoformat


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    return TODAY


def item(problem="党员发展计划与实际执行不一致", owner="张伟", deadline="2026-12-31", **extra) -> dict:
    return {"problem": problem, "measures": "制定年度发展计划并按季度对照检查", "leader_name": "张伟", "unit": "党支部",
            "owner_name": owner, "deadline": deadline, **extra}


def inspection_batch(world, *, items=None, by=None, **kwargs):
    """县委教育工委第二巡察组's feedback to school A (branch A), entered by the county admin."""
    return create_rectification_batch(
        world.branch_a, source="inspection", issued_on=kwargs.pop("issued_on", FEEDBACK_DAY),
        issuer=kwargs.pop("issuer", world.county_a), issuer_detail="第二巡察组", reference=kwargs.pop("reference", "东教巡反〔2026〕3号"),
        items=items if items is not None else [item(), item("“三会一课”记录不完整", owner="陈静", deadline="2026-11-30")],
        acting_user=by if by is not None else world.county_admin, today=TODAY, **kwargs)


def evidence(name="整改照片.png") -> SimpleUploadedFile:
    from dangjian.orglife.tests.images import png_bytes

    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value
