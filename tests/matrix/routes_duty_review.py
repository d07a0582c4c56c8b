"""The 书记抓党建述职评议 pages (issue 16) in the matrix, and the world objects they need.

appraisal.view / appraisal.manage are held, in this world, by the committee admins, the
secretaries and branch A's organization committee member (WORKS_ON); the principal and member_a
hold neither. Opening a round, the 测评, the process scores and the 点评意见 are the opening
committee's (appraisal.manage on the education committee: the city and county A admins); a school
user who sees the entry is refused them (403). The report is the secretary's own: another viewer
posting it is refused with the rule (422).

World objects (add_duty_reviews, as the system through the services): county A's round of the year
(entries of branch A, branch B and the joint branch; no report submitted), county B's round (the
entry of 西城区第二中学党委, whose branches report with it), and a 点评意见 on branch A's and on
county B's entry."""

from __future__ import annotations

import datetime

from matrix.spec import PAGE, SEES, WORKS_ON, WORKS_SOMEWHERE, Route

_A = {"city_admin", "county_admin", "secretary_a", "org_member_a"}
_B = {"city_admin", "county_admin", "secretary_b"}
_C = {"city_admin"}
SEES.update({
    "duty_round_a": {"city_admin", "county_admin"}, "duty_round_c": _C,
    "duty_entry_a": _A, "duty_entry_b": _B, "duty_entry_c": _C,
    "duty_comment_a": _A, "duty_comment_c": _C,
    # the same entries once a .docx is uploaded (made inside each case: DUTY_FILE_FILLERS)
    "duty_file_a": _A, "duty_file_b": _B, "duty_file_c": _C,
})
# The committee that opened the round (and those above it): who assesses each entry.
ASSESSES = {"duty_entry_a": {"city_admin", "county_admin"}, "duty_entry_b": {"city_admin", "county_admin"},
            "duty_entry_c": {"city_admin"}, "duty_comment_a": {"city_admin", "county_admin"},
            "duty_comment_c": {"city_admin"}}
# The secretary in post on each entry's organization (county B's school committee has none).
REPORTS = {"duty_entry_a": {"secretary_a"}, "duty_entry_b": {"secretary_b"}, "duty_entry_c": set()}
COMMITTEE_ADMINS = {"city_admin", "county_admin"}
ENTRIES = ("duty_entry_a", "duty_entry_b", "duty_entry_c")
COMMENTS = ("duty_comment_a", "duty_comment_c")
ORGS = ("branch_a", "branch_b", "county_a", "branch_c1")


def SOMEWHERE(holders, ok=200):
    return lambda persona, obj: ok if persona in holders else 403


def ORG_THEN(ok=200):
    """?org= among the organizations the persona sees (else 404), then appraisal.view on it (else 403)."""
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        return ok if persona in WORKS_ON[obj] else 403
    return rule


def SEEN(ok=200):
    return lambda persona, obj: ok if persona in SEES[obj] else 404


def THEN(allowed, ok, others):
    """Out of sight 404; those in allowed[obj] `ok`; other viewers `others`."""
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        return ok if persona in allowed[obj] else others
    return rule


def _listing(name, **kwargs):
    return [Route(name, PAGE, SOMEWHERE(WORKS_SOMEWHERE), leaks=("org",), **kwargs),
            Route(name, PAGE, ORG_THEN(), objects=ORGS, kwarg="org", param="query", leaks=("org",), **kwargs)]


