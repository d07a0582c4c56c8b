"""The results as other modules read them: 评先评优 takes the members whose reported grade of the
year is 优秀 or 合格 — never 基本合格 / 不合格, never a grade still being decided."""

from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import eligible_for_honours, final_grades, results_of
from dangjian.members.models import Member

from .review_helpers import grade_all, member, on, reported, to_decision


def test_honours_take_the_excellent_and_qualified_of_a_reported_round(world, time_machine):
    on(time_machine, "2026-12-05")
    reported(world, {"张伟": R.Grade.EXCELLENT, "高峰": R.Grade.BASIC, "胡敏": R.Grade.UNQUALIFIED})
    eligible = set(eligible_for_honours(Member.objects.filter(org=world.branch_a), 2026).values_list("name", flat=True))
    assert {"张伟", "杨帆", "林晓"} <= eligible and not {"高峰", "胡敏"} & eligible
    only_excellent = eligible_for_honours(Member.objects.all(), 2026, grades={R.Grade.EXCELLENT})
    assert list(only_excellent.values_list("name", flat=True)) == ["张伟"]
    assert final_grades([member(world, "高峰").pk], 2026) == {member(world, "高峰").pk: R.Grade.BASIC}
    assert not eligible_for_honours(Member.objects.all(), 2025).exists()


def test_a_grade_still_being_decided_is_no_input_to_honours_nor_shown_to_the_member(world, time_machine):
    on(time_machine, "2026-12-04")
    round_ = to_decision(world)
    grade_all(world, round_, {"杨帆": R.Grade.EXCELLENT})
    assert not eligible_for_honours(Member.objects.all(), 2026).exists()
    assert final_grades([world.m_member_a.pk], 2026) == {}
    assert results_of(world.m_member_a) == []
    assert [r.grade for r in results_of(world.m_member_a, reported_only=False)] == [R.Grade.EXCELLENT]
