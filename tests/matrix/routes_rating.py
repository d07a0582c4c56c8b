"""The 评星定级 pages and endpoints (issue 13) in the matrix, and the world objects they need.

Rights (core.roles): rating.view and rating.self for the secretaries and branch A's organization
committee member on their branch; rating.view, rating.review and rating.configure for the two
committee administrators on their subtree; nothing for the principal and member_a. The services
check "above" for review, sampling, 公示 and the star: a school asking for one of them is refused
with the rule (422), not a 403, so those outcomes are 422 for whoever sees the object.

World objects (made by add_ratings, as the system through the services): the city's example
standard of the year being rated; branch A's rating granted (its star), branch B's submitted (the
county's queue), county B's branch's still in 自评, the joint branch's stripped (黑榜) with its
整顿 task open, the city's 公示 (closed) and an evidence file of county B's branch."""

from __future__ import annotations

import datetime

from matrix.spec import API, PAGE, SEES, Route

_A = {"city_admin", "county_admin", "secretary_a", "org_member_a"}
_B = {"city_admin", "county_admin", "secretary_b"}
_J = {"city_admin", "county_admin"}
_C = {"city_admin"}
VIEWERS = {"city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a"}
SEES.update({
    "rating_a": _A, "rating_b": _B, "rating_c": _C, "revocation_j": _J, "weak_j": _J, "task_j": _J,
    "standard_city": VIEWERS, "publicity_city": VIEWERS, "rating_evidence_c": _C,
})
SELF_ON = {"rating_a": {"secretary_a", "org_member_a"}, "rating_b": {"secretary_b"}, "rating_c": set()}
REVIEWERS = {"city_admin", "county_admin"}
RATINGS = ("rating_a", "rating_b", "rating_c")
ORGS = ("branch_a", "branch_b", "county_a", "branch_c1")
OPEN_ON = {"branch_a": {"secretary_a", "org_member_a"}, "branch_b": {"secretary_b"}, "county_a": set(), "branch_c1": set()}
VIEW_ON = {"branch_a": _A, "branch_b": _B, "county_a": _J, "branch_c1": _C}


def rating_year(today: datetime.date) -> int:
    """The year the pages show by default (dangjian.appraisal.views.rating.year_of)."""
    return today.year - 1 if today.month <= 6 else today.year


YEAR = rating_year(datetime.date.today())


def SOMEWHERE(holders, ok=200):
    return lambda persona, obj: ok if persona in holders else 403


def ORG_PAGE(persona, obj):
    """?org= among the organizations the persona sees (else 404), then rating.view there (else 403)."""
    if persona not in SEES[obj]:
        return 404
    return 200 if persona in VIEW_ON[obj] else 403


def SEEN(ok):
    return lambda persona, obj: ok if persona in SEES[obj] else 404


def SELF_FIRST(persona, obj):
    """A school's step on a rating: out of sight 404; without rating.self on it 403; then the
    state refuses it (granted, submitted) with 422."""
    if persona not in SEES[obj]:
        return 404
    return 422 if persona in SELF_ON[obj] else 403


def REVIEW_RIGHT(ok):
    """A higher committee's page action: out of sight 404; no rating.review anywhere 403; else `ok`."""
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        return ok if persona in REVIEWERS else 403
    return rule


def API_RIGHT_FIRST(persona, obj):
    if persona not in VIEWERS:
        return 403
    return 200 if persona in VIEW_ON[obj] else 404


def API_REVIEW(persona, obj):
    """The API leaves "above" to the service: whoever sees the rating gets its refusal (422),
    except branch B's submitted rating, which the county and the city really pass."""
    if persona not in SEES[obj]:
        return 404
    return 200 if obj == "rating_b" and persona in REVIEWERS else 422


