"""The bracket tables and categories of the 2008 规定, through the one pure calculator."""

from decimal import Decimal

import pytest

from dangjian.core.errors import RuleViolation
from dangjian.dues.rules import Category, dues_for, to_cents


@pytest.mark.parametrize(("base", "rate", "amount"), [
    ("0.00", "0.005", "0.00"),
    ("2000.00", "0.005", "10.00"),
    ("3000.00", "0.005", "15.00"),      # a bracket includes its upper bound
    ("3000.01", "0.01", "30.00"),       # 30.0001 → 30.00
    ("5000.00", "0.01", "50.00"),
    ("5000.01", "0.015", "75.00"),      # 75.00015 → 75.00
    ("10000.00", "0.015", "150.00"),
    ("10000.01", "0.02", "200.00"),     # 200.0002 → 200.00
    ("25000.00", "0.02", "500.00"),
])
def test_an_in_service_member_pays_the_rate_of_the_bracket_that_includes_the_base(base, rate, amount):
    dues = dues_for(Category.IN_SERVICE, base)
    assert (dues.rate, dues.amount) == (Decimal(rate), Decimal(amount))
    assert "中组发〔2008〕3号" in dues.rule


@pytest.mark.parametrize(("base", "rate", "amount"), [
    ("3200.00", "0.005", "16.00"),
    ("5000.00", "0.005", "25.00"),
    ("5000.01", "0.01", "50.00"),
    ("8888.88", "0.01", "88.89"),
])
def test_a_retired_member_pays_half_a_percent_up_to_5000_and_one_percent_above(base, rate, amount):
    dues = dues_for(Category.RETIRED, base)
    assert (dues.rate, dues.amount) == (Decimal(rate), Decimal(amount))


def test_an_annual_salary_member_pays_the_in_service_rate_on_the_pay_received_that_month():
    assert dues_for(Category.ANNUAL_SALARY, "5000.00").amount == Decimal("50.00")
    assert dues_for(Category.ANNUAL_SALARY, "245000.00").amount == Decimal("4900.00")  # the year-end month


@pytest.mark.parametrize("category", [Category.STUDENT, Category.UNEMPLOYED, Category.LOW_INCOME])
def test_students_unemployed_and_low_income_members_pay_twenty_fen_whatever_the_base(category):
    for base in ("0", "1500.00", "9000.00"):
        dues = dues_for(category, base)
        assert (dues.rate, dues.amount) == (None, Decimal("0.20"))


def test_a_hardship_member_pays_the_approved_amount_and_nothing_without_an_approval():
    assert dues_for(Category.HARDSHIP, "2000", approved_amount=Decimal("1.00")).amount == Decimal("1.00")
    assert "免交" in dues_for(Category.HARDSHIP, "2000", approved_amount=Decimal("0")).rule
    with pytest.raises(RuleViolation):
        dues_for(Category.HARDSHIP, "2000")


def test_the_rounding_is_to_the_cent_half_up():
    assert to_cents(Decimal("45.675")) == Decimal("45.68")
    assert to_cents(Decimal("45.674999")) == Decimal("45.67")
    assert dues_for(Category.IN_SERVICE, "4567.50").amount == Decimal("45.68")
    assert dues_for(Category.RETIRED, "4567.90").amount == Decimal("22.84")  # 22.8395


@pytest.mark.parametrize("base", ["-1", "-0.01", "3000.001", "abc", "", "NaN", "Infinity", 3000.5, True, None])
def test_a_bad_base_is_refused_with_the_money_rule(base):
    with pytest.raises(RuleViolation) as refusal:
        dues_for(Category.IN_SERVICE, base)
    assert refusal.value.field == "base"


def test_an_unknown_category_is_refused():
    with pytest.raises(RuleViolation) as refusal:
        dues_for("teacher", "3000")
    assert refusal.value.field == "category"
