"""The 组织生活会 objects of the matrix (issue 14), made through the services as the system: who sees
each is written by hand in SEES below (orglife.view on the organization: the same holders as
member work), and spec.py adds it to its own table.

- life_a / life_b / life_c: a 组织生活会 of branch A, branch B and county B's branch, preparing;
- talk_a / talk_b: a talk planned in life_a and life_b;
- material_a / material_c: a member's material in life_a and life_c, submitted (waiting for review);
- life_held_a / life_held_c: a second 组织生活会 of branch A and of county B's branch, prepared and
  held (its problems not yet on the 整改台账)."""

from __future__ import annotations

import datetime

from django.utils import timezone

_WORK_A = {"city_admin", "county_admin", "secretary_a", "org_member_a"}
SEES = {
    "life_a": _WORK_A, "life_b": {"city_admin", "county_admin", "secretary_b"}, "life_c": {"city_admin"},
    "life_held_a": _WORK_A, "life_held_c": {"city_admin"},
    "talk_a": _WORK_A, "talk_b": {"city_admin", "county_admin", "secretary_b"},
    "material_a": _WORK_A, "material_c": {"city_admin"},
}
PREFIXES = ("life_", "talk_", "material_")
# Who may approve each submitted material (R_APPROVAL): branch A's secretary and the committees
# above it; for county B's branch only the city (its secretary has no account).
REVIEWERS = {"material_a": {"secretary_a", "county_admin", "city_admin"}, "material_c": {"city_admin"}}
# Who may put a held meeting's problems on the 整改台账: rectification.manage on the branch (a
# committee admin holds rectification.issue, not manage: the branch lists its own problems).
RECTIFIERS = {"life_held_a": {"secretary_a", "org_member_a"}, "life_held_c": set()}

PROBLEMS = [{"problem": "理论学习不够系统", "measures": "制定个人学习计划"}]


def _prepare(life, day) -> None:
    """Every step of the preparation done by the system, on `day`."""
    from dangjian.supervision.selectors.lifemeeting import participants
    from dangjian.supervision.services import lifemeeting as prep
    from dangjian.supervision.services import lifemeeting_materials as materials

    prep.record_study(life, held_on=day, form="collective", topic="学习党章", today=day)
    prep.record_opinion(life, collected_on=day, channel="forum", source="staff", content="联系群众不够", today=day)
    prep.summarize_opinions(life, summary="意见 1 条", today=day)
    people = [e.member for e in participants(life)]
    for talker, talkee in zip(people[0::2], people[1::2], strict=False):
        pair = prep.plan_talk(life, talker=talker.pk, talkee=talkee.pk)
        prep.record_talk(pair, held_on=day, summary="交流思想", today=day)
    for member in people:
        written = materials.write_material(life, member=member.pk, causes="党性修养有所放松", problems=PROBLEMS)
        materials.approve_material(materials.submit_material(written, today=day), today=day)


def extend_life_meetings(w) -> None:
    from dangjian.orglife.services import record_meeting
    from dangjian.supervision.services import lifemeeting as prep
    from dangjian.supervision.services import lifemeeting_materials as materials
    from dangjian.supervision.services import lifemeeting_meeting as meeting

    today = timezone.localdate()
    day = max(today - datetime.timedelta(days=2), datetime.date(today.year, 1, 1))
    for suffix, org in (("a", w.branch_a), ("b", w.branch_b), ("c", w.branch_c1)):
        setattr(w, f"life_{suffix}", prep.open_process(org, kind="life_meeting", topic="年度组织生活会", planned_on=day))
    w.talk_a = prep.plan_talk(w.life_a, talker=w.m_secretary_a.pk, talkee=w.m_member_a.pk)
    w.talk_b = prep.plan_talk(w.life_b, talker=w.m_secretary_b.pk,
                              talkee=next(m for m in w.branch_b.members.all() if m.pk != w.m_secretary_b.pk).pk)
    w.material_a = materials.submit_material(materials.write_material(
        w.life_a, member=w.m_member_a.pk, causes="党性修养有所放松", problems=PROBLEMS))
    w.material_c = materials.submit_material(materials.write_material(
        w.life_c, member=w.m_c.pk, causes="党性修养有所放松", problems=PROBLEMS))
    # county B's branch has one member: his yearly talk is a 谈心谈话 record of orglife
    record_meeting(w.branch_c1, kind="heart_talk", held_on=day, place="党员活动室", topic="谈心谈话")
    for suffix, org in (("a", w.branch_a), ("c", w.branch_c1)):
        life = prep.open_process(org, kind="life_meeting", topic="年度组织生活会（已召开）", planned_on=day)
        _prepare(life, day)
        setattr(w, f"life_held_{suffix}", meeting.hold(life, held_on=day, place="党员活动室"))
