import pytest

from dangjian.core.pinyin import name_initials, name_pinyin


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [("张伟", "zhangwei", "zw"), ("单雄信", "shanxiongxin", "sxx"), ("曾国藩", "zengguofan", "zgf"),
     ("解缙", "xiejin", "xj"), ("区志明", "ouzhiming", "ozm"), ("尉迟恭", "yuchigong", "ycg"), ("吕布", "lvbu", "lb")],
)
def test_names_are_read_as_names_with_heteronym_surnames_right(name, full, initials):
    assert (name_pinyin(name), name_initials(name)) == (full, initials)
