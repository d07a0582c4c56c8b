"""What every export of the system shares, whatever the domain: the per-user rate limit of bulk
exports, the download headers (a Chinese file name per RFC 6266), the temporary-file xlsx and
the year parameter of annual rosters and ledgers.

The domain exports themselves (members' rosters, dues' sheets, minutes) live in their apps and
build on these; a header is therefore the same on every download, and the limit the same on
every bulk export (QUALITY.md item 15).
"""

from __future__ import annotations

import datetime
import re
import tempfile
import time
from dataclasses import dataclass
from typing import IO
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.http import FileResponse

from dangjian.core import audit
from dangjian.core.models import AuditEntry, ExportAllowance
from dangjian.core.spreadsheets import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = 1921  # no roster before the Party existed


# --- rate limit ----------------------------------------------------------------------------

class ExportThrottled(Exception):
    """Too many exports by one user in the window; the message says when to try again."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        minutes = max(1, (retry_after + 59) // 60)
        limit, window = export_limit()
        super().__init__(f"导出过于频繁：批量导出党员等个人信息（花名册、名单、统计表）每 {window // 60} 分钟最多 {limit} 次，"
                         f"请 {minutes} 分钟后再试；会议记录、材料、党费表等打印文书不受此限")
        self.message = str(self)


def export_limit() -> tuple[int, int]:
    """(exports, seconds): at most this many exports per user in a sliding window."""
    return getattr(settings, "DANGJIAN_EXPORT_LIMIT", 10), getattr(settings, "DANGJIAN_EXPORT_WINDOW_SECONDS", 600)


def throttle(user, action: str, *, org_path: str = "") -> None:
    """Count one bulk export of personal data for `user`, or raise ExportThrottled and audit the
    refusal under `action`, the event type the export itself is audited under (member.export,
    recruitment.export), so a refused roster of applicants is found among the recruitment exports.

    Who calls it, and why only they: QUALITY.md item 15 reads "Bulk exports need a permission,
    are audited, and are rate-limited". The limit guards against a roster of persons leaving the
    system in bulk — the member rosters and lists, the members' statistics, the recruitment
    rosters (dangjian.members.views.stats, dangjian.recruitment.views.files). A document a
    secretary prints — a meeting's minutes or a year's, a recruitment file's material, a dues
    table, a report, a ledger of rectification items — is audited but never counted: one limit
    for everything refused year-end printing (issue 15: 817 answers of 429 in one crawl) while
    protecting nothing a roster does not already.

    One count for every kind of bulk export (the limit is on personal data leaving the system,
    not per list): a sliding window of timestamps in the user's ExportAllowance row. The row
    is locked while it is read and written, so concurrent exports queue on it: 20 at once with
    a limit of 10 let exactly 10 through. Not Django's cache: its file backend (the embedded
    mode's) implements add and incr as a read then a write, with no lock between processes, and
    a get/set counter there let 15 of 20 through. On PostgreSQL the lock is the row's
    (select_for_update); on SQLite every transaction takes the database's write lock at BEGIN
    (transaction_mode IMMEDIATE in settings), which serialises the same way."""
    limit, window = export_limit()
    # The user's row, made on first use by an insert that does nothing when it exists: race-safe,
    # and the same queries on every export, first or not (the pages' query-count tests rely on it).
    ExportAllowance.objects.bulk_create([ExportAllowance(user=user)], ignore_conflicts=True)
    with transaction.atomic():
        allowance = ExportAllowance.objects.select_for_update().get(user=user)
        now = time.time()
        recent = [t for t in allowance.stamps if t > now - window]
        allowed = len(recent) < limit
        if allowed:
            recent.append(now)
        allowance.stamps = recent
        allowance.save(update_fields=["stamps"])
    if not allowed:
        audit.record(action, actor=user, org_path=org_path, result=AuditEntry.Result.DENIED,
                     changes={"reason": "rate_limited"})
        oldest = recent[0] if recent else now  # a limit of 0: exports switched off
        raise ExportThrottled(int(oldest + window - now) + 1)


# --- parameters ------------------------------------------------------------------------------

def parse_year(raw, today: datetime.date) -> int | None:
    """A roster year from the query string, or None if it is not a sensible year."""
    if raw in (None, ""):
        return today.year
    try:
        year = int(str(raw).strip())
    except ValueError:
        return None
    return year if FIRST_YEAR <= year <= today.year else None


def year_error(today: datetime.date) -> str:
    return f"年份须为 {FIRST_YEAR}–{today.year} 之间的整数，如 {today.year - 1}"


def cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- files -----------------------------------------------------------------------------------

_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def content_disposition(filename: str, fallback: str = "export.xlsx") -> str:
    """attachment with the Chinese name per RFC 5987 / 6266 (filename*), and a plain ASCII
    name for the rare client that cannot read it."""
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", fallback) or "export.xlsx"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@dataclass
class ExportFile:
    filename: str
    fallback: str  # the ASCII file name
    file: IO[bytes]  # an open temporary file, positioned at 0; deleted when closed
    rows: int

    def response(self) -> FileResponse:
        response = FileResponse(self.file, content_type=XLSX)
        response["Content-Disposition"] = content_disposition(self.filename, self.fallback)
        response["Cache-Control"] = "no-store"
        return response

    def read(self) -> bytes:
        data = self.file.read()
        self.file.close()
        return data


def xlsx_file_name(*parts: str) -> str:
    """A file name from its non-empty parts, with the characters Windows refuses replaced."""
    return _UNSAFE_IN_NAME.sub("_", "_".join(p for p in parts if p)) + ".xlsx"


def write_export(filename: str, fallback: str, **kwargs) -> ExportFile:
    """An xlsx written by core.spreadsheets.write_xlsx (same keyword arguments) as an ExportFile."""
    # A temporary file rather than memory: 22,375 rows stream through xlsxwriter's
    # constant_memory mode and then from disk to the client.
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    try:
        rows = write_xlsx(handle, **kwargs)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return ExportFile(filename, fallback, handle, rows)
