"""Password rules (QUALITY.md item 6). 等保 2.0 (GB/T 22239-2019 8.1.4.1): characters from at
least three of upper case, lower case, digits and symbols (ASVS advises against class rules;
等保 wins here). And what Django's validators miss: a common password in disguise, and the
user's own name in pinyin."""

import re
import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from dangjian.core.pinyin import SURNAME_READINGS, name_pinyin


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    @staticmethod
    def classes_in(password: str) -> int:
        return sum(
            (
                any(c in string.ascii_uppercase for c in password),
                any(c in string.ascii_lowercase for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            )
        )

    def validate(self, password, user=None):
        if self.classes_in(password) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类（等保 2.0 身份鉴别要求）",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with the error in Chinese: its zh-hans catalogue has the help text but not the
    error message (the English wording changed in Django 5 and the translation lags)."""

    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"


# Characters people put in for look-alike letters. Digits are folded only in the variants that
# try it; a password is refused if any variant is a common password.
_LEET = str.maketrans({"@": "a", "4": "a", "8": "b", "(": "c", "3": "e", "6": "g", "9": "g", "!": "i", "1": "i",
                       "|": "l", "0": "o", "$": "s", "5": "s", "7": "t", "+": "t", "2": "z"})
# What people wrap around a word to meet the length and character-class rules.
_DECORATION = string.digits + string.punctuation + string.whitespace


def _variants(password: str) -> set[str]:
    lowered = password.lower()
    cores = {lowered, lowered.strip(_DECORATION)}
    folded = {c.translate(_LEET) for c in cores} | {c.translate(_LEET).strip(_DECORATION) for c in cores}
    variants = cores | folded
    variants |= {re.sub(r"[^a-z]", "", v) for v in variants}
    return {v for v in variants if len(v) >= 4}


class DisguisedCommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's common-password check, also through the disguises that pass the length and
    character-class rules: P@ssw0rd1234 is "password" with look-alike symbols and digits around
    it, Admin@123456 is "admin". Django's own validator (kept in the settings) catches only the
    exact list entry."""

    def validate(self, password, user=None):
        if any(variant in self.passwords for variant in _variants(password)):
            raise ValidationError(
                "这个密码太常见了：把常见密码的字母换成形近的数字或符号，或在前后加上数字、符号，仍然很容易被猜中。",
                code="password_too_common",
            )

    def get_help_text(self):
        return "不能是常见密码，也不能只是把常见密码的字母换成数字或符号、或在前后加上数字和符号。"


def _names_of(user) -> list[str]:
    names = [getattr(user, "display_name", ""), f"{getattr(user, 'last_name', '')}{getattr(user, 'first_name', '')}"]
    if getattr(user, "pk", None):
        member = getattr(user, "member", None)  # the linked 党员 record, when there is one
        names.append(getattr(member, "name", "") or "")
    return [n.strip() for n in names if n and _HAN.search(n)]


_HAN = re.compile(r"[\u4e00-\u9fff]")


def name_spellings(name: str) -> set[str]:
    """How a Chinese name is typed in Latin letters: surname first and last, and the given name
    alone when it is long enough to be a word of its own (静珍 jingzhen, not 伟 wei)."""
    full = re.sub(r"[^a-z]", "", name_pinyin(name))
    surname_part = re.sub(r"[^a-z]", "", name_pinyin(name[:2] if name[:2] in SURNAME_READINGS else name[:1]))
    given_part = full[len(surname_part):]
    spellings = {surname_part + given_part, given_part + surname_part}
    if len(given_part) >= 5:
        spellings.add(given_part)
    return {s for s in spellings if len(s) >= 5}


class NamePinyinValidator:
    """Not the user's own name in pinyin (chenjingzhen1A for 陈静珍): Django's similarity check
    compares the Chinese display name, which a Latin password never resembles."""

    def validate(self, password, user=None):
        if user is None:
            return
        letters = {re.sub(r"[^a-z]", "", v) for v in (password.lower(), password.lower().translate(_LEET))}
        for name in _names_of(user):
            spellings = name_spellings(name)
            if any(s in candidate for s in spellings for candidate in letters):
                raise ValidationError("密码不能包含本人姓名的拼音，请换一个与个人信息无关的密码。",
                                      code="password_contains_name")

    def get_help_text(self):
        return "不能包含本人姓名的拼音。"