RATING_ROUTES = [
    Route("appraisal:ratings", PAGE, SOMEWHERE(VIEWERS), leaks=("org",)),
    Route("appraisal:ratings", PAGE, ORG_PAGE, objects=ORGS, kwarg="org", param="query", leaks=("org",)),
    Route("appraisal:ratings", PAGE, ORG_PAGE, objects=ORGS, kwarg="org", param="query", query="state=submitted",
          leaks=("org",)),
    # the schools' own rating of the year already exists: refused with a message and sent back
    Route("appraisal:rating_open", PAGE, SOMEWHERE({"secretary_a", "secretary_b", "org_member_a"}, ok=302),
          method="post"),
    Route("appraisal:rating_launch", PAGE, SOMEWHERE(REVIEWERS, ok=302), method="post"),
    Route("appraisal:rating", PAGE, SEEN(200), objects=RATINGS),
    Route("appraisal:rating_self", PAGE, SELF_FIRST, objects=RATINGS, method="post", data={}),
    Route("appraisal:rating_refresh", PAGE, SELF_FIRST, objects=RATINGS, method="post"),
    Route("appraisal:rating_evidence_add", PAGE, SELF_FIRST, objects=RATINGS, method="post", data={}),
    Route("appraisal:rating_review", PAGE, REVIEW_RIGHT(422), objects=RATINGS, method="post", data={}),
    Route("appraisal:rating_check", PAGE, REVIEW_RIGHT(422), objects=RATINGS, method="post", data={}),
    Route("appraisal:rating_object", PAGE, REVIEW_RIGHT(422), objects=RATINGS, method="post", data={}),
    Route("appraisal:rating_revoke", PAGE, REVIEW_RIGHT(200), objects=RATINGS),
    Route("appraisal:rating_revoke", PAGE, REVIEW_RIGHT(422), objects=RATINGS, method="post", data={}),
    Route("appraisal:rating_xlsx", PAGE, SEEN(200), objects=RATINGS),
    Route("appraisal:rating_evidence", PAGE, SEEN(200), objects=("rating_evidence_c",)),
    Route("appraisal:rating_standards", PAGE, SOMEWHERE(VIEWERS)),
    Route("appraisal:rating_standards", PAGE, ORG_PAGE, objects=ORGS, kwarg="org", param="query"),
    Route("appraisal:rating_standard", PAGE, SEEN(200), objects=("standard_city",)),
    # an empty situation: refused next to the form for the city, who issued the standard
    Route("appraisal:rating_standard", PAGE, lambda p, o: 404 if p not in VIEWERS else 422 if p == "city_admin" else 403,
          objects=("standard_city",), method="post", data={"action": "situation", "text": ""}),
    Route("appraisal:rating_standard_copy", PAGE,
          lambda p, o: 404 if p not in VIEWERS else 302 if p == "city_admin" else 403,
          objects=("standard_city",), method="post", data={"year": ""}),
    Route("appraisal:rating_sampling", PAGE, SOMEWHERE(VIEWERS)),
    Route("appraisal:rating_sampling", PAGE, ORG_PAGE, objects=ORGS, kwarg="org", param="query"),
    # no standard chosen: refused for the city (its own standard); the county issued none: 403
    Route("appraisal:rating_sampling", PAGE, lambda p, o: 422 if p == "city_admin" else 403, method="post", data={}),
    Route("appraisal:rating_publicity", PAGE, SOMEWHERE(VIEWERS)),
    Route("appraisal:rating_publicity", PAGE, ORG_PAGE, objects=ORGS, kwarg="org", param="query"),
    Route("appraisal:rating_publicity", PAGE, lambda p, o: 422 if p == "city_admin" else 403, method="post", data={}),
    # the city's 公示 is already closed (the city: 422); below the city, a school or county may not grant (422)
    Route("appraisal:rating_publicity_grant", PAGE, SEEN(422), objects=("publicity_city",), method="post"),
    Route("appraisal:rating_publicity_docx", PAGE, SEEN(200), objects=("publicity_city",)),
    Route("appraisal:rating_publicity_pdf", PAGE, SEEN(200), objects=("publicity_city",)),
    Route("appraisal:rating_blacklist", PAGE, SOMEWHERE(VIEWERS), leaks=("org",)),
    Route("appraisal:rating_blacklist", PAGE, ORG_PAGE, objects=ORGS, kwarg="org", param="query", leaks=("org",)),
    Route("appraisal:rating_notice_docx", PAGE, SEEN(200), objects=("revocation_j",)),
    Route("appraisal:rating_notice_pdf", PAGE, SEEN(200), objects=("revocation_j",)),
    Route("appraisal:rating_weak", PAGE, SOMEWHERE(VIEWERS), leaks=("org",)),
    Route("appraisal:rating_weak", PAGE, ORG_PAGE, objects=ORGS, kwarg="org", param="query", leaks=("org",)),
    Route("appraisal:rating_weak_detail", PAGE, SEEN(200), objects=("weak_j",)),
    # 销号 with a task still open: refused with the rule
    Route("appraisal:rating_weak_detail", PAGE, SEEN(422), objects=("weak_j",), method="post",
          data={"action": "lift", "note": "验收"}),
    # API
    Route("api:rating_list", API, SOMEWHERE(VIEWERS)),
    Route("api:rating_list", API, API_RIGHT_FIRST, objects=ORGS, kwarg="org", param="query"),
    # their rating of the year exists already (422); an organization outside one's rating.self: 404
    Route("api:rating_open", API, lambda p, o: 422 if p in OPEN_ON[o] else 404,
          objects=ORGS, kwarg="org", param="body", method="post", data={"year": YEAR}),
    Route("api:rating_detail", API, SEEN(200), objects=RATINGS, kwarg="id"),
    Route("api:rating_self_scores", API, SELF_FIRST, objects=RATINGS, kwarg="id", method="put", data={"items": []}),
    Route("api:rating_review", API, API_REVIEW, objects=RATINGS, kwarg="id", method="post", data={"decision": "pass"}),
    Route("api:rating_check", API, SEEN(422), objects=RATINGS, kwarg="id", method="post", data={}),
    Route("api:rating_revoke", API, SEEN(422), objects=RATINGS, kwarg="id", method="post",
          data={"occurred_on": "2026-01-05"}),
    Route("api:rating_standards", API, SOMEWHERE(VIEWERS)),
    Route("api:rating_standard", API, SEEN(200), objects=("standard_city",), kwarg="id"),
    Route("api:rating_draw", API, SEEN(422), objects=("standard_city",), kwarg="id", method="post", data={"year": YEAR}),
    Route("api:rating_publicity_create", API, SEEN(422), objects=("standard_city",), kwarg="id", method="post",
          data={"year": YEAR}),
    Route("api:rating_grant", API, SEEN(422), objects=("publicity_city",), kwarg="id", method="post"),
    Route("api:rating_revocations", API, SOMEWHERE(VIEWERS)),
    Route("api:rating_revocations", API, API_RIGHT_FIRST, objects=ORGS, kwarg="org", param="query"),
    Route("api:rating_weak_orgs", API, SOMEWHERE(VIEWERS)),
    Route("api:rating_weak_orgs", API, API_RIGHT_FIRST, objects=ORGS, kwarg="org", param="query"),
    # the committees see the task but only the school reports it done (rating.self): 403
    Route("api:rating_task_done", API, SEEN(403), objects=("task_j",), kwarg="id", method="post",
          data={"done_on": "2026-01-05", "note": "已完成"}),
]


