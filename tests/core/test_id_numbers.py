import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.core.errors import RuleViolation
from dangjian.core.validators import mask_id_number, mask_phone, parse_id_number, validate_mobile
from dangjian.testing import make_id_number


def test_a_valid_number_gives_its_birth_date_and_gender():
    facts = parse_id_number("11010519491231002X")
    assert facts.birth_date == datetime.date(1949, 12, 31)
    assert facts.gender == "female"


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("11010519491231002", "18 位"),
        ("110105194912310021", "校验码"),
        ("110105194902300028", "出生日期"),
        ("990105194912310023", "行政区划"),
        (1.10105194912310e17, "文本"),
    ],
)
def test_bad_numbers_are_refused_with_a_reason_that_cites_gb_11643(value, says):
    with pytest.raises(RuleViolation) as caught:
        parse_id_number(value)
    assert says in caught.value.message
    assert caught.value.rule is not None and "GB 11643" in caught.value.rule.citation


@given(st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2008, 1, 1)),
       st.integers(min_value=0, max_value=498), st.booleans())
def test_every_generated_number_validates_with_the_right_gender(birth, serial, male):
    facts = parse_id_number(make_id_number(birth, serial, male=male))
    assert facts.birth_date == birth and facts.gender == ("male" if male else "female")


def test_masks_keep_only_the_ends():
    assert mask_id_number("110105194912310021") == "110***********0021"
    assert mask_phone("13812345678") == "138****5678"


def test_mobile_numbers_must_be_mainland_format():
    assert validate_mobile("138 1234 5678") == "13812345678"
    with pytest.raises(RuleViolation):
        validate_mobile("12812345678")
