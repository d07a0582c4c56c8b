"""The audit log speaks Chinese: every event type the code writes has a registered name, the page
shows the name and never the code (nor the actor's post codes), and the filter offers the names.

The guard reads the source with `ast`, like test_audit_actor: for every audit.record/record_many
it works out which event types the call can write — a literal, either side of a conditional, a
module constant, a local variable, or a parameter followed to the callers that fill it (the
export throttle, the API token refusals) — and fails when one has no name. An f-string
(`f"member.event.{kind}"`) must match at least one registered name; its apps name each value
they write, and the tests below check those families one by one."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from test_audit_actor import SOURCE_ROOT, audit_names, is_audit_write

from dangjian.core import audit
from dangjian.core.audit_labels import (
    UNLABELLED,
    action_choices,
    action_groups,
    action_label,
    labelled_actions,
    register_action_labels,
    role_label,
)
from dangjian.core.models import AuditEntry
from dangjian.testing import login

# Apps whose event names are still to come: the helpers building them register their names in
# their AppConfig.ready(). Until then their entries read "其他操作" on the page; the exemption ends
# by itself: once an app registers names, every event it writes must have one. (None left:
# appraisal registers its names in AppraisalConfig.ready().)
NOT_YET_LABELLED: dict[str, str] = {}


# --- Reading the source -----------------------------------------------------------------------

Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass
class Call:
    module: Module
    node: ast.Call
    function: Function | None   # the innermost function the call is in

    @property
    def where(self) -> str:
        return f"{self.module.path}:{self.node.lineno}"


@dataclass
class Module:
    path: Path
    tree: ast.Module
    constants: dict[str, str]          # module-level NAME = "literal"
    calls: list[Call] = field(default_factory=list)


@dataclass
class Written:
    """What the audit writes of the source can write."""

    codes: dict[str, str] = field(default_factory=dict)       # code -> where
    patterns: dict[str, str] = field(default_factory=dict)    # regex of an f-string -> where
    unresolved: list[str] = field(default_factory=list)       # writes the guard cannot read


class _Calls(ast.NodeVisitor):
    """Every call of a module with the function it is in: one pass over the tree."""

    def __init__(self, module: Module):
        self.module, self.stack = module, []

    def visit_FunctionDef(self, node):
        self.stack.append(node)
        self.generic_visit(node)
        self.stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node):
        self.module.calls.append(Call(self.module, node, self.stack[-1] if self.stack else None))
        self.generic_visit(node)


def _module(path: Path, source: str) -> Module:
    tree = ast.parse(source, str(path))
    constants = {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                 and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                 for target in node.targets if isinstance(target, ast.Name)}
    module = Module(path, tree, constants)
    _Calls(module).visit(tree)
    return module


def _parameters(function: Function) -> list[str]:
    arguments = function.args
    return [a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]


def _called_name(call: ast.Call) -> str | None:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)


class Reader:
    def __init__(self, sources: dict[Path, str]):
        self.modules = [_module(path, source) for path, source in sources.items()]
        self.by_name: dict[str, list[Call]] = {}
        for module in self.modules:
            for call in module.calls:
                self.by_name.setdefault(_called_name(call.node) or "", []).append(call)
        self.written = Written()

    def _constant_anywhere(self, name: str) -> str | None:
        values = {m.constants[name] for m in self.modules if name in m.constants}
        return values.pop() if len(values) == 1 else None

    def read(self, call: Call, expr: ast.expr, where: str, depth: int = 0) -> None:
        """The codes `expr`, an argument of `call`, can hold."""
        if depth > 4:
            self.written.unresolved.append(where)
        elif isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            self.written.codes.setdefault(expr.value, where)
        elif isinstance(expr, ast.IfExp):
            self.read(call, expr.body, where, depth + 1)
            self.read(call, expr.orelse, where, depth + 1)
        elif isinstance(expr, ast.JoinedStr):
            pattern = "".join(re.escape(part.value) if isinstance(part, ast.Constant) else ".+" for part in expr.values)
            self.written.patterns.setdefault(pattern, where)
        elif isinstance(expr, ast.Attribute) and (value := self._constant_anywhere(expr.attr)) is not None:
            self.written.codes.setdefault(value, where)
        elif isinstance(expr, ast.Name):
            self._read_name(call, expr.id, where, depth)
        else:
            self.written.unresolved.append(where)

    def _read_name(self, call: Call, name: str, where: str, depth: int) -> None:
        function = call.function
        assigned = [] if function is None else [
            value for node in ast.walk(function) if isinstance(node, ast.Assign) for value in _assigned_to(node, name)]
        if assigned:
            for value in assigned:
                self.read(call, value, where, depth + 1)
        elif function is not None and name in _parameters(function):
            # A parameter: the codes are the ones its callers pass (by position or by name).
            position = _parameters(function).index(name)
            found = False
            for caller in self.by_name.get(function.name, []):
                args, keywords = caller.node.args, {k.arg: k.value for k in caller.node.keywords}
                argument = args[position] if position < len(args) else keywords.get(name)
                if argument is not None:
                    found = True
                    self.read(caller, argument, f"{where} ← {caller.where}", depth + 1)
            if not found:
                self.written.unresolved.append(where)
        elif name in call.module.constants:
            self.written.codes.setdefault(call.module.constants[name], where)
        else:
            self.written.unresolved.append(where)


def _assigned_to(node: ast.Assign, name: str) -> list[ast.expr]:
    """The expressions `node` assigns to `name`: `name = x`, or its place in `a, name = x, y`."""
    found = []
    for target in node.targets:
        if isinstance(target, ast.Name) and target.id == name:
            found.append(node.value)
        elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
            found += [value for element, value in zip(target.elts, node.value.elts, strict=False)
                      if isinstance(element, ast.Name) and element.id == name]
    return found


def written_actions(sources: dict[Path, str]) -> Written:
    """Every event type the audit writes in `sources` can write."""
    reader = Reader(sources)
    for module in reader.modules:
        modules, writers = audit_names(module.tree)
        for call in module.calls:
            if is_audit_write(call.node, modules, writers):
                if call.node.args:
                    reader.read(call, call.node.args[0], call.where)
                else:
                    reader.written.unresolved.append(call.where)
    return reader.written


def _source_of_the_apps() -> dict[Path, str]:
    paths = [p for p in SOURCE_ROOT.rglob("*.py") if not {"tests", "migrations"} & set(p.parts)]
    return {p.relative_to(SOURCE_ROOT): p.read_text() for p in sorted(paths)}


def _app_of(where: str) -> str:
    """The app a code comes from: where the literal is (the last caller, for a forwarded one)."""
    return Path(where.split(" ← ")[-1].split(":")[0]).parts[0]


# --- The guard --------------------------------------------------------------------------------

def test_the_guard_follows_every_way_an_event_type_reaches_the_audit_log():
    sources = {
        Path("app/a.py"): (
            "from dangjian.core import audit\n"
            "from dangjian.core.audit import record_many as many\n"
            "EXPORT = 'app.export'\n"
            "def literal(x):\n    audit.record('app.create', target=x)\n"
            "def either(x, ok):\n    audit.record('app.pass' if ok else 'app.fail', target=x)\n"
            "def constant():\n    audit.record(EXPORT)\n"
            "def local(x, on):\n    action = 'app.on' if on else 'app.off'\n    audit.record(action, target=x)\n"
            "def unpacked(x):\n    code, result = 'app.tuple', 1\n    audit.record(code, target=x)\n"
            "def forwarded(user, action):\n    audit.record(action, actor=user)\n"
            "def family(x, kind):\n    many(f'app.step.{kind}', [x])\n"
            "def unreadable(x):\n    audit.record(x.code)\n"
            "def record(thing):\n    return thing  # not the audit's: never read\n"
            "def elsewhere():\n    record('not.an.event')\n"
        ),
        Path("other/b.py"): (
            "from app import a\n"
            "import constants\n"
            "def caller(user):\n    a.forwarded(user, 'other.export')\n    a.forwarded(user, action=constants.LIMIT)\n"
        ),
        Path("other/constants.py"): "LIMIT = 'other.limit'\n",
    }
    written = written_actions(sources)
    assert set(written.codes) == {"app.create", "app.pass", "app.fail", "app.export", "app.on", "app.off",
                                  "app.tuple", "other.export", "other.limit"}
    assert set(written.patterns) == {r"app\.step\..+"}
    assert written.unresolved == ["app/a.py:21"]


def test_every_event_type_written_anywhere_has_a_chinese_name():
    written = written_actions(_source_of_the_apps())
    assert len(written.codes) > 100  # the walk reached every app
    assert written.unresolved == [], "audit writes whose event type the guard cannot read:\n" + \
        "\n".join(written.unresolved)
    labelled = labelled_actions()
    registered = {group.key for group in action_groups()}
    exempt = set(NOT_YET_LABELLED) - registered
    missing = sorted(f"{code}  ({where})" for code, where in written.codes.items()
                     if code not in labelled and _app_of(where) not in exempt)
    assert missing == [], "event types without a Chinese name (register them in the app's ready()):\n" + \
        "\n".join(missing)
    unmatched = sorted(f"{pattern}  ({where})" for pattern, where in written.patterns.items()
                       if _app_of(where) not in exempt and not any(re.fullmatch(pattern, c) for c in labelled))
    assert unmatched == [], "f-string event types with no registered name:\n" + "\n".join(unmatched)


def test_an_app_that_has_registered_its_names_is_no_longer_exempt():
    registered = {group.key for group in action_groups()}
    assert not set(NOT_YET_LABELLED) & registered, "remove these apps from NOT_YET_LABELLED: " + \
        ", ".join(sorted(set(NOT_YET_LABELLED) & registered))


def test_every_name_is_chinese_and_names_one_event_only():
    labels = labelled_actions()
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in labels.values())
    # No identifier, code or English word: "API 令牌" is the product's own word for a token.
    assert [label for label in labels.values() if re.search(r"[a-z_.]", label)] == []
    shared = {label for label in labels.values() if list(labels.values()).count(label) > 1}
    assert shared == set(), "two events under one name cannot be told apart on the page"


def test_the_event_families_written_from_an_f_string_are_named_value_by_value():
    from dangjian.dues.models import REGULAR_KINDS
    from dangjian.members.services.records import EVENT_HANDLERS
    from dangjian.recruitment.rules import STEPS

    labels = labelled_actions()
    assert all(f"member.event.{kind}" in labels for kind in EVENT_HANDLERS)
    assert all(f"dues.pay.{kind}" in labels for kind in REGULAR_KINDS)
    assert all(f"recruitment.step.{step.code}" in labels for step in STEPS)
    assert action_label("member.event.confirmed") == "登记党员事项：转为正式党员"
    assert action_label("dues.pay.back") == "登记党费交纳（补交）"
    assert action_label("recruitment.step.08") == "发展党员第 8 步：报上级党委备案"


def test_a_code_named_twice_differently_is_refused_at_start_up():
    with pytest.raises(ImproperlyConfigured, match="两个名称"):
        register_action_labels({"auth.login": "签到"}, group="accounts", heading="账号与登录")
    with pytest.raises(ImproperlyConfigured, match="已由 accounts 登记"):
        register_action_labels({"auth.login": "登录"}, group="orgs", heading="党组织与任职")
    assert action_label("auth.login") == "登录"
    register_action_labels({"auth.login": "登录"}, group="accounts", heading="账号与登录")  # ready() again


def test_an_event_nobody_named_and_an_unknown_post_still_read_in_chinese():
    assert action_label("no.such.event") == UNLABELLED == "其他操作"
    assert role_label("superuser,secretary,clerk") == "系统管理员、书记、党务干事"
    assert role_label("retired_post") == "其他职务"
    assert role_label("") == ""


# --- The page ---------------------------------------------------------------------------------

class _Visible(HTMLParser):
    """The words a user can see on a page: text, and the attributes a browser shows (a tooltip,
    a placeholder, an image's alternative text). Not a select's option values, links or scripts."""

    SHOWN = {"title", "placeholder", "alt", "aria-label"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in {"script", "style"}
        self.parts += [value or "" for name, value in attrs if name in self.SHOWN]

    def handle_endtag(self, tag):
        self._hidden -= tag in {"script", "style"}

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def audit_page(client, **params):
    response = client.get(reverse("core:audit"), params)
    assert response.status_code == 200
    return response


def test_the_audit_page_after_a_morning_of_work_shows_words_and_no_codes(client, world):
    """The secretary signs in, opens a page only the county may open, asks for another school's
    member, and edits a member. The county admin then reads the log."""
    from dangjian.members.services import update_member

    secretary = type(client)()
    login(secretary, world.secretary_a)
    assert secretary.get(reverse("core:audit")).status_code == 403
    assert secretary.get(reverse("members:detail", args=[world.m_secretary_b.pk])).status_code == 404
    update_member(world.m_member_a, acting_user=world.secretary_a, title="中学高级教师", reason="职称变更")

    login(client, world.county_admin)
    response = audit_page(client)
    html = response.content.decode()
    shown = visible_text(html)
    entries = list(response.context["page_obj"])
    actions = {e.action for e in entries}
    assert {"auth.login", "permission.denied", "permission.not_found", "member.update"} <= actions
    assert [code for code in actions if code in shown] == []
    assert "auth.login" not in shown
    for label in ("登录", "越权操作被拒绝", "访问不存在或无权查看的对象", "修改党员信息"):
        assert f"<td>{label}</td>" in html
    assert all(e.action_label != UNLABELLED for e in entries)
    secretary_rows = [e for e in entries if e.actor_name == "secretary_a" and e.role]
    assert secretary_rows and all("书记" in e.role_label for e in secretary_rows)
    assert all(f'<div class="tree-meta">{e.role_label}</div>' in html for e in secretary_rows)
    assert all(f'<div class="tree-meta">{e.role}</div>' not in html for e in secretary_rows)


def test_every_named_event_reads_as_its_name_on_the_page(client, world):
    labels = labelled_actions()
    for code in labels:
        audit.record(code, org_path=world.branch_a.path, actor_name="tester")
    login(client, world.county_admin)
    seen: dict[str, str] = {}
    shown = ""
    page = 1
    while True:
        response = audit_page(client, actor="tester", page=page)
        shown += visible_text(response.content.decode())
        seen |= {e.action: e.action_label for e in response.context["page_obj"]}
        if not response.context["page_obj"].has_next():
            break
        page += 1
    assert seen == labels
    assert [code for code in labels if code in shown] == []
    assert all(label in shown for label in labels.values())


def test_the_filter_offers_the_events_in_words_grouped_by_app(client, world):
    audit.record("org.update", org_path=world.branch_a.path, actor_name="tester")
    audit.record("school.update", org_path=world.branch_a.path, actor_name="tester")
    audit.record("dues.export", org_path=world.branch_a.path, actor_name="tester")
    login(client, world.county_admin)

    choices = dict(action_choices()[1:])
    assert choices["党组织与任职"][:2] == [("group:orgs", "党组织与任职（全部）"), ("org.create", "新建党组织")]
    html = audit_page(client).content.decode()
    assert '<optgroup label="党费">' in html and ">导出党费报表</option>" in html
    assert 'placeholder="如 org.update' not in html

    one = audit_page(client, action="org.update", actor="tester").context["page_obj"]
    assert [e.action for e in one] == ["org.update"]
    group = audit_page(client, action="group:orgs", actor="tester").context["page_obj"]
    assert sorted(e.action for e in group) == ["org.update", "school.update"]
    # An old bookmark with a code prefix is explained, not answered with a 500 or a raw echo.
    refused = audit_page(client, action="org.")
    assert "请从列表中选择要查看的操作" in refused.content.decode()


def test_entries_of_events_nobody_named_read_other_operation(client, world):
    entry = audit.record("retired.event", org_path=world.branch_a.path, actor_name="tester")
    login(client, world.county_admin)
    response = audit_page(client, actor="tester")
    assert [(e.pk, e.action_label) for e in response.context["page_obj"]] == [(entry.pk, "其他操作")]
    assert "retired.event" not in response.content.decode()  # not even as a filter option
    assert AuditEntry.objects.filter(action="retired.event").exists()
