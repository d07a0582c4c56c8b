"""Every change to 议事决策 goes through these functions (ARCHITECTURE.md pattern 1): matters, their
transitions, execution tasks and reports, attachments, the threshold, expenditures and the
小微权力清单 (matters), the meetings that decide them and their votes (meetings), and the seats of
the school's bodies (bodies). Callers import from this package; the modules are split by topic only."""

from dangjian.decisions.services.bodies import (
    SEAT_BODIES,
    add_seat,
    end_seat,
    may_keep_seats,
    party_seats,
    principal_positions,
    seats,
)
from dangjian.decisions.services.matters import (
    ATTACHMENT_KINDS,
    ATTACHMENT_MAX_BYTES,
    ATTACHMENTS_PER_MATTER,
    POWER_FIELDS,
    STEPLEN,
    add_attachment,
    add_task,
    allowed_transitions,
    ancestor_paths,
    create_matter,
    may,
    may_act,
    parse_amount,
    publish_powers,
    record_expenditure,
    report_progress,
    require,
    save_power,
    set_threshold,
    threshold_for,
    transition,
)
from dangjian.decisions.services.meetings import (
    AGENDA_FROM,
    record_meeting,
    record_votes,
    set_strict_quorum,
    strict_quorum_for,
)

__all__ = [
    "AGENDA_FROM", "ATTACHMENTS_PER_MATTER", "ATTACHMENT_KINDS", "ATTACHMENT_MAX_BYTES", "POWER_FIELDS",
    "SEAT_BODIES", "STEPLEN", "add_attachment", "add_seat", "add_task", "allowed_transitions", "ancestor_paths",
    "create_matter", "end_seat", "may", "may_act", "may_keep_seats", "parse_amount", "party_seats",
    "principal_positions", "publish_powers", "record_expenditure", "record_meeting", "record_votes",
    "report_progress", "require", "save_power", "seats", "set_strict_quorum", "set_threshold", "strict_quorum_for",
    "threshold_for", "transition",
]
