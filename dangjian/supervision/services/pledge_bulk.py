"""Many scanned letters at once (登记签字扫描件 for a campaign's paper letters, the demo's county
campaign): each judged exactly as pledge.record_scan judges it — the office's right on the
school, a letter not yet signed (the same request again is taken as done), the signer still on
the staff, the day between the campaign's opening and today, the file checked — with who is on
staff read once for the batch, the letters saved together and one audit entry per campaign
where record_scan writes one per letter. All or nothing: the first refusal, with `index` naming
its place, leaves nothing saved and no file stored."""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.bulk import update_rows
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.staff.models import StaffMember
from dangjian.supervision.models import PledgeSignature
from dangjian.supervision.rules import pledge as R
from dangjian.supervision.services.pledge import _replay_or_refuse, _require, _still_on_staff
from dangjian.supervision.services.rectification import parse_date

CHUNK = 900  # ids per IN list: under SQLite's bound-parameter limit on any build
FIELDS = ["signed_on", "method", "recorded_by", "recorded_at", "scan_kind", "scan_name", "scan_size", "scan_sha256",
          "scan_path"]


def record_scans(scans: list[tuple[PledgeSignature, object, object]], *, acting_user=None,
                 today: datetime.date | None = None) -> list[PledgeSignature]:
    """(signature, file, signed on) each; the letters recorded (those already recorded by the same
    request left as they are)."""
    from dangjian.core.uploads import check_upload, store_upload

    today = today or timezone.localdate()
    stored: list[Path] = []
    try:
        with transaction.atomic():
            ids = [s.pk for s, _, _ in scans]
            locked: dict[int, PledgeSignature] = {}
            for start in range(0, len(ids), CHUNK):
                locked.update((s.pk, s) for s in PledgeSignature.objects.select_for_update(of=("self",)).select_related(
                    "campaign", "campaign__org", "staff", "school").filter(pk__in=ids[start:start + CHUNK]))
            staff_ids = [s.staff_id for s in locked.values()]
            current: set[int] = set()
            for start in range(0, len(staff_ids), CHUNK):
                current.update(StaffMember.objects.current(today).filter(pk__in=staff_ids[start:start + CHUNK])
                               .values_list("pk", flat=True))
            allowed: set[str] = set()
            now = timezone.now()
            done = []
            for index, (given, file, signed_on) in enumerate(scans):
                try:
                    signature = locked[given.pk]
                    day = parse_date(signed_on, "signed_on", R.R_SCAN) if signed_on not in (None, "") else today
                    if day > today:
                        raise RuleViolation("签订日期不得晚于今天", rule=R.R_SCAN, field="signed_on")
                    if file is None:
                        raise RuleViolation("请上传本人签字的扫描件", rule=R.R_SCAN, field="file")
                    path = signature.school.audit_org_path
                    if path not in allowed:
                        _require(acting_user, Action.PLEDGE_MANAGE, path, "您的职务不含“登记责任书、承诺书签订情况”的权限")
                        allowed.add(path)
                    if signature.signed_on is not None:
                        _replay_or_refuse(signature, R.Method.SCAN, acting_user)
                        continue
                    _still_on_staff(signature, today, current)
                    if day < signature.campaign.opened_on:
                        raise RuleViolation(f"签订日期不得早于发起日期 {signature.campaign.opened_on:%Y-%m-%d}",
                                            rule=R.R_SCAN, field="signed_on")
                    try:
                        checked = check_upload(file, kinds=R.SCAN_KINDS, max_bytes=R.SCAN_MAX_BYTES)
                    except RuleViolation as refused:
                        raise RuleViolation(f"{refused.message}。{R.R_SCAN.text}", rule=R.R_SCAN, field="file") from None
                except RuleViolation as refusal:
                    refusal.index = index
                    raise
                stored.append(store_upload(checked))
                signature.signed_on, signature.method = day, R.Method.SCAN
                signature.recorded_by, signature.recorded_at = acting_user, now
                signature.scan_kind = checked.kind
                signature.scan_name = (checked.name or f"签字扫描件{checked.extension}")[:200]
                signature.scan_size, signature.scan_sha256, signature.scan_path = checked.size, checked.sha256, str(stored[-1])
                done.append(signature)
            update_rows(done, FIELDS)
            per_campaign = Counter(s.campaign_id for s in done)
            campaigns = {s.campaign_id: s.campaign for s in done}
            for campaign_id, n in per_campaign.items():
                audit.record("pledge.scan_batch", target=campaigns[campaign_id], actor=acting_user,
                             changes={"campaign": campaign_id, "method": R.Method.SCAN, "letters": n})
    except BaseException:
        for stored_path in stored:
            stored_path.unlink(missing_ok=True)
        raise
    return done
