"""The 整改台账 and 党务公开 objects of the matrix (issue 14), made through the services: who sees
each is written by hand in SEES below, and spec.py adds it to its own table.

- batch_a / batch_b / batch_c: a 巡察 batch of branch A and branch B (raised by county A) and of
  county B's branch (raised by county B), each with an open item (item_a, item_b, item_c);
- item_requested_a / item_requested_c: an item of batch A / C whose 销号 is asked for, waiting for
  the county (for C: only the city has an account above it);
- evidence_a / evidence_c: an evidence file on item_a / item_c, made inside each case (it is a file);
- disclosure_draft_a: branch A's draft by its organization committee member;
- disclosure_a / disclosure_b / disclosure_c: a 党内 item of branch A, branch B and county B's
  branch, reviewed, approved and published (its members read it; its committee works on it).

rectification.view: the committee admins, the secretaries, the organization committee member and
the principal (责任领导 of the school's items) — member_a holds none. Working on an item:
rectification.manage on its organization (the secretaries, the organization committee member) or
being its owner; deciding its 销号: rectification.issue from its issuing level or above (the
committee admins). 党务公开 work: disclosure.view (the same holders as member work); reading a
published item: its organization's members (and the workers)."""

from __future__ import annotations

import datetime
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

_BRANCH_A = {"city_admin", "county_admin", "secretary_a", "org_member_a", "principal_a"}
_BRANCH_B = {"city_admin", "county_admin", "secretary_b"}
_WORK_A = {"city_admin", "county_admin", "secretary_a", "org_member_a"}
SEES = {
    "batch_a": _BRANCH_A, "batch_b": _BRANCH_B, "batch_c": {"city_admin"},
    "item_a": _BRANCH_A, "item_b": _BRANCH_B, "item_c": {"city_admin"},
    "item_requested_a": _BRANCH_A, "item_requested_c": {"city_admin"},
    "evidence_a": _BRANCH_A, "evidence_c": {"city_admin"},
    "disclosure_draft_a": _WORK_A, "disclosure_a": _WORK_A | {"member_a"}, "disclosure_b": _BRANCH_B,
    "disclosure_c": {"city_admin"},
}
# Who works on each item (rectification.manage on its organization), and who decides its 销号.
WORKERS = {"item_a": {"secretary_a", "org_member_a"}, "item_b": {"secretary_b"}, "item_c": set(),
           "item_requested_a": {"secretary_a", "org_member_a"}, "item_requested_c": set()}
DECIDERS = {"item_requested_a": {"county_admin", "city_admin"}, "item_requested_c": {"city_admin"},
            "item_a": {"county_admin", "city_admin"}, "item_b": {"county_admin", "city_admin"}, "item_c": {"city_admin"}}
# Who adds an item to a batch (rectification.issue on its issuer), who records its report (manage).
ISSUERS = {"batch_a": {"county_admin", "city_admin"}, "batch_b": {"county_admin", "city_admin"}, "batch_c": {"city_admin"}}
KEEPERS = {"batch_a": {"secretary_a", "org_member_a"}, "batch_b": {"secretary_b"}, "batch_c": set()}
# 党务公开 work on an item (disclosure.view on its organization).
DISCLOSURE_WORK = {"disclosure_draft_a": _WORK_A, "disclosure_a": _WORK_A, "disclosure_b": _BRANCH_B,
                   "disclosure_c": {"city_admin"}}
# Who may pass branch A's draft through 保密审查 (review right, not its drafter org_member_a).
REVIEWERS = {"disclosure_draft_a": {"secretary_a", "county_admin", "city_admin"}}


def _evidence():
    from dangjian.orglife.tests.images import png_bytes

    return SimpleUploadedFile("整改照片.png", png_bytes(), content_type="image/png")


def evidence_of(item):
    """An evidence file on the item, reported through the service (inside a case: MEDIA_ROOT is its tmp_path)."""
    from dangjian.supervision.services.rectification_flow import report_progress

    return report_progress(item, progress=10, text="矩阵测试进展", files=[_evidence()]).evidence.get()


def extend_supervision(w) -> None:
    from dangjian.supervision.services import disclosure as D
    from dangjian.supervision.services import rectification_flow as flow
    from dangjian.supervision.services.rectification import create_rectification_batch

    today = timezone.localdate()
    issued = today - datetime.timedelta(days=30)
    deadline = today + datetime.timedelta(days=60)
    for suffix, org, issuer in (("a", w.branch_a, w.county_a), ("b", w.branch_b, w.county_a),
                                ("c", w.branch_c1, w.county_b)):
        batch = create_rectification_batch(org, source="inspection", issued_on=issued, issuer=issuer, items=[
            {"problem": f"矩阵测试问题{suffix}一", "owner_name": "陈静", "deadline": deadline},
            {"problem": f"矩阵测试问题{suffix}二", "owner_name": "矩阵", "deadline": deadline}])
        first, second = batch.items.order_by("number")
        setattr(w, f"batch_{suffix}", batch)
        setattr(w, f"item_{suffix}", first)
        if suffix != "b":
            # the evidence of a request is a stored file: stored in a directory of its own, removed at
            # once (the routes that serve a file make theirs inside the case: evidence_a / evidence_c)
            directory = tempfile.mkdtemp(prefix="dangjian-matrix-")
            with override_settings(MEDIA_ROOT=directory):
                flow.request_closure(second, text="已完成", files=[_evidence()])
            shutil.rmtree(directory, ignore_errors=True)
            second.refresh_from_db()
            setattr(w, f"item_requested_{suffix}", second)
    w.disclosure_draft_a = D.draft_disclosure(w.branch_a, audience="party", timing="timely", title="矩阵测试草稿",
                                              body="草稿内容", acting_user=w.org_member_a)
    for suffix, org in (("a", w.branch_a), ("b", w.branch_b), ("c", w.branch_c1)):
        item = D.draft_disclosure(org, audience="party", timing="timely", title=f"矩阵测试公开{suffix}", body="公开内容")
        D.review_disclosure(item)
        D.approve_disclosure(item)
        setattr(w, f"disclosure_{suffix}", D.publish_disclosure(item))
