"""Every change to the organization tree goes through these functions (ARCHITECTURE.md pattern 1):
organizations, schools and posts (orgs), the group robot's settings and messages (robot), and the
register of local documents with the switches that turn their rules on (local_documents).
Callers import the tree's services from this package; the other two by module."""

from dangjian.orgs.services.orgs import (
    ALLOWED_CHILDREN,
    ORG_FIELDS,
    R_ONE_HOLDER,
    R_TREE_SHAPE,
    SCHOOL_FIELDS,
    SINGLE_HOLDER_POSTS,
    appoint,
    attach_school,
    create_org,
    end_position,
    may_change_status,
    refuse_unless_still_reached,
    require,
    send_term_reminders,
    update_org,
    update_school,
)

__all__ = ["ALLOWED_CHILDREN", "ORG_FIELDS", "R_ONE_HOLDER", "R_TREE_SHAPE", "SCHOOL_FIELDS", "SINGLE_HOLDER_POSTS",
           "appoint", "attach_school", "create_org", "end_position", "may_change_status", "refuse_unless_still_reached",
           "require", "send_term_reminders", "update_org", "update_school"]
