"""The 变更 column of the audit log in words: the Chinese name of every key of an entry's
`changes`, and of the values that are codes.

The `changes` stored are the services' own dictionaries (keys are code names, values often
choice codes), hashed into the chain: they cannot be rewritten, so they are translated when
shown. Each app registers the names of the keys it writes (`register_change_labels`, in its
AppConfig.ready(), under the same group as its events: "status" of a member is not "status" of
a refused request); core registers the keys of the refused requests and the keys every app
shares. A key nobody registered is named after the model field it is, when the entry's object
is a model with such a field (`audit.diff` of a model's fields), and its value after the field's
choices; otherwise it reads 其他. `tests/test_audit_labels.py` fails on a literal key with no name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured

from dangjian.core.audit_labels import action_group, action_groups

# What a key nobody named reads (never the key itself).
UNNAMED_KEY = "其他"
EMPTY = "（空）"
ARROW = " → "
# The keys named for every app's entries (group None).
SHARED = None


@dataclass(frozen=True)
class ChangeItem:
    label: str
    text: str


_LABELS: dict[str | None, dict[str, str]] = {}
_VALUES: dict[str | None, dict[str, dict[str, str]]] = {}
# Keys whose two-element lists are lists (task titles), not a before → after pair.
_LISTS: dict[str | None, set[str]] = {}
# Keys shown by a function of the value, not by a map (a route name, a refused request's ids).
_SHOWN_BY: dict[tuple[str | None, str], object] = {}


def register_change_labels(labels: Mapping[str, str], *, group: str | None = SHARED,
                           values: Mapping[str, Mapping[str, str]] | None = None,
                           lists: Iterable[str] = ()) -> None:
    """Name the keys of the changes one app writes (`group`: its label, as for its events; None:
    keys every app writes), the codes among their values (`values`: key → code → name) and the
    keys that hold lists rather than before → after pairs. Registering again is harmless; a key
    named differently twice is refused at start-up."""
    names = _LABELS.setdefault(group, {})
    for key, label in labels.items():
        if not label or re.search(r"[a-z_]", label):
            raise ImproperlyConfigured(f"审计变更项 {key} 缺少中文名称")
        if names.get(key, label) != label:
            raise ImproperlyConfigured(f"审计变更项 {key} 登记了两个名称：{names[key]} / {label}")
        names[key] = label
    for key, codes in (values or {}).items():
        known = _VALUES.setdefault(group, {}).setdefault(key, {})
        for code, label in codes.items():
            if known.get(str(code), label) != label:
                raise ImproperlyConfigured(f"审计变更项 {key} 的取值 {code} 登记了两个名称")
            known[str(code)] = label
    _LISTS.setdefault(group, set()).update(lists)


def change_labels(group: str | None) -> dict[str, str]:
    """The keys registered for a group (a copy: the tests compare the source against it)."""
    return dict(_LABELS.get(group, {}))


def change_values(group: str | None) -> dict[str, dict[str, str]]:
    """The coded values registered for a group, key by key (a copy, for the tests)."""
    return {key: dict(codes) for key, codes in _VALUES.get(group, {}).items()}


def _model_field(object_type: str, key: str):
    if not object_type:
        return None
    try:
        return apps.get_model(object_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


class _Reader:
    """How one entry's keys and values read: its group's names, then its model's fields, then the
    names every app shares."""

    def __init__(self, action: str, object_type: str):
        self.group = action_group(action)
        self.object_type = object_type

    def label(self, key: str) -> str:
        # The app's own name first, then the model's (a member's "name" is 姓名), then the shared.
        if re.search(r"[\u4e00-\u9fff]", key) and not re.search(r"[A-Za-z_]", key):
            return key  # a key written in words already ("出席情况")
        own = _LABELS.get(self.group, {}).get(key)
        if own is not None:
            return own
        field = _model_field(self.object_type, key)
        name = str(getattr(field, "verbose_name", "") or "")
        if re.search(r"[\u4e00-\u9fff]", name):
            return name
        return _LABELS.get(SHARED, {}).get(key, UNNAMED_KEY)

    def _is_list(self, key: str) -> bool:
        return any(key in _LISTS.get(group, set()) for group in (self.group, SHARED))

    def text(self, key: str, value) -> str:
        shown_by = _SHOWN_BY.get((self.group, key)) or _SHOWN_BY.get((SHARED, key))
        if callable(shown_by):
            return shown_by(value)
        if isinstance(value, list | tuple):
            if len(value) == 2 and not self._is_list(key):
                return self.one(key, value[0]) + ARROW + self.one(key, value[1])
            return "、".join(self.one(key, v) for v in value) or EMPTY
        return self.one(key, value)

    def one(self, key: str, value) -> str:
        if value is None or value == "" or value == [] or value == {}:
            return EMPTY
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, dict):
            return "，".join(f"{self.label(k)}：{self.text(k, v)}" for k, v in value.items())
        if isinstance(value, list | tuple):
            return "、".join(self.one(key, v) for v in value)
        own = _VALUES.get(self.group, {}).get(key, {})
        if str(value) in own:
            return own[str(value)]
        field = _model_field(self.object_type, key)
        choices = {str(code): label for code, label in getattr(field, "flatchoices", None) or ()}
        if str(value) in choices:
            return str(choices[str(value)])
        return _VALUES.get(SHARED, {}).get(key, {}).get(str(value), str(value))


def describe_changes(action: str, object_type: str, changes: dict) -> list[ChangeItem]:
    """An entry's changes as (name, words) pairs, in the order they were written."""
    reader = _Reader(action, object_type)
    return [ChangeItem(reader.label(str(key)), reader.text(str(key), value)) for key, value in (changes or {}).items()]