DUTY_REVIEW_ROUTES = [
    *_listing("appraisal:duty_reviews"),
    *_listing("appraisal:duty_results"),
    *_listing("appraisal:duty_settings"),
    # weights that do not add up (or a school asking): refused 422 for whoever may see the organization
    Route("appraisal:duty_settings", PAGE, ORG_THEN(ok=422), objects=ORGS, kwarg="org", param="query",
          method="post", data={"meeting": "50", "supervision": "50", "poll": "50", "good_min": "90",
                               "fairly_good_min": "80", "average_min": "60", "source": "x",
                               "effective_from": "2026-01-01"}),
    Route("appraisal:duty_review_new", PAGE, SOMEWHERE(COMMITTEE_ADMINS)),
    Route("appraisal:duty_review_new", PAGE, SOMEWHERE(COMMITTEE_ADMINS, ok=422), method="post", data={"org": ""}),
    Route("appraisal:duty_review", PAGE, SEEN(), objects=("duty_round_a", "duty_round_c")),
    Route("appraisal:duty_entry", PAGE, SEEN(), objects=ENTRIES),
    Route("appraisal:duty_history", PAGE, SEEN(), objects=ENTRIES),
    Route("appraisal:duty_report", PAGE, SEEN(), objects=ENTRIES),
    # the secretary saves a draft (302); another viewer is refused with the rule (422)
    Route("appraisal:duty_report", PAGE, THEN(REPORTS, 302, 422), objects=ENTRIES, method="post",
          data={"count": "0", "action": "save"}),
    Route("appraisal:duty_report_draft", PAGE, THEN(REPORTS, 302, 422), objects=ENTRIES, method="post"),
    # the uploaded .docx: to whoever sees the entry; with none uploaded, nobody finds one
    Route("appraisal:duty_report_file", PAGE, SEEN(), objects=("duty_file_a", "duty_file_b", "duty_file_c")),
    Route("appraisal:duty_report_file", PAGE, lambda persona, obj: 404, objects=("duty_entry_a",)),
    Route("appraisal:duty_assessment", PAGE, THEN(ASSESSES, 200, 403), objects=ENTRIES),
    # the report is not submitted yet: the committee is refused the counts with the rule (422)
    Route("appraisal:duty_assessment", PAGE, THEN(ASSESSES, 422, 403), objects=ENTRIES, method="post",
          data={"present": "5", "good": "3"}),
    Route("appraisal:duty_comment_add", PAGE, THEN(ASSESSES, 422, 403), objects=ENTRIES, method="post",
          data={"text": ""}),
    Route("appraisal:duty_comment_rectify", PAGE, THEN(ASSESSES, 422, 403), objects=COMMENTS, method="post"),
]


def add_duty_reviews(w, today: datetime.date) -> None:
    """The objects above, through the services as the system."""
    from dangjian.appraisal.models import DutyEntry
    from dangjian.appraisal.rules import duty_review as R
    from dangjian.appraisal.services import duty_review as S
    from dangjian.appraisal.services import duty_review_assessment as A

    deadline = today + datetime.timedelta(days=30)
    w.duty_round_a = S.open_round(w.county_a, kind=R.Kind.PARTY_MONTH, year=today.year, deadline=deadline,
                                  today=today)
    w.duty_round_c = S.open_round(w.county_b, kind=R.Kind.PARTY_MONTH, year=today.year, deadline=deadline,
                                  today=today)
    w.duty_entry_a = DutyEntry.objects.get(round=w.duty_round_a, org=w.branch_a)
    w.duty_entry_b = DutyEntry.objects.get(round=w.duty_round_a, org=w.branch_b)
    w.duty_entry_c = DutyEntry.objects.get(round=w.duty_round_c, org=w.committee_c)
    w.duty_comment_a = A.add_comment(w.duty_entry_a, "党建工作例会上的发言未结合本校实际")
    w.duty_comment_c = A.add_comment(w.duty_entry_c, "党委对所属支部的指导不够")


def report_file_of(w, x: str):
    """Entry `x` with a .docx report uploaded: through the service as its secretary where the entry
    has one; county B's school committee has none in post, so its file is stored as the service
    would store it (the matrix is about who may download it, not who may upload it)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    from dangjian.appraisal.services import duty_review as S
    from dangjian.core.uploads import check_upload, store_upload

    buffer = io.BytesIO()
    Document().save(buffer)
    upload = SimpleUploadedFile("述职报告.docx", buffer.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    entry = getattr(w, f"duty_entry_{x}")
    secretary = {"a": w.secretary_a, "b": w.secretary_b}.get(x)
    if secretary is not None:
        return S.save_report(entry, file=upload, acting_user=secretary)
    entry.report_file = str(store_upload(check_upload(upload, kinds={"docx"}, max_bytes=S.REPORT_MAX_BYTES)))
    entry.report_file_name = "述职报告.docx"
    entry.save(update_fields=["report_file", "report_file_name"])
    return entry


DUTY_FILE_FILLERS = {f"duty_file_{x}": (lambda w, route, x=x: {"pk": report_file_of(w, x).pk}) for x in "abc"}
