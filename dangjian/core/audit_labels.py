"""The Chinese names of audit events, for the audit log page and its filter.

Services write an event type (`audit.record("dues.export", ...)`): a stable code that the
filter, the exports' throttle and the tests key on. Users never read it; they read the name
registered here. Core knows no domain, so each app registers the names of its own events in its
AppConfig.ready() (`register_action_labels`), under a group that heads its part of the filter's
list; core registers its own (sign-in refusals, backups) below. `tests/test_audit_labels.py`
reads the source for every event type written and fails if one has no name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured

from dangjian.core.roles import Post

# What the page says for an event type nobody registered (an entry written by a version of the
# code that is gone, or by a test): still Chinese, never the code.
UNLABELLED = "其他操作"
# The filter's value for "every event of a group" ("group:dues"): event codes never start so.
GROUP_PREFIX = "group:"


@dataclass
class ActionGroup:
    key: str
    heading: str
    labels: dict[str, str] = field(default_factory=dict)


_GROUPS: dict[str, ActionGroup] = {}
_LABELS: dict[str, str] = {}


def register_action_labels(labels: Mapping[str, str], *, group: str, heading: str) -> None:
    """Name the event types of one app (`group`, its label; `heading`, how the filter heads it).

    Registering the same names again is harmless (ready() may run more than once in tests); a
    code named differently by two registrations is a mistake caught at start-up, not a page that
    says whichever name came last."""
    if not heading:
        raise ImproperlyConfigured(f"审计事件分组 {group} 缺少中文名称")
    target = _GROUPS.setdefault(group, ActionGroup(group, heading))
    if target.heading != heading:
        raise ImproperlyConfigured(f"审计事件分组 {group} 的名称不一致：{target.heading} / {heading}")
    for code, label in labels.items():
        if not label:
            raise ImproperlyConfigured(f"审计事件 {code} 缺少中文名称")
        if _LABELS.get(code, label) != label:
            raise ImproperlyConfigured(f"审计事件 {code} 登记了两个名称：{_LABELS[code]} / {label}")
        owner = next((g.key for g in _GROUPS.values() if code in g.labels), group)
        if owner != group:
            raise ImproperlyConfigured(f"审计事件 {code} 已由 {owner} 登记，不能再登记到 {group}")
        _LABELS[code] = label
        target.labels[code] = label


def action_label(code: str) -> str:
    return _LABELS.get(code, UNLABELLED)


def action_group(code: str) -> str | None:
    """The group (app) that registered an event type: whose names its changes' keys take."""
    return next((g.key for g in _GROUPS.values() if code in g.labels), None)


def labelled_actions() -> dict[str, str]:
    """Every registered code and its name (a copy: the tests compare the source against it)."""
    return dict(_LABELS)


def action_groups() -> list[ActionGroup]:
    """The groups in the order the apps registered them, core's first."""
    return list(_GROUPS.values())


def group_codes(value: str) -> list[str] | None:
    """The codes a filter value for a whole group ("group:dues") stands for; None when the value
    names no registered group."""
    if not value.startswith(GROUP_PREFIX):
        return None
    group = _GROUPS.get(value.removeprefix(GROUP_PREFIX))
    return list(group.labels) if group is not None else None


def action_choices() -> list:
    """The filter's choices: all events, then per group the whole group and each of its events."""
    choices: list = [("", "全部")]
    for group in action_groups():
        if group.labels:
            options = [(GROUP_PREFIX + group.key, f"{group.heading}（全部）"), *group.labels.items()]
            choices.append((group.heading, options))
    return choices


SUPERUSER = "系统管理员"
# A post code no longer declared (a post renamed since the entry was written).
UNLABELLED_ROLE = "其他职务"


def role_label(role: str) -> str:
    """An entry's `role` ("superuser,secretary") in words: the posts the actor held."""
    names = {"superuser": SUPERUSER, **{post.value: str(post.label) for post in Post}}
    return "、".join(names.get(code, UNLABELLED_ROLE) for code in role.split(",") if code)


# Core's own events: refused requests (core.middleware) and backups and restores (core.backup).
# A refused export is recorded under the export's own event type, which its app names.
register_action_labels({
    "permission.denied": "越权操作被拒绝",
    "permission.not_found": "访问不存在或无权查看的对象",
    "system.backup": "备份数据库",
    "system.restore": "从备份恢复数据库",
}, group="core", heading="系统与安全")
