"""The 评星定级 pages, documents and API as their users meet them: the school's form with the
automatic items and their links, a refusal shown next to its item, the 自评表 workbook, the 公示
and 黑榜 documents, the dashboard's star panel, and the API's refusals naming their rule."""

import io
import json

from python_calamine import CalamineWorkbook

from dangjian.appraisal.models import StarRating
from dangjian.appraisal.services import rating as S
from dangjian.appraisal.services import rating_revocation as V
from dangjian.core.pdf import text_of
from dangjian.testing import login

from .rating_helpers import (
    YEAR,
    granted,
    item_row,
    shared_standard,
    submitted,
    uploads_in_tmp,  # noqa: F401 - an autouse fixture
)

EXTEND_SHARED_WORLD, standard = shared_standard("2026-01-12")


def test_the_school_s_form_shows_the_automatic_items_with_their_links(client, world, standard):
    rating = S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a)
    login(client, world.secretary_a)
    page = client.get(f"/appraisal/ratings/{rating.pk}/").content.decode()
    assert "自评中" in page and "查看依据" in page
    assert f'href="/orglife/compliance/?org={world.branch_a.pk}&amp;period={YEAR}"' in page
    assert 'id="submit-rating"' in page and "按最新记录重算自动项目" in page


def test_the_school_is_not_linked_to_the_committee_s_oversight_its_reviewer_is(client, world, standard):
    # The 议事决策 items' evidence is the committee's oversight drill-down, which the school's own
    # secretary may not open (issue 15's link crawl: it answered her 403): she reads the finding
    # without the link; the county that reviews the rating follows it.
    rating = S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a)
    oversight = f'href="/decisions/oversight/{world.branch_a.pk}/?year={YEAR}"'
    login(client, world.secretary_a)
    page = client.get(f"/appraisal/ratings/{rating.pk}/").content.decode()
    assert "党组织会议达到法定人数" in page and oversight not in page
    assert client.get(f"/decisions/oversight/{world.branch_a.pk}/?year={YEAR}").status_code == 403
    login(client, world.county_admin)
    page = client.get(f"/appraisal/ratings/{rating.pk}/").content.decode()
    assert oversight in page
    assert client.get(f"/decisions/oversight/{world.branch_a.pk}/?year={YEAR}").status_code == 200


def test_a_refused_score_comes_back_next_to_its_item_and_nothing_is_saved(client, world, standard):
    rating = S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a)
    row = item_row(rating, "1.3")
    login(client, world.secretary_a)
    response = client.post(f"/appraisal/ratings/{rating.pk}/self/", {f"score_{row.item_id}": "9"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "得分须在 0 至 1.5 分之间" in page and "依据" in page and 'class="table-danger"' in page
    row.refresh_from_db()
    assert row.self_score is None


def test_the_county_s_review_without_a_reason_is_refused_on_the_page(client, world, standard):
    rating = submitted(world)
    row = item_row(rating, "2.1")
    login(client, world.county_admin)
    response = client.post(f"/appraisal/ratings/{rating.pk}/review/",
                           {"decision": "pass", f"score_{row.item_id}": "1", f"reason_{row.item_id}": ""})
    assert response.status_code == 422 and "须写明调整理由" in response.content.decode()
    assert StarRating.objects.get(pk=rating.pk).state == "submitted"


def test_the_school_asking_to_pass_its_own_rating_is_told_the_rule(client, world, standard):
    rating = submitted(world)
    login(client, world.secretary_a)
    response = client.post(f"/api/v1/star-ratings/{rating.pk}/review", json.dumps({"decision": "pass"}),
                           content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "rule_violation" and "上级党组织" in body["message"] and "2023年中小学校党建工作总结" in body["rule"]


def test_the_self_assessment_workbook_lists_every_item_and_the_totals(client, world, standard):
    rating = submitted(world)
    login(client, world.secretary_a)
    response = client.get(f"/appraisal/ratings/{rating.pk}/form.xlsx")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0][0] == f"东城区第一中学党支部{YEAR}年度评星定级自评表"
    assert rows[2][:4] == ["序号", "方面", "标准内容", "分值"]
    assert len([r for r in rows if str(r[0]).count(".") == 1]) == 52
    assert any(r[1] == "合计" for r in rows)


def test_the_notice_and_the_black_list_documents(client, world, standard):
    rating = granted(world, standard)
    revocation = V.revoke(rating, situation=standard.situations.get(order=1), facts="书记受到党内警告处分",
                          occurred_on="2026-01-10", acting_user=world.county_admin,
                          tasks=[{"title": "召开专题组织生活会", "owner_name": "张伟", "deadline": "2026-04-30"}])
    login(client, world.city_admin)
    pdf = client.get(f"/appraisal/publicity/{rating.publicity_id}/notice.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = text_of(pdf.content)
    assert f"关于{YEAR}年度学校党组织评星定级结果的公示" in text and "东城区第一中学党支部" in text
    assert "5 个工作日" in text
    docx = client.get(f"/appraisal/blacklist/{revocation.pk}/notice.docx")
    assert docx.status_code == 200
    from docx import Document

    words = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert revocation.notice_no in words and "予以摘星并纳入软弱涣散党组织管理" in words
    notice = text_of(client.get(f"/appraisal/blacklist/{revocation.pk}/notice.pdf").content)
    assert "召开专题组织生活会" in notice and "张伟" in notice


def test_the_city_dashboard_shows_the_year_s_stars_in_three_more_queries(client, world, standard):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, world.city_admin)
    with CaptureQueriesContext(connection) as before:
        page = client.get("/").content.decode()
    assert 'id="stars-panel"' not in page   # nothing granted yet: no panel
    granted(world, standard)
    with CaptureQueriesContext(connection) as after:
        page = client.get("/").content.decode()
    assert 'id="stars-panel"' in page and f"{YEAR}年度星级党组织分布" in page
    assert len(after.captured_queries) - len(before.captured_queries) <= 2
    data = json.loads(page.split('id="chart-stars-data" type="application/json">')[1].split("</script>")[0])
    assert data["labels"][0] == "五星级" and sum(data["values"]) == 1
