"""The API of 民主评议党员 (/api/v1/appraisal/...): a secretary runs a round end to end — open it,
take the steps, put the counts and the grades, report — with refusals in the shared error shape
naming their rule; a member casts the phone ballot and reads their own results once reported;
the county reads the statistics; out of scope is the same 404 as missing."""

from dangjian.appraisal.models import MemberGrade
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import roster
from dangjian.testing import login

from .review_helpers import branch_a_round, member, on, reported, to_poll

API = "/api/v1/appraisal"


def post(client, url, body, method="post"):
    return getattr(client, method)(url, body, content_type="application/json")


def test_a_secretary_runs_a_round_through_the_api(client, world, time_machine):
    on(time_machine, "2026-12-05")
    login(client, world.secretary_a)
    created = post(client, f"{API}/reviews/", {"org": world.branch_a.pk, "year": 2026, "as_of": "2026-12-01"})
    assert created.status_code == 201
    body = created.json()
    rid = body["id"]
    assert body["state"] == "study" and body["next"] == "self_review" and len(body["roster"]) == 10
    assert body["rules"] == {"excellent_share": "1/3", "excellent_cap": 3, "full_members": 9,
                             "probationary_policy": "not_excellent", "probationary_label": "参加评议，不评为“优秀”"}
    skipped = post(client, f"{API}/reviews/{rid}/transitions", {"to": "poll", "poll_mode": "entered"})
    assert skipped.status_code == 422 and skipped.json()["rule"] == R.R_ORDER.citation
    for step in ("self_review", "peer_review"):
        assert post(client, f"{API}/reviews/{rid}/transitions", {"to": step}).status_code == 200
    post(client, f"{API}/reviews/{rid}/transitions", {"to": "poll", "poll_mode": "entered"})
    ids = [row["member_id"] for row in body["roster"]]
    over = post(client, f"{API}/reviews/{rid}/counts", {"present": 9, "rows": [{"member_id": ids[0], "qualified": 10}]},
                method="put")  # ten votes, nine present
    assert over.status_code == 422 and over.json()["rule"] == R.R_COUNTS.citation
    counts = post(client, f"{API}/reviews/{rid}/counts",
                  {"present": 9, "rows": [{"member_id": i, "qualified": 8} for i in ids]}, method="put")
    assert counts.status_code == 200 and counts.json()["present"] == 9
    assert post(client, f"{API}/reviews/{rid}/transitions", {"to": "decision"}).status_code == 200
    full = [r["member_id"] for r in body["roster"] if not r["probationary"]]
    too_many = post(client, f"{API}/reviews/{rid}/grades",
                    {"rows": [{"member_id": i, "grade": "excellent"} for i in full[:4]]}, method="put")
    assert too_many.status_code == 422
    assert too_many.json()["rule"] == R.R_EXCELLENT_CAP.citation and "超过上限 3 人" in too_many.json()["message"]
    outsider = post(client, f"{API}/reviews/{rid}/grades",
                    {"rows": [{"member_id": world.m_secretary_b.pk, "grade": "qualified"}]}, method="put")
    assert outsider.status_code == 422 and outsider.json()["rule"] == R.R_ROSTER.citation
    assert "编号为" in outsider.json()["message"]  # a member out of the secretary's sight is not named
    assert not MemberGrade.objects.filter(round_id=rid).exists()
    grades = post(client, f"{API}/reviews/{rid}/grades",
                  {"rows": [{"member_id": i, "grade": "qualified"} for i in ids]}, method="put")
    assert grades.status_code == 200 and all(r["grade"] == "qualified" for r in grades.json()["roster"])
    done = post(client, f"{API}/reviews/{rid}/transitions", {"to": "reported", "decided_by": "general_meeting",
                                                              "decided_on": "2026-12-05"})
    assert done.status_code == 200 and done.json()["state"] == "reported" and done.json()["next"] == "applied"


def test_another_schools_secretary_gets_404_for_the_round(client, world, time_machine):
    on(time_machine, "2026-12-01")
    round_ = branch_a_round(world)
    login(client, world.secretary_b)
    assert client.get(f"{API}/reviews/{round_.pk}").status_code == 404
    assert post(client, f"{API}/reviews/{round_.pk}/transitions", {"to": "self_review"}).status_code == 404
    listing = client.get(f"{API}/reviews/").json()
    assert listing["count"] == 0


def test_the_principal_without_the_right_is_refused_403(client, world, time_machine):
    on(time_machine, "2026-12-01")
    login(client, world.principal_a)
    assert client.get(f"{API}/reviews/").status_code == 403


def test_a_member_votes_through_the_api_once(client, world, time_machine):
    on(time_machine, "2026-12-02")
    round_ = to_poll(world, branch_a_round(world), mode=R.PollMode.ONLINE)
    login(client, world.member_a)
    zhang = member(world, "张伟")
    first = post(client, f"{API}/reviews/{round_.pk}/ballot", {"choices": {str(zhang.pk): "qualified"}})
    assert first.status_code == 200 and first.json() == {"graded": 1}
    second = post(client, f"{API}/reviews/{round_.pk}/ballot", {"choices": {str(zhang.pk): "qualified"}})
    assert second.status_code == 422 and second.json()["code"] == "already_voted"


def test_a_member_reads_their_own_results_only_once_reported_and_the_county_the_statistics(client, world,
                                                                                         time_machine):
    on(time_machine, "2026-12-05")
    round_ = reported(world, {"杨帆": "excellent"})
    login(client, world.member_a)
    mine = client.get(f"{API}/members/{world.m_member_a.pk}/review-results").json()
    assert mine == [{"year": 2026, "org": "东城区第一中学党支部", "grade": "excellent", "grade_label": "优秀",
                     "final": True}]
    assert client.get(f"{API}/members/{world.m_secretary_a.pk}/review-results").status_code == 404
    login(client, world.county_admin)
    stats = client.get(f"{API}/review-statistics/", {"within": world.county_a.pk, "year": 2026}).json()
    school = next(s for s in stats["schools"] if s["org"]["name"] == "东城区第一中学")
    assert school["counts"] == {"excellent": 1, "qualified": len(roster(round_)) - 1}
    assert stats["totals"]["excellent"] == 1


def test_a_member_saves_a_self_report_through_the_api(client, world, time_machine):
    on(time_machine, "2026-12-01")
    login(client, world.member_a)
    saved = post(client, f"{API}/self-reports", {"year": 2026, "period": "q4", "study": "学习二十大精神"}, method="put")
    assert saved.status_code == 200 and saved.json()["period_label"] == "第四季度自查"
    early = post(client, f"{API}/self-reports", {"year": 2027, "period": "q1", "study": "x"}, method="put")
    assert early.status_code == 422 and early.json()["rule"] == R.R_SELF_REPORT.citation
    assert [r["period"] for r in client.get(f"{API}/self-reports", {"year": 2026}).json()] == ["q4"]