# --- The refused requests (core.middleware) ---------------------------------------------------

_MENU_ITEM = re.compile(r"<li[^>]*>.*?</li>", re.S)
_ROUTE = re.compile(r"""name == '([\w:-]+)'|\{% url '([\w:-]+)' %\}""")
_LINK_TEXT = re.compile(r">([^<>{}]*[\u4e00-\u9fff][^<>{}]*)</a>")


@cache
def page_titles() -> dict[str, str]:
    """Route name → the menu entry it is under, read from the sidebar: the names its links light
    up for are the project's own map of pages to Chinese titles (a member's page is under
    党员名册). Read once; a sidebar missing (a trimmed deployment) leaves only the app's name."""
    try:
        sidebar = Path(settings.BASE_DIR) / "dangjian" / "templates" / "partials" / "sidebar.html"
        source = sidebar.read_text(encoding="utf-8")
    except OSError:
        return {}
    titles: dict[str, str] = {}
    for item in _MENU_ITEM.findall(source):
        text = _LINK_TEXT.search(item)
        if text is None:
            continue
        for active, linked in _ROUTE.findall(item):
            titles.setdefault(active or linked, text.group(1).strip())
    return titles


def page_title(route: str) -> str:
    """A route's page in words: its menu entry, else its app's name (as the event filter heads
    it), else 其他页面. Never the route's name."""
    if not route:
        return EMPTY
    title = page_titles().get(route)
    if title:
        return title
    namespace = route.split(":", 1)[0]
    heading = next((g.heading for g in action_groups() if g.key == namespace), None)
    return f"{heading}模块页面" if heading else "其他页面"


def _object_ids(value) -> str:
    """The path arguments of a refused request: the ids only ("11"), never their names."""
    if isinstance(value, dict):
        return "、".join(str(v) for v in value.values()) or EMPTY
    return str(value) if value not in (None, "") else EMPTY


register_change_labels({
    "url_name": "页面", "method": "请求方式", "status": "应答", "args": "对象编号",
    "file": "文件", "sha256": "校验值", "size": "大小（字节）", "tables": "表数", "rows": "行数",
    "removed": "清理的旧备份", "backup_taken_at": "备份时间", "differences": "不一致处数",
    "audit_entries_verified": "已核验的审计记录数", "migrations_applied": "执行的数据库迁移", "safety_copy": "恢复前的安全副本",
}, group="core", lists=("removed", "migrations_applied"), values={
    "method": {"GET": "查看", "HEAD": "查看", "POST": "提交", "PUT": "修改", "PATCH": "修改", "DELETE": "删除"},
    "status": {"403": "拒绝", "404": "未找到"},
})
_SHOWN_BY[("core", "url_name")] = page_title
_SHOWN_BY[("core", "args")] = _object_ids

# Keys every app writes the same way: exports, documents, the export throttle (core.exports).
register_change_labels({
    "format": "格式", "rows": "行数", "kind": "类别", "year": "年度", "reason": "原因", "filters": "筛选条件",
    "masked": "已脱敏", "count": "数量", "name": "名称", "size": "大小（字节）", "file_kind": "文件类型",
    "before": "修改前", "after": "修改后", "amount": "金额",
}, values={
    "format": {"xlsx": "Excel 表格", "pdf": "PDF 文件", "docx": "Word 文档", "csv": "CSV 表格", "zip": "压缩包"},
    "file_kind": {"pdf": "PDF 文件", "docx": "Word 文档", "xlsx": "Excel 表格", "jpg": "图片", "jpeg": "图片",
                  "png": "图片", "doc": "Word 文档", "xls": "Excel 表格"},
    "reason": {"rate_limited": "导出过于频繁，已限流"},
})
