"""The 责任书 / 承诺书 pages and endpoints (issue 17) in the matrix, and the objects they need.

pledge.view is held in this world by the committee admins, the secretaries, branch A's
organization committee member and the principal; pledge.manage by the committee admins and the
secretaries. The objects are made once per module (add_pledges, through the services as the
system): branch A's 师德师风承诺书 of the year, whose signers include 周校长 (principal_a's
staff entry, the only one with an account), and county B's 全面从严治党主体责任书 signed by school
C's principal (no account). A campaign and its letters are seen by whoever sees school A's rows
(or opened it); county B's only by the city. Signing on screen is the signer's own: any other
viewer is refused with the rule (422); a scan is recorded by pledge.manage on the school (403
for the viewers without it; 422 here as no file is sent)."""

from __future__ import annotations

import datetime

from matrix.spec import API, PAGE, SEES, Route, everyone

_A = {"city_admin", "county_admin", "secretary_a", "org_member_a", "principal_a"}
SEES.update({"pledge_campaign_a": _A, "pledge_campaign_c": {"city_admin"},
             "pledge_letter_a": _A, "pledge_letter_c": {"city_admin"}})
VIEWERS = {"city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a", "principal_a"}
MANAGERS = {"city_admin", "county_admin", "secretary_a", "secretary_b"}
SIGNS = {"pledge_letter_a": {"principal_a"}, "pledge_letter_c": set()}
CAMPAIGNS = ("pledge_campaign_a", "pledge_campaign_c")
LETTERS = ("pledge_letter_a", "pledge_letter_c")


def SOMEWHERE(holders, ok=200):
    return lambda persona, obj: ok if persona in holders else 403


def SEEN(ok=200):
    return lambda persona, obj: ok if persona in SEES[obj] else 404


def SEEN_THEN(allowed, ok, others):
    """Out of sight 404; `ok` for those in allowed (a set, or {obj: set}); other viewers `others`."""
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        holders = allowed[obj] if isinstance(allowed, dict) else allowed
        return ok if persona in holders else others
    return rule


PLEDGE_ROUTES = [
    Route("supervision:pledges", PAGE, SOMEWHERE(VIEWERS), leaks=("org", "school")),
    Route("supervision:pledges_mine", PAGE, everyone(200), leaks=("org", "school")),
    Route("supervision:pledge_new", PAGE, SOMEWHERE(MANAGERS)),
    Route("supervision:pledge_new", PAGE, SOMEWHERE(MANAGERS, ok=422), method="post", data={"org": ""}),
    Route("supervision:pledge", PAGE, SEEN(), objects=CAMPAIGNS, leaks=("org", "school")),
    Route("supervision:pledge_add", PAGE, SEEN_THEN(MANAGERS, 422, 403), objects=CAMPAIGNS, method="post",
          data={"staff": ""}),
    Route("supervision:pledge_letter", PAGE, SEEN(), objects=LETTERS),
    Route("supervision:pledge_pdf", PAGE, SEEN(), objects=LETTERS),
    Route("supervision:pledge_sign", PAGE, SEEN_THEN(SIGNS, 302, 422), objects=LETTERS, method="post"),
    Route("supervision:pledge_scan", PAGE, SEEN_THEN(MANAGERS, 422, 403), objects=LETTERS, method="post"),
    # no scan uploaded: nobody finds one
    Route("supervision:pledge_scan_file", PAGE, lambda persona, obj: 404, objects=("pledge_letter_a",)),
    Route("api:pledge_campaigns", API, everyone(200)),
    Route("api:pledges_mine", API, everyone(200)),
    Route("api:pledge_campaign", API, SEEN(), objects=CAMPAIGNS, kwarg="id"),
    # a kind no level opens: refused with the rule (422) for whoever may open for the committee
    Route("api:pledge_campaign_create", API, SEEN_THEN({"county_a": {"city_admin", "county_admin"},
                                                         "county_b": {"city_admin"}}, 422, 403),
          objects=("county_a", "county_b"), kwarg="org", param="body", method="post", data={"kind": "x", "year": 2026}),
    Route("api:pledge_sign", API, SEEN_THEN(SIGNS, 200, 422), objects=LETTERS, kwarg="id", method="post"),
]


def add_pledges(w) -> None:
    """Once per module, through the services as the system: 周校长 (principal_a's staff entry) in
    school A and 冯校长 in school C, each in post as principal; branch A's 师德师风承诺书 and county B's
    全面从严治党主体责任书 of the year, and the two principals' letters."""
    from dangjian.staff.models import LeadershipRole, StaffPost
    from dangjian.staff.services.register import create_staff_member, start_leadership_term
    from dangjian.supervision.rules.pledge import Kind
    from dangjian.supervision.services.pledge import open_campaign
    from dangjian.testing.world import make_id_number

    def principal(school, name, serial, user=None):
        entry = create_staff_member(school, name=name, gender="male", id_number=make_id_number(
            datetime.date(1975, 1, 1), serial), post=StaffPost.LEADER, office="校长",
            employed_from=datetime.date(2015, 9, 1), user=user, acting_user=None)
        start_leadership_term(entry, role=LeadershipRole.PRINCIPAL, started_on=datetime.date(2015, 9, 1),
                              acting_user=None)
        return entry

    year = datetime.date.today().year
    zhou, feng = principal(w.school_a, "周校长", 901, w.principal_a), principal(w.school_c, "冯校长", 902)
    w.pledge_campaign_a = open_campaign(w.branch_a, kind=Kind.ETHICS, year=year, acting_user=None)
    w.pledge_campaign_c = open_campaign(w.county_b, kind=Kind.PARTY_DUTY, year=year, acting_user=None)
    w.pledge_letter_a = w.pledge_campaign_a.signatures.get(staff=zhou)
    w.pledge_letter_c = w.pledge_campaign_c.signatures.get(staff=feng)


# The objects are the module's (add_pledges); no filler needed beyond the default pk/kwarg lookup.
PLEDGE_FILLERS: dict = {}
