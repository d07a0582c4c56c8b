import datetime

from dangjian.members.models import Member
from dangjian.members.selectors import MemberCriteria, narrow_members, years_window

ON = datetime.date(2026, 11, 23)


def test_an_age_band_includes_both_of_its_boundary_birthdays():
    earliest, latest = years_window(ON, 31, 35)
    assert latest == datetime.date(1995, 11, 23)      # turned 31 today
    assert earliest == datetime.date(1990, 11, 24)    # turns 36 tomorrow


def test_members_are_found_by_name_full_pinyin_or_initials(world):
    visible = Member.objects.visible_to(world.secretary_a)
    for text in ("杨帆", "yangfan", "yf", "YF"):
        assert list(narrow_members(visible, MemberCriteria(q=text)).values_list("name", flat=True)) == ["杨帆"]


def test_search_never_reaches_outside_the_scope(world):
    visible = Member.objects.visible_to(world.secretary_b)
    assert not narrow_members(visible, MemberCriteria(q="yf")).exists()
