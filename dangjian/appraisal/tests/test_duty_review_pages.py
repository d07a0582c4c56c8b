"""The pages of 述职评议 as the county administrator and the school secretaries use them: opening a
round (a secretary may not), the secretary's report (the draft button only with a drafter), the
counts form refusing 422 with the rule and what was typed, a comment put on the ledger, the
results by county and the secretary's history — each page scoped (another school's entry: 404)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.appraisal import duty_drafts
from dangjian.appraisal.models import DutyComment, DutyEntry, DutyRound
from dangjian.appraisal.rules import duty_review as R
from dangjian.appraisal.services import duty_review as S
from dangjian.testing import login

TODAY = datetime.date.today()


def opened(world) -> DutyRound:
    return S.open_round(world.county_a, kind=R.Kind.PARTY_MONTH, year=TODAY.year,
                        deadline=TODAY + datetime.timedelta(days=10), acting_user=world.county_admin)


def entry_a(round_) -> DutyEntry:
    return DutyEntry.objects.get(round=round_, org__name="东城区第一中学党支部")


def test_the_county_opens_a_round_in_the_page_and_sees_its_secretaries(client, world):
    login(client, world.county_admin)
    answer = client.post(reverse("appraisal:duty_review_new"), {
        "org": world.county_a.pk, "kind": R.Kind.PARTY_MONTH, "year": TODAY.year,
        "deadline": (TODAY + datetime.timedelta(days=10)).isoformat()})
    round_ = DutyRound.objects.get(org=world.county_a)
    assert answer.status_code == 302 and answer["Location"] == reverse("appraisal:duty_review", args=[round_.pk])
    html = client.get(answer["Location"]).content.decode()
    assert "张伟" in html and "刘芳" in html and "（书记空缺）" in html and "应述职 3 人" in html


def test_a_secretary_may_not_open_a_round(client, world):
    login(client, world.secretary_a)
    assert client.get(reverse("appraisal:duty_review_new")).status_code == 403


def test_the_secretary_writes_saves_and_submits_the_report(client, world, monkeypatch):
    monkeypatch.setattr(duty_drafts, "_drafter", [])
    round_ = opened(world)
    entry = entry_a(round_)
    login(client, world.secretary_a)
    assert "书记抓党建述职报告" in client.get(reverse("core:home")).content.decode()  # the to-do line
    page = client.get(reverse("appraisal:duty_report", args=[entry.pk])).content.decode()
    assert "一、履行党建工作责任情况" in page and "由系统数据生成初稿" not in page  # no drafter registered
    data = {"count": "2", "h0": "一、履行党建工作责任情况", "s0": "全年召开支委会 12 次。", "h1": "二、x", "s1": ""}
    answer = client.post(reverse("appraisal:duty_report", args=[entry.pk]), {**data, "action": "save"})
    assert answer.status_code == 302
    answer = client.post(reverse("appraisal:duty_report", args=[entry.pk]), {**data, "action": "submit"})
    assert answer.status_code == 302
    entry.refresh_from_db()
    assert entry.submitted_on == TODAY and entry.sections == [{"heading": "一、履行党建工作责任情况",
                                                               "text": "全年召开支委会 12 次。"}, {"heading": "二、x",
                                                                                             "text": ""}]
    assert "全年召开支委会 12 次。" in client.get(reverse("appraisal:duty_entry", args=[entry.pk])).content.decode()
    assert client.get(reverse("core:home")).content.decode().count("书记抓党建述职报告") == 0


def test_the_draft_button_shows_with_a_registered_drafter_and_fills_the_sections(client, world, monkeypatch):
    entry = entry_a(opened(world))
    login(client, world.secretary_a)
    monkeypatch.setattr(duty_drafts, "_drafter", [])
    duty_drafts.register_duty_report_drafter(lambda e: [("一、履行党建工作责任情况", "本年度召开支委会 12 次。")])
    assert "由系统数据生成初稿" in client.get(reverse("appraisal:duty_report", args=[entry.pk])).content.decode()
    assert client.post(reverse("appraisal:duty_report_draft", args=[entry.pk])).status_code == 302
    assert "本年度召开支委会 12 次。" in client.get(reverse("appraisal:duty_report", args=[entry.pk])).content.decode()


def test_another_schools_secretary_finds_nothing(client, world):
    entry = entry_a(opened(world))
    login(client, world.secretary_b)
    for name in ("appraisal:duty_entry", "appraisal:duty_report", "appraisal:duty_history"):
        assert client.get(reverse(name, args=[entry.pk])).status_code == 404
    assert client.get(reverse("appraisal:duty_review", args=[entry.round_id])).status_code == 404


def test_counts_above_the_number_present_come_back_422_with_the_rule_and_what_was_typed(client, world):
    entry = entry_a(opened(world))
    S.save_report(entry, sections=[("一", "内容")], submit=True, acting_user=world.secretary_a)
    login(client, world.county_admin)
    url = reverse("appraisal:duty_assessment", args=[entry.pk])
    answer = client.post(url, {"present": "10", "good": "9", "fairly_good": "2", "average": "", "poor": "",
                               "meeting_score": "", "supervision_score": ""})
    html = answer.content.decode()
    assert answer.status_code == 422 and "超过参加测评的 10 人" in html and "依据：" in html
    assert 'value="9"' in html
    answer = client.post(url, {"present": "10", "good": "8", "fairly_good": "2", "meeting_score": "90",
                               "supervision_score": "80"})
    assert answer.status_code == 302
    entry.refresh_from_db()
    assert (str(entry.composite), entry.grade) == ("89.4", R.Grade.FAIRLY_GOOD)
    login(client, world.secretary_a)
    assert client.get(url).status_code == 403  # the school does not grade its own secretary


def test_a_comment_becomes_a_rectification_item_from_the_entry_page(client, world):
    entry = entry_a(opened(world))
    login(client, world.county_admin)
    client.post(reverse("appraisal:duty_comment_add", args=[entry.pk]), {"text": "发展党员工作滞后"})
    comment = DutyComment.objects.get(entry=entry)
    answer = client.post(reverse("appraisal:duty_comment_rectify", args=[comment.pk]),
                         {f"r{comment.pk}-deadline": "2000-01-01"})
    assert answer.status_code == 422  # a deadline before the feedback: supervision's own rule, shown on the page
    answer = client.post(reverse("appraisal:duty_comment_rectify", args=[comment.pk]),
                         {f"r{comment.pk}-deadline": (TODAY + datetime.timedelta(days=60)).isoformat()})
    assert answer.status_code == 302
    comment.refresh_from_db()
    assert comment.rectification_item_id
    html = client.get(reverse("appraisal:duty_entry", args=[entry.pk])).content.decode()
    assert "已列入整改台账" in html and reverse("supervision:item", args=[comment.rectification_item_id]) in html


def test_results_by_county_for_the_city_and_the_weights_page(client, world):
    opened(world)
    login(client, world.city_admin)
    html = client.get(reverse("appraisal:duty_results") + f"?org={world.city.pk}").content.decode()
    assert "东城区教育党工委" in html and "东城区第一中学党支部" in html
    html = client.get(reverse("appraisal:duty_settings") + f"?org={world.city.pk}").content.decode()
    assert "本系统默认" in html and "市教育局党委《党建工作意见》" in html
    answer = client.post(reverse("appraisal:duty_settings") + f"?org={world.city.pk}", {
        "meeting": 30, "supervision": 30, "poll": 30, "good_min": 90, "fairly_good_min": 80, "average_min": 60,
        "source": "市教育局党委《述职评议办法》", "effective_from": TODAY.isoformat()})
    assert answer.status_code == 422 and "须为 100%" in answer.content.decode()


def test_an_uploaded_word_report_is_downloaded_by_those_who_see_the_entry(client, world, tmp_path, settings):
    import docx

    settings.MEDIA_ROOT = tmp_path
    entry = entry_a(opened(world))
    document = docx.Document()
    document.add_paragraph("一、履行党建工作责任情况")
    path = tmp_path / "张伟述职报告.docx"
    document.save(path)
    login(client, world.secretary_a)
    with path.open("rb") as handle:
        answer = client.post(reverse("appraisal:duty_report", args=[entry.pk]),
                             {"count": "0", "action": "submit", "file": handle})
    assert answer.status_code == 302
    login(client, world.county_admin)
    download = client.get(reverse("appraisal:duty_report_file", args=[entry.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"
    login(client, world.secretary_b)
    assert client.get(reverse("appraisal:duty_report_file", args=[entry.pk])).status_code == 404


def test_the_results_page_reads_in_a_fixed_number_of_queries(client, world):
    """Pattern 7: the county table and the schools come from one read of the entries, whatever
    their number: the city's own round adds four entries (and county B's group) and not one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    opened(world)
    login(client, world.city_admin)
    url = reverse("appraisal:duty_results") + f"?org={world.city.pk}&year={TODAY.year}"
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    S.open_round(world.city, kind=R.Kind.YEAR_END, year=TODAY.year, deadline=TODAY + datetime.timedelta(days=10),
                 acting_user=world.city_admin)
    assert queries() == before
    html = client.get(url).content.decode()
    assert html.count('class="table table-sm table-hover school-table"') == 2 and "西城区第二中学党委" in html
