"""Scanned letters recorded in a batch (pledge_bulk.record_scans) are judged as record_scan judges
each — the right, the day, the file, the signer still on staff, once — nothing of a refused batch
saved and no file left behind, and one audit entry per campaign."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.models import AuditEntry
from dangjian.supervision.rules import pledge as R
from dangjian.supervision.services import pledge_bulk as SB
from dangjian.supervision.tests.pledge_helpers import with_staff
from dangjian.supervision.tests.rectification_helpers import frozen, refused  # noqa: F401 - a fixture
from dangjian.supervision.tests.test_pledge import ethics_letters, row, scan_pdf

pytestmark = pytest.mark.usefixtures("frozen")
EXTEND_SHARED_WORLD = with_staff


def test_a_batch_of_scans_is_judged_like_one_and_audited_once(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    campaign = ethics_letters(world)
    teacher, other = row(campaign, world.st_teacher_a), row(campaign, world.st_teacher_a2)
    bad = refused(lambda: SB.record_scans([(teacher, scan_pdf(), "2026-11-23"),
                                           (other, SimpleUploadedFile("签字.txt", b"hello"), "2026-11-23")]))
    assert (bad.rule, bad.field, bad.index) == (R.R_SCAN, "file", 1)
    assert refused(lambda: SB.record_scans([(teacher, scan_pdf(), "2026-11-24")])).field == "signed_on"
    with pytest.raises(PermissionDenied):   # school B's secretary is not school A's party office
        SB.record_scans([(teacher, scan_pdf(), None)], acting_user=world.secretary_b)
    teacher.refresh_from_db()
    assert teacher.signed_on is None and teacher.scan_path == ""
    assert not any(tmp_path.rglob("*.pdf"))   # the refused batch's first file was not kept
    before = AuditEntry.objects.count()
    done = SB.record_scans([(teacher, scan_pdf(), "2026-11-23"), (other, scan_pdf("二.pdf"), None)],
                           acting_user=world.secretary_a)
    assert [(s.method, s.scan_kind) for s in done] == [(R.Method.SCAN, "pdf")] * 2
    other.refresh_from_db()
    assert other.scan_name == "二.pdf" and other.recorded_by == world.secretary_a and other.scan_path
    entry = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == before + 1
    assert (entry.action, entry.changes["letters"]) == ("pledge.scan_batch", 2)
    # the same request again is taken as done; another way of signing it is refused
    assert SB.record_scans([(teacher, scan_pdf(), None)], acting_user=world.secretary_a) == []
    assert refused(lambda: SB.record_scans([(teacher, scan_pdf(), None)], acting_user=None)).rule == R.R_ONCE
