"""The dues app's pages and endpoints (issue 5) in the matrix.

Organizations are chosen by `?org=` (or in the POST body): an organization the persona cannot
see is a 404, one they see without dues.view / dues.manage (the principal's branch A) a 403.
Lines and payments belong to member_a (branch A), branch B's secretary and county B's member.
"""

from __future__ import annotations

from matrix.spec import (
    API,
    ORG_THEN_RIGHT,
    OWN_DUES,
    PAGE,
    PARTY_WORK,
    WORK_ONLY_ON,
    WORKS_SOMEWHERE,
    Route,
    _guarded,
    everyone,
)
from matrix.world import MONTHS

DUES_ORGS = ("branch_a", "branch_b", "joint", "county_a", "branch_c1")
MEMBERS = ("m_member_a", "m_secretary_a", "m_secretary_b", "m_joint", "m_c")
LINES = ("line_of_member_a", "line_of_secretary_b", "line_of_c")
PAYMENTS = ("payment_of_member_a", "payment_of_secretary_b", "payment_of_c")
MONTH = MONTHS[-1]
MANAGE = _guarded(WORKS_SOMEWHERE)          # dues.manage on the line's / member's organization


def _org_pages(name, leaks=(), query=""):
    """A report page with the persona's own organization by default, and with ?org= chosen."""
    return [
        Route(name, PAGE, PARTY_WORK(), query=query, leaks=leaks),
        Route(name, PAGE, ORG_THEN_RIGHT(), objects=DUES_ORGS, kwarg="org", param="query", query=query, leaks=leaks),
    ]


DUES_ROUTES = [
    *_org_pages("dues:ledger", leaks=("member", "org"), query=f"month={MONTH}"),
    *_org_pages("dues:arrears", leaks=("member", "org")),
    *_org_pages("dues:collection", leaks=("member", "org"), query=f"month={MONTH}"),
    *_org_pages("dues:collection_xlsx", leaks=("member", "org"), query=f"month={MONTH}"),
    *_org_pages("dues:disclosure_xlsx", leaks=("member", "org"), query="year=2026"),
    *_org_pages("dues:yearly", leaks=("member", "org"), query="year=2026"),
    *_org_pages("dues:remittances", leaks=("member", "org"), query="year=2026"),
    # writes: the organization in the body, dues.manage on it; an empty form is refused (422)
    Route("dues:generate", PAGE, ORG_THEN_RIGHT(302), objects=DUES_ORGS, kwarg="org", param="body", method="post",
          data={"month": MONTH}),
    Route("dues:bulk_pay", PAGE, ORG_THEN_RIGHT(422), objects=DUES_ORGS, kwarg="org", param="body", method="post",
          data={"month": MONTH}),
    Route("dues:remittances", PAGE, ORG_THEN_RIGHT(422), objects=DUES_ORGS, kwarg="org", param="body",
          method="post", data={"amount": ""}),
    Route("dues:pay", PAGE, MANAGE, objects=LINES),
    Route("dues:pay", PAGE, _guarded(WORKS_SOMEWHERE, ok=422), objects=LINES, method="post", data={"amount": ""}),
    Route("dues:member", PAGE, OWN_DUES(), objects=MEMBERS),
    Route("dues:set_base", PAGE, _guarded(WORKS_SOMEWHERE, ok=422), objects=MEMBERS, method="post",
          data={"base-base": ""}),
    Route("dues:extra", PAGE, _guarded(WORKS_SOMEWHERE, ok=422), objects=MEMBERS, method="post",
          data={"extra-amount": ""}),
    Route("dues:hardship", PAGE, _guarded(WORKS_SOMEWHERE, ok=422), objects=MEMBERS, method="post",
          data={"hardship-reason": ""}),
    Route("dues:reverse", PAGE, _guarded(WORKS_SOMEWHERE, ok=302), objects=PAYMENTS, method="post",
          data={"reason": "金额登记错误", "idempotency_key": "matrix-reversal"}),
    Route("dues:mine", PAGE, everyone(200), leaks=("member",)),
    # API
    Route("api:dues_rate", API, everyone(200), query="category=in_service&base=4000"),
    Route("api:dues_ledger", API, WORK_ONLY_ON(), objects=DUES_ORGS, kwarg="org", param="query",
          query=f"month={MONTH}", leaks=("member",), rows=("lines", "member_id")),
    Route("api:dues_arrears", API, WORK_ONLY_ON(), objects=DUES_ORGS, kwarg="org", param="query",
          leaks=("member",), rows=("items", "member_id")),
    # A month's dues for a member (the member in the body): in the persona's dues scope or their
    # own (then dues.manage decides: member_a 403), else 404.
    Route("api:dues_payment_create", API, _guarded(WORKS_SOMEWHERE), objects=MEMBERS, kwarg="member",
          param="body", method="post", headers={"Idempotency-Key": "matrix-payment"},
          data={"month": MONTHS[-2], "amount": "40.00", "method": "cash", "paid_on": "2026-11-20"}),
]
