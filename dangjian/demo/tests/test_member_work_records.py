"""The demo's members carry 籍贯, 参加工作时间 and 职务 as a school's staff would: a native place
from the ID number's region (a few from elsewhere in the city), a start of work at the usual age
for the education — never before sixteen, never after today — and a post for every manager. The
same seed gives the same values."""

import datetime

from dangjian.demo.generator import plan_world
from dangjian.demo.people import native_place_of
from dangjian.members.models import Job

DAY = datetime.date(2026, 3, 1)


def test_every_member_has_a_plausible_native_place_and_start_of_work():
    members = plan_world("school", 7, DAY).members
    for m in members:
        assert m.native_place.startswith(("广西", "广东", "湖南", "江西", "贵州", "云南", "四川", "湖北", "福建", "海南"))
        sixteen = datetime.date(m.birth.year + 16, m.birth.month, m.birth.day)
        assert sixteen <= m.work_started_on <= DAY, (m.name, m.birth, m.work_started_on)
    assert all(m.office for m in members if m.job == Job.MANAGEMENT)
    assert not any(m.office for m in members if m.job == Job.RETIRED)
    assert sum(1 for m in members if m.native_place == native_place_of(m.id_number)) > len(members) * 0.8


def test_the_same_seed_gives_the_same_items():
    def items(seed):
        return [(m.native_place, m.work_started_on, m.office) for m in plan_world("school", seed, DAY).members]

    assert items(7) == items(7)
    assert items(7) != items(8)


def test_a_city_region_reads_as_its_county_and_another_as_its_prefecture():
    assert native_place_of("450126198501010011") == "广西宾阳县"
    assert native_place_of("430104198501010011") == "湖南长沙"
