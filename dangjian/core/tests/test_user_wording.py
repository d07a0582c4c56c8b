"""Users never see our working words: no "种子文件" (our name for the source documents), no English
code constant such as ROUND_HALF_UP, and the 2022 opinion spelled out before its short name.

Scanned directly rather than through a crawl: every string a rules, audit-label or demo module
holds (rules, choices, catalogues, labels — what the pages and the refusals show) and every
template's text once its template syntax and tags are taken out.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import dangjian
from dangjian.core.errors import Rule

ROOT = Path(dangjian.__file__).parent
WORKING_WORDS = re.compile(r"种子文件|(?<![A-Za-z_])seeds?(?![A-Za-z_])|ROUND_HALF", re.IGNORECASE)
SHORT_OPINION = re.compile(r"2022年?《意见》")
FULL_OPINION = "《关于建立中小学校党组织领导的校长负责制的意见（试行）》"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _user_modules() -> list[str]:
    """Each app's rules (a module or a package), its audit labels, and the demo's data."""
    names = []
    for app in pkgutil.iter_modules([str(ROOT)]):
        for module in ("rules", "audit_labels", "standard_examples"):
            if (ROOT / app.name / f"{module}.py").exists():
                names.append(f"dangjian.{app.name}.{module}")
        package = ROOT / app.name / "rules"
        if package.is_dir():
            names += [f"dangjian.{app.name}.rules.{m.name}" for m in pkgutil.iter_modules([str(package)])]
    names += [f"dangjian.demo.{m.name}" for m in pkgutil.iter_modules([str(ROOT / "demo")]) if not m.ispkg]
    return sorted(set(names))


def _strings(value, seen: set[int]):
    """The strings a value holds: a Rule's text and citation, a dataclass's fields, the values of a
    dict, the items of a sequence, the labels of choices. Keys and attribute names are code."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, str):
        yield value
    elif isinstance(value, Rule):
        yield f"{value.text}（{value.citation}）"
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name), seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings(item, seen)
    elif isinstance(value, type) and issubclass(value, enum.Enum) and hasattr(value, "labels"):
        yield from (str(label) for label in value.labels)


def _shown(text: str) -> bool:
    # What users read is Chinese; a string with no Chinese in it (a code, a key, ROUND_HALF_UP
    # held as the rounding mode itself) is not put on a page as it stands.
    return bool(CJK.search(text))


def _problem(text: str) -> str | None:
    found = WORKING_WORDS.search(text)
    if found:
        return found.group(0)
    short = SHORT_OPINION.search(text)
    if short and FULL_OPINION not in text[:short.start()]:
        return f"{short.group(0)} before the full title"
    return None


def _template_text(source: str) -> str:
    source = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", " ", source, flags=re.S)
    source = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}|<!--.*?-->", " ", source, flags=re.S)
    return re.sub(r"<[^>]*>", " ", source)


@pytest.mark.parametrize("name", _user_modules())
def test_no_rule_label_or_demo_text_carries_a_working_word(name):
    module = importlib.import_module(name)
    seen: set[int] = set()
    offending = []
    for attribute, value in vars(module).items():
        if attribute.startswith("__") or getattr(value, "__module__", name) != name and isinstance(value, type):
            continue
        offending += [(attribute, text, problem) for text in _strings(value, seen)
                      if _shown(text) and (problem := _problem(text))]
    assert offending == []


def test_no_template_shows_a_working_word():
    offending = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        problem = _problem(_template_text(path.read_text(encoding="utf-8")))
        if problem:
            offending.append((str(path.relative_to(ROOT)), problem))
    assert offending == []


def test_the_scan_finds_what_users_were_shown_before():
    assert _problem("依据（种子文件 003）") == "种子文件"
    assert _problem("四舍五入到分（0.01 元，ROUND_HALF_UP）") == "ROUND_HALF"
    assert _problem("依据 2022《意见》（五）") == "2022《意见》 before the full title"
    assert _problem(f"中共中央办公厅{FULL_OPINION}（以下简称2022《意见》）；2022《意见》（六）") is None
    assert _problem("随机种子 3f9a") is None
    assert "种子文件" in _template_text("<p>{{ rule }}依据种子文件003</p>")
    assert "seed" not in _template_text('<td><code>{{ d.seed }}</code></td>')
