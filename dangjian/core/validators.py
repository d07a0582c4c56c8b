"""Validators for Chinese identity numbers and phone numbers, and the masks for display.

GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit sequence (odd = male), check
character by ISO 7064 MOD 11-2. python-stdnum's cn.ric refuses valid numbers from retired county
codes, so the region is only checked against a known list by the caller, as a warning.
"""

import datetime
import re
from dataclasses import dataclass

from dangjian.core.errors import Rule, RuleViolation

ID_RULE = Rule("id_number", "公民身份号码为 18 位，末位校验码按 ISO 7064 MOD 11-2 计算", "GB 11643-1999《公民身份号码》")
PHONE_RULE = Rule("mobile", "手机号码为 11 位数字，以 1 开头，第二位为 3–9", "YD/T 2740 号码规划")

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")

# Province-level codes (first two digits). A region outside these is certainly wrong.
PROVINCE_CODES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82",
}


def id_check_char(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


@dataclass(frozen=True)
class IdNumberFacts:
    number: str
    birth_date: datetime.date
    gender: str  # "male" / "female"
    region: str


def parse_id_number(value, *, field: str = "id_number") -> IdNumberFacts:
    """Validate an 18-character ID and return what it says; RuleViolation in Chinese if not."""
    if isinstance(value, float):
        # An ID typed into Excel as a number has already lost its last digits.
        raise RuleViolation("身份证号被保存为数字，末尾几位已丢失；请把该列设为文本后重新填写", rule=ID_RULE, field=field)
    text = str(value or "").strip().upper()
    if not _ID_RE.match(text):
        raise RuleViolation("身份证号应为 18 位：前 17 位为数字，末位为数字或 X", rule=ID_RULE, field=field)
    if text[:2] not in PROVINCE_CODES:
        raise RuleViolation(f"身份证号的省级行政区划代码 {text[:2]} 不存在", rule=ID_RULE, field=field)
    try:
        birth = datetime.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise RuleViolation("身份证号中的出生日期不是有效日期", rule=ID_RULE, field=field) from None
    if birth.year < 1900 or birth > datetime.date.today():
        raise RuleViolation("身份证号中的出生日期超出合理范围", rule=ID_RULE, field=field)
    if id_check_char(text[:17]) != text[17]:
        raise RuleViolation("身份证号校验码不正确，请核对是否有录入错误", rule=ID_RULE, field=field)
    gender = "male" if int(text[16]) % 2 else "female"
    return IdNumberFacts(text, birth, gender, text[:6])


def validate_mobile(value, *, field: str = "phone") -> str:
    text = str(value or "").strip().replace(" ", "").replace("-", "")
    if not _MOBILE_RE.match(text):
        raise RuleViolation("手机号码应为 11 位数字，以 1 开头", rule=PHONE_RULE, field=field)
    return text


def mask_id_number(value: str | None) -> str:
    """110***********1234 — region's first three and the last four stay visible."""
    if not value:
        return ""
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "*" * len(value)


def mask_phone(value: str | None) -> str:
    """138****5678."""
    if not value:
        return ""
    return value[:3] + "****" + value[-4:] if len(value) >= 11 else "*" * len(value)
