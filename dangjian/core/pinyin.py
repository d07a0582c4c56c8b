"""Pinyin of Chinese personal names, for search by full pinyin or initials.

pypinyin reads a name as ordinary text, which gets heteronym surnames wrong (单 is "dan" as a
word but "shan" as a surname). The first character (or the first two, for compound surnames)
is looked up in a surname table first.
"""

from pypinyin import Style, lazy_pinyin

# Surnames whose reading differs from the character's common reading.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "乐": "yue", "朴": "piao", "查": "zha",
    "盖": "ge", "华": "hua", "任": "ren", "缪": "miao", "翟": "zhai", "尉": "yu", "种": "chong", "繁": "po",
    "覃": "qin", "召": "shao", "员": "yun", "句": "gou", "阚": "kan", "冼": "xian", "秘": "bi", "黑": "he",
    # Compound surnames: one syllable per character, space-separated.
    "万俟": "mo qi", "尉迟": "yu chi", "单于": "chan yu", "长孙": "zhang sun", "令狐": "ling hu",
}


def _syllables(name: str) -> list[str]:
    name = name.strip()
    for length in (2, 1):
        surname = name[:length]
        if len(surname) == length and surname in SURNAME_READINGS:
            return SURNAME_READINGS[surname].split() + lazy_pinyin(name[length:], style=Style.NORMAL)
    return lazy_pinyin(name, style=Style.NORMAL)


def spell_name(name: str) -> tuple[str, str]:
    """(full pinyin, initials) with one reading of the name — for bulk writers (the demo
    generator, imports) that need both for thousands of names."""
    syllables = _syllables(name)
    return "".join(syllables).lower(), "".join(s[0] for s in syllables if s).lower()


def name_pinyin(name: str) -> str:
    """Full pinyin without tones or spaces: 单雄信 → shanxiongxin."""
    return "".join(_syllables(name)).lower()


def name_initials(name: str) -> str:
    """Initials: 单雄信 → sxx."""
    return "".join(s[0] for s in _syllables(name) if s).lower()
