"""Every change to organizational life goes through these functions (ARCHITECTURE.md pattern 1):
stricter local rules, meetings with their attendance, amendments and attachments (meetings),
the annual plan (plan) and reading notes (study). Callers import from this package; the modules
are split by topic only."""

from dangjian.orglife.services.meetings import (
    ATTACHMENT_KINDS,
    ATTACHMENT_MAX_BYTES,
    ATTACHMENTS_PER_MEETING,
    RECORD_FIELDS,
    TEXT_FIELDS,
    AttendanceLine,
    Expected,
    add_attachment,
    editable_until,
    expected_attendees,
    figures,
    is_locked,
    quorum_for,
    quorum_rows,
    record_meeting,
    rule_for,
    set_override,
    set_quorum_setting,
    update_meeting,
)
from dangjian.orglife.services.plan import (
    PLAN_COLUMNS,
    PREFERRED_MONTH,
    generate_plan,
    owed_activities,
    plan_with_progress,
    plan_xlsx,
    update_plan_item,
)
from dangjian.orglife.services.study import org_totals, write_note, year_total

__all__ = [
    "ATTACHMENTS_PER_MEETING", "ATTACHMENT_KINDS", "ATTACHMENT_MAX_BYTES", "PLAN_COLUMNS", "PREFERRED_MONTH",
    "RECORD_FIELDS", "TEXT_FIELDS", "AttendanceLine", "Expected", "add_attachment", "editable_until",
    "expected_attendees", "figures", "generate_plan", "is_locked", "org_totals", "owed_activities",
    "plan_with_progress", "plan_xlsx", "quorum_for", "quorum_rows", "record_meeting", "rule_for", "set_override",
    "set_quorum_setting", "update_meeting",
    "update_plan_item", "write_note", "year_total",
]