TWO_LEFT_OUT = ("“三会一课”按规定频次开展，记录完整", "“三重一大”事项经党组织会议集体研究决定")


def add_ratings(w, today: datetime.date) -> None:
    """The objects above, through the services as the system."""
    from dangjian.appraisal.models import StarRating
    from dangjian.appraisal.rules import rating as R
    from dangjian.appraisal.services import rating as S
    from dangjian.appraisal.services import rating_revocation as V
    from dangjian.appraisal.standard_examples import enter_example

    year = rating_year(today)
    w.standard_city = enter_example(w.city, year)
    for org in (w.branch_a, w.branch_b, w.branch_c1, w.joint):
        S.open_rating(org, year, today=today)

    def full(org):
        """Every item the school may score at full points, except the upload items (no file: 0)."""
        rating = StarRating.objects.get(org=org, year=year)
        entries = [{"item": row.item_id, "note": "已落实",
                    "score": "0" if row.item.evidence == R.EvidenceKind.UPLOAD else str(row.item.points)}
                   for row in rating.scores.select_related("item").exclude(item__evidence=R.EvidenceKind.AUTOMATIC)]
        S.save_self_scores(rating, entries)
        return rating

    for org in (w.branch_a, w.branch_b, w.joint):
        S.submit(full(org), today=today)
    for org in (w.branch_a, w.joint):
        S.review(StarRating.objects.get(org=org, year=year), decision="pass", today=today)
    S.draw(w.city, w.standard_city, year, percent="100", seed="matrix", today=today)
    for org in (w.branch_a, w.joint):
        # the city's check: everything done but two items of 4 points: 92 points, four stars
        rating = StarRating.objects.get(org=org, year=year)
        S.check(rating, today=today, changes=[
            {"item": row.item_id, "score": "0" if row.item.text in TWO_LEFT_OUT else str(row.item.points),
             "reason": "抽查核实"} for row in rating.scores.select_related("item")])
    w.publicity_city = S.start_publicity(w.city, w.standard_city, year, today=today)
    S.grant(w.publicity_city, today=w.publicity_city.end + datetime.timedelta(days=1))
    w.rating_a, w.rating_b, w.rating_c = (StarRating.objects.get(org=o, year=year)
                                          for o in (w.branch_a, w.branch_b, w.branch_c1))
    joint = StarRating.objects.get(org=w.joint, year=year)
    w.revocation_j = V.revoke(joint, situation=w.standard_city.situations.first(), facts="连续 4 个月未开展组织生活",
                              occurred_on=today, tasks=[{"title": "补开组织生活", "owner_name": "谢娟",
                                                          "deadline": today + datetime.timedelta(days=30)}],
                              today=today + datetime.timedelta(days=2))
    w.weak_j = w.revocation_j.weak
    w.task_j = w.weak_j.tasks.get()


def rating_evidence_of(rating):
    """A photo (a 1×1 PNG) for county B's branch's first upload item, stored through the service."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangjian.appraisal.services import rating as S
    from dangjian.orglife.tests.images import png_bytes

    item = rating.scores.filter(item__evidence="upload").order_by("item__area__order", "item__order").first()
    return S.add_evidence(rating, item.item_id, SimpleUploadedFile("现场照片.png", png_bytes()))
