"""Every change to a member goes through these functions (ARCHITECTURE.md pattern 1): the record
and its timeline (records), 组织关系转接 (transfers), revealing full PII and members' own contact
corrections (privacy). Callers import from this package; the modules are split by topic only."""

from dangjian.members.services.privacy import decide_correction, request_contact_correction, reveal_pii
from dangjian.members.services.records import (
    BULK_BATCH,
    EDITABLE_FIELDS,
    EVENT_FACTS,
    EVENT_HANDLERS,
    MEMBER_ORG_KINDS,
    admit_probationary,
    check_member_org,
    create_member,
    create_members,
    probation_ends,
    receive_from_outside,
    record_event,
    record_problems,
    require,
    update_member,
)
from dangjian.members.services.transfers import (
    accept_transfer,
    cancel_transfer,
    expire_transfers,
    reject_transfer,
    start_transfer,
)

__all__ = [
    "BULK_BATCH", "EDITABLE_FIELDS", "EVENT_FACTS", "EVENT_HANDLERS", "MEMBER_ORG_KINDS",
    "accept_transfer", "admit_probationary", "cancel_transfer", "check_member_org", "create_member",
    "create_members", "decide_correction", "expire_transfers", "probation_ends", "receive_from_outside",
    "record_event", "record_problems", "reject_transfer", "request_contact_correction", "require",
    "reveal_pii", "start_transfer", "update_member",
]
