"""THE permission matrix (QUALITY.md: personas × objects in and out of scope × every URL: 0 leaks).

Every URL pattern of config.urls — pages and API alike — is read from the resolver at test
time, and `test_every_url_pattern_is_in_the_matrix` fails for any pattern not in ROUTES below.
A URL added later cannot escape: it fails the suite until someone says who may open it.

HOW TO ADD A URL — one line in ROUTES (members and dues: tests/matrix/routes_*.py):

    Route("orgs:school_detail", PAGE, VIEW, objects=SCHOOLS),
    Route("orgs:edit", PAGE, EDIT_ORG, objects=ORGS, method="post", data={"name": "x"}),

  name     the URL name with its namespace ("api:org_detail"), or the route string for an
           unnamed pattern;
  kind     PAGE (anonymous → 302 to login), API (anonymous → 401) or PUBLIC (anonymous → 200);
  expect   who gets what: a rule of tests/matrix/spec.py (VIEW, EDIT_ORG, …) or `everyone(status)`;
  objects  world objects that fill the URL's kwargs (`kwarg`, default "pk"): each is tried
           with every persona, so in-scope and out-of-scope objects are both exercised; OBJECT
           FILLERS names how an object becomes kwargs when it needs more than its pk; with
           param="query" / "body" the object goes to the query string / request body instead;
  leaks    for lists: which kinds of record ("org", "school", "member") must never show an
           out-of-scope name in the answer (xlsx answers are read too); API lists are also
           checked row by row by id (`rows`).
Who sees which object is written out by hand in tests/matrix/spec.py SEES and WORKS_ON — not
computed by the code under test. The world (build_world plus tests/matrix/world.py) is built
once per module and each persona logs in once there; every case runs in its own savepoint,
rolled back after it, with a fresh client carrying its persona's session. Each route is one test, its
cases (persona × object) run in a loop, and a failure lists every case of the route that failed.
"""

from __future__ import annotations

import contextlib
import io
import json
import time
import zipfile
from collections import Counter
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.client import ClientHandler
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from matrix.routes_api_complete import API_COMPLETE_ROUTES
from matrix.routes_api_complete import FILLERS as API_COMPLETE_FILLERS
from matrix.routes_appraisal_review import REVIEW_ROUTES
from matrix.routes_decisions import DECISION_ROUTES
from matrix.routes_dues import DUES_ROUTES
from matrix.routes_duty_review import DUTY_FILE_FILLERS, DUTY_REVIEW_ROUTES
from matrix.routes_ethics import ETHICS_ROUTES
from matrix.routes_integrity_risks import API_RISK_FILLERS, INTEGRITY_RISK_ROUTES, RISK_FILLERS
from matrix.routes_liaison import LIAISON_FILLERS, LIAISON_ROUTES
from matrix.routes_lifemeeting import LIFE_ROUTES
from matrix.routes_local_documents import LOCAL_DOCUMENT_ROUTES, add_local_documents
from matrix.routes_members import MEMBER_ROUTES
from matrix.routes_orglife import ORGLIFE_ROUTES
from matrix.routes_pledges import PLEDGE_FILLERS, PLEDGE_ROUTES
from matrix.routes_rating import RATING_ROUTES, rating_evidence_of
from matrix.routes_recruitment import RECRUITMENT_ROUTES
from matrix.routes_reports_drafts import DRAFT_FILLERS, DRAFTS_ROUTES
from matrix.routes_reports_panorama import PANORAMA_ROUTES
from matrix.routes_staff import STAFF_ROUTES
from matrix.routes_supervision import SUPERVISION_ROUTES
from matrix.spec import (
    ALSO_NAMED,
    ANONYMOUS,
    API,
    AUDIT,
    EDIT_ORG,
    EDIT_ORG_THEN_BACK,
    EDIT_SCHOOL,
    HAS_POST,
    MANAGE_POSITIONS,
    OWN,
    OWN_RECORD,
    PAGE,
    PERSONAS,
    PUBLIC,
    RECORD_KIND,
    SEES,
    SWITCH_TO,
    VIEW,
    WORKS_ON,
    Route,
    everyone,
)
from matrix.supervision import evidence_of
from matrix.world import UPLOADS, attachment_of, attachment_of_matter, extend_world, import_job_a

from dangjian.orglife.services.sign_in import make_token as sign_in_token
from dangjian.testing import build_world, client_with_session, login, session_of
from dangjian.testing.fixtures import rolled_back_afterwards, settle_deferred_checks

pytestmark = pytest.mark.long_scope

ORGS = ("branch_a", "branch_b", "committee_c")
ORGS_WIDE = ("city", "county_a", "branch_a", "group_a1", "branch_b", "committee_c")
SCHOOLS = ("school_a", "school_b", "school_p", "school_c")
POSITIONS = ("position_secretary_a", "position_secretary_b")


ROUTES = [
    # core
    Route("core:home", PAGE, everyone(200), leaks=("org", "school")),
    Route("core:healthz", PUBLIC, everyone(200)),
    Route("core:search", PAGE, everyone(200), query="q=区", leaks=("org", "school")),
    Route("core:switch_org", PAGE, SWITCH_TO, objects=("branch_a", "county_a"), method="post"),
    Route("core:audit", PAGE, AUDIT),
    Route("core:notifications", PAGE, everyone(200)),
    Route("core:notifications_read_all", PAGE, everyone(302), method="post"),
    Route("core:notification_read", PAGE, OWN(302), objects=("notification_of_secretary_a",), method="post"),
    # accounts (the login page is public; the others are for a logged-in user)
    Route("accounts:login", PUBLIC, everyone(200, 302)),
    Route("accounts:logout", PAGE, everyone(302), method="post"),
    Route("accounts:otp", PAGE, everyone(200, 302)),
    Route("accounts:password_change", PAGE, everyone(200)),
    Route("accounts:tokens", PAGE, everyone(200)),
    Route("accounts:tokens", PAGE, everyone(200), method="post", data={"name": ""}),  # refused form, shown again
    Route("accounts:token_revoke", PAGE, OWN(302), objects=("token_of_secretary_a",), method="post"),
    # orgs pages
    Route("orgs:list", PAGE, HAS_POST, leaks=("org",)),
    Route("orgs:tree", PAGE, HAS_POST, leaks=("org",)),
    Route("orgs:tree_children", PAGE, VIEW, objects=ORGS_WIDE, leaks=("org",)),
    Route("orgs:findings", PAGE, HAS_POST, leaks=("org",)),
    Route("orgs:detail", PAGE, VIEW, objects=ORGS_WIDE),
    Route("orgs:edit", PAGE, EDIT_ORG, objects=ORGS),
    Route("orgs:edit", PAGE, EDIT_ORG, objects=ORGS, method="post", data={"name": ""}),
    # the group robot (群机器人通知): its settings, saved switched off, and the test message (none set: refused, back)
    Route("orgs:robot", PAGE, EDIT_ORG, objects=ORGS),
    Route("orgs:robot", PAGE, EDIT_ORG_THEN_BACK, objects=ORGS, method="post", data={"kind": "wecom"}),
    Route("orgs:robot_test", PAGE, EDIT_ORG_THEN_BACK, objects=ORGS, method="post"),
    Route("orgs:appoint", PAGE, MANAGE_POSITIONS, objects=ORGS),
    Route("orgs:end_position", PAGE, MANAGE_POSITIONS, objects=POSITIONS),
    Route("orgs:school_list", PAGE, HAS_POST, leaks=("school",)),
    Route("orgs:school_detail", PAGE, VIEW, objects=SCHOOLS),
    Route("orgs:school_edit", PAGE, EDIT_SCHOOL, objects=SCHOOLS),
    # API
    Route("api:openapi-json", API, everyone(200)),
    Route("api:openapi-view", API, everyone(200), anonymous=(302,)),  # a browser is sent to login
    Route("api:me", API, everyone(200)),
    Route("api:org_list", API, everyone(200), leaks=("org",)),
    Route("api:org_detail", API, VIEW, objects=ORGS_WIDE, kwarg="id"),
    Route("api:org_update", API, EDIT_ORG, objects=ORGS_WIDE, kwarg="id", method="patch", data={"founded_on": None}),
    Route("api:org_children", API, VIEW, objects=ORGS_WIDE, kwarg="id", leaks=("org",)),
    Route("api:school_list", API, everyone(200), leaks=("school",)),
    Route("api:school_detail", API, VIEW, objects=SCHOOLS, kwarg="id"),
    Route("api:unknown", API, everyone(404)),
    # ninja's placeholder for the API root: it always answers 404 and serves nothing.
    Route("api:api-root", API, everyone(404), anonymous=(404,)),
]


ROUTES += MEMBER_ROUTES + DUES_ROUTES + ORGLIFE_ROUTES
ROUTES += RECRUITMENT_ROUTES
ROUTES += DECISION_ROUTES
ROUTES += LIFE_ROUTES
ROUTES += SUPERVISION_ROUTES
ROUTES += REVIEW_ROUTES
ROUTES += RATING_ROUTES
ROUTES += DRAFTS_ROUTES + PANORAMA_ROUTES
ROUTES += DUTY_REVIEW_ROUTES
ROUTES += LIAISON_ROUTES
ROUTES += PLEDGE_ROUTES
ROUTES += INTEGRITY_RISK_ROUTES
ROUTES += STAFF_ROUTES
ROUTES += ETHICS_ROUTES
ROUTES += LOCAL_DOCUMENT_ROUTES
ROUTES += API_COMPLETE_ROUTES


def _position(world, org_name):
    from dangjian.orgs.models import Position

    return Position.objects.get(org=getattr(world, org_name), post="secretary")


def _notification(world):
    from dangjian.core.models import Notification

    return Notification.objects.create(user=world.secretary_a, key="matrix", title="测试提醒")


def _api_token(world):
    from dangjian.accounts.models import ApiToken

    return ApiToken.issue(world.secretary_a, "矩阵测试")[0]


def minutes_export_of(user, org):
    from dangjian.orglife.models import MinutesExport, MinutesExportState
    from dangjian.orglife.services.minutes_export import export_root

    export_root().mkdir(parents=True, exist_ok=True)
    path = export_root() / "matrix.pdf"
    path.write_bytes(b"%PDF-1.7\n")
    return MinutesExport.objects.create(org=org, year=2026, fmt="pdf", total=1, done=1, file_name="会议记录",
                                        state=MinutesExportState.DONE, path=str(path), requested_by=user)


# How an object name becomes URL kwargs (or a POST body) when its pk alone is not enough.
OBJECT_FILLERS = {
    "position_secretary_a": lambda w, route: {"pk": w.branch_a.pk, "position_pk": _position(w, "branch_a").pk},
    "position_secretary_b": lambda w, route: {"pk": w.branch_b.pk, "position_pk": _position(w, "branch_b").pk},
    "notification_of_secretary_a": lambda w, route: {"pk": _notification(w).pk},
    "token_of_secretary_a": lambda w, route: {"pk": _api_token(w).pk},
    # the job stores its file: made inside the case, so the savepoint takes it away again
    "import_job_a": lambda w, route: {"pk": import_job_a(w).pk},
    # attachments store a file: made inside the case too (MEDIA_ROOT is the case's tmp_path)
    "attachment_a": lambda w, route: {"pk": attachment_of(w.meeting_a).pk},
    "attachment_c": lambda w, route: {"pk": attachment_of(w.meeting_c).pk},
    "attachment_matter_a": lambda w, route: {"pk": attachment_of_matter(w.matter_a).pk},
    "attachment_matter_c": lambda w, route: {"pk": attachment_of_matter(w.matter_c).pk},
    # 整改 evidence is a stored file: made inside the case too
    "evidence_a": lambda w, route: {"pk": evidence_of(w.item_a).pk},
    "evidence_c": lambda w, route: {"pk": evidence_of(w.item_c).pk},
    # 评星定级 evidence is a stored file too
    "rating_evidence_c": lambda w, route: {"pk": rating_evidence_of(w.rating_c).pk},
    # a year's 会议记录 written by the worker for secretary_a, its file stored inside the case
    "minutes_export_a": lambda w, route: {"pk": minutes_export_of(w.secretary_a, w.branch_a).pk},
    # 扫码签到: the signed token of a meeting's code
    **{f"sign_in_{x}": (lambda w, route, x=x: {"token": sign_in_token(getattr(w, f"meeting_{x}"))}) for x in "abc"},
    # the drafts of issue 16: a 自查报告 with one version, made inside the case
    **DRAFT_FILLERS,
    **DUTY_FILE_FILLERS,
    **LIAISON_FILLERS,
    **PLEDGE_FILLERS,
    # 廉政风险台账: a risk of school A and of school C, made inside the case
    **RISK_FILLERS, **API_RISK_FILLERS,
    # the endpoints that let a client do what the pages do (issue 18)
    **API_COMPLETE_FILLERS,
}
# URL kwargs for the patterns whose kwargs are not an object (api:unknown's catch-all path).
STATIC_KWARGS = {"api:unknown": {"rest": "no-such-thing"}}
MISSING = object()  # stands for an object that does not exist (id 2**62)


def build_request(route: Route, world, obj) -> tuple[str, dict]:
    """(url, POST data) for a route and an object of the world (or MISSING)."""
    data = dict(route.data or {})
    kwargs = dict(STATIC_KWARGS.get(route.name, {}))
    query = route.query
    if obj is MISSING:
        value = 2**62
    elif obj is not None and obj not in OBJECT_FILLERS:
        value = getattr(getattr(world, obj), route.attr)
    if route.name == "core:switch_org":  # the object is in the body, not the URL
        data["org_id"] = value
    elif obj in OBJECT_FILLERS:
        kwargs.update(OBJECT_FILLERS[obj](world, route))
    elif obj is not None and route.param == "query":
        query = "&".join(filter(None, [f"{route.kwarg}={value}", query]))
    elif obj is not None and route.param == "body":
        data[route.kwarg] = value
    elif obj is not None:
        kwargs[route.kwarg] = value
    url = reverse(route.name, kwargs=kwargs or None)
    return (f"{url}?{query}" if query else url), data


# --- walking the resolver ----------------------------------------------------------------
def walk_urls(patterns=None, prefix: str = "", namespace: str = ""):
    """Every concrete URL pattern as (key, route string, pattern): key is namespace:name, or
    the route string when the pattern has no name."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk_urls(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            key = (f"{namespace}:{entry.name}" if namespace else entry.name) if entry.name else route
            yield key, route, entry


# --- the matrix ----------------------------------------------------------------------------
STATS: Counter = Counter()
LEAKS: list[str] = []


def _html_unlaid(html: str) -> bytes:
    """The matrix's stand-in for laying a document out as PDF (WeasyPrint, ~100 ms a document):
    who may download it, and what the document names, are decided before the layout, so the
    matrix answers with the document's HTML behind a PDF header — and reads it for leaks, which
    a laid-out PDF's compressed text would hide. Each document's own tests lay it out for real."""
    return b"%PDF-1.7\n% HTML of the document, not laid out (permission matrix)\n" + html.encode()


@pytest.fixture(scope="module")
def _matrix_world(django_db_setup, django_db_blocker):
    """build_world() and the matrix's extra objects, once per module (per xdist worker), inside
    a transaction rolled back at the end; each case adds its own savepoint (the `db` fixture).
    Each persona logs in here, once: logging in again for each of thousands of cases cost a
    quarter of the suite. A case that logs out or changes its session is rolled back with it.
    Nor is a case's activity saved into the session (rolled back anyway): the sessions count as
    active for as long as client_of uses them, half the idle timeout."""
    with (override_settings(SESSION_ACTIVITY_REFRESH_SECONDS=settings.SESSION_IDLE_SECONDS // 2),
          mock.patch("dangjian.core.pdf.html_to_pdf", _html_unlaid),
          rolled_back_afterwards(django_db_blocker)):
        world = build_world()
        extend_world(world)
        add_local_documents(world)
        world.sessions = {persona: session_of(user) for persona, user in world.personas.items()}
        world.logged_in_at = time.monotonic()
        settle_deferred_checks()
        yield world


@pytest.fixture
def world(_matrix_world, db):
    # One test per route (its cases below); each case in its own savepoint inside the test's.
    return _matrix_world


# The PostgreSQL run walks every route with these personas only, on one object of each route:
# the first the in-scope secretary may open (else the first), so that each route's queries and
# scoping filters run on PostgreSQL for an allowed, a refused and a logged-out request; the other
# objects only change which rows the same queries return (conftest.py says more).
POSTGRESQL_PERSONAS = ("secretary_a", "secretary_b", ANONYMOUS)


def _postgresql_object(route):
    for obj in route.objects:
        outcome = route.expect("secretary_a", obj)
        if any(200 <= status < 400 for status in (outcome if isinstance(outcome, tuple) else (outcome,))):
            return obj
    return route.objects[0]


def on_postgresql(params) -> bool:
    """Whether a matrix case (its parameters) runs in the PostgreSQL run (conftest.py asks)."""
    route = params["route"]
    return params["persona"] in POSTGRESQL_PERSONAS and (not route.objects or params["obj"] == _postgresql_object(route))


def client_of(world, persona: str) -> Client:
    """A fresh client, anonymous or carrying the persona's session from the module's login."""
    if persona == ANONYMOUS:
        return _with_shared_handler(Client())
    # The idle timeout counts from that login (each case's own activity is rolled back): a module
    # that has run for half of it logs each case in again rather than risk a timed-out session.
    if time.monotonic() - world.logged_in_at < settings.SESSION_IDLE_SECONDS / 2:
        return _with_shared_handler(client_with_session(world.sessions[persona]))
    client = Client()
    login(client, world.personas[persona])
    return _with_shared_handler(client)


_HANDLER = ClientHandler(enforce_csrf_checks=False)  # as Client() makes it


def _with_shared_handler(client: Client) -> Client:
    """A fresh client (its own cookies) on one request handler for all cases: a new client builds
    the whole middleware stack again on its first request, a tenth of a cheap case's time. The
    handler keeps no state between requests (the client does)."""
    client.handler = _HANDLER
    return client


def route_label(route: Route) -> str:
    label = route.name + (f"?{route.query}" if route.query else "") + (f"+{route.upload}" if route.upload else "")
    return f"{label}-{route.method}"


def cases_of(route: Route, vendor: str) -> list[tuple[str, str | None]]:
    """The (persona, object) pairs a route is tried with: every persona on every object, and on
    PostgreSQL the ones on_postgresql keeps."""
    pairs = [(persona, obj) for persona in [*PERSONAS, ANONYMOUS] for obj in route.objects or (None,)]
    if vendor == "postgresql":
        pairs = [(p, o) for p, o in pairs if on_postgresql({"route": route, "persona": p, "obj": o})]
    return pairs


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _readable(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith(XLSX):  # every text part of the workbook: shared strings, inline strings, sheet names
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "\n".join(book.read(n).decode("utf-8", "replace") for n in book.namelist() if n.endswith(".xml"))
    text = content.decode("utf-8", "replace")
    if kind.startswith("application/json"):
        return json.dumps(json.loads(text), ensure_ascii=False)  # undo \\uXXXX escapes
    return text


def _send(client: Client, route: Route, url: str, data: dict):
    headers = route.headers or {}
    if route.method == "get":
        return client.get(url, headers=headers)
    if route.upload:
        data = {**data, "file": SimpleUploadedFile("党员信息.xlsx", UPLOADS[route.upload](), content_type=XLSX)}
        return client.post(url, data, headers=headers)
    if route.kind == API:
        return getattr(client, route.method)(url, json.dumps(data), content_type="application/json", headers=headers)
    return getattr(client, route.method)(url, data, headers=headers)


def members_seen(world, persona) -> set[int]:
    """Ids of the members a persona may list: those of the organizations WORKS_ON gives them
    (by hand), and their own record."""
    from dangjian.members.models import Member

    orgs = [getattr(world, org) for org, who in WORKS_ON.items() if persona in who]
    ids = set(Member.objects.filter(org__in=orgs).values_list("pk", flat=True))
    if persona in OWN_RECORD:
        ids.add(getattr(world, OWN_RECORD[persona]).pk)
    return ids


def find_leaks(route: Route, persona: str, world, response, body: str) -> list[str]:
    named = set(ALSO_NAMED[persona]) | set((route.named or {}).get(persona, ()))
    hidden = [name for name, kind in RECORD_KIND.items()
              if kind in route.leaks and persona not in SEES[name] and name not in named
              and getattr(world, name).name in body]
    # rows in an API list are checked by id, strictly: no reference allowance (an xlsx answer
    # has no rows to read by id; its text was checked by name above)
    if route.kind == API and response.get("Content-Type", "").startswith("application/json"):
        key, id_field = route.rows
        rows = response.json()[key]
        if "member" in route.leaks:
            visible_ids = members_seen(world, persona)
        else:
            visible_ids = {getattr(world, name).pk for name, kind in RECORD_KIND.items()
                           if kind in route.leaks and persona in SEES[name]}
        hidden += [f"id {row[id_field]}" for row in rows if row[id_field] not in visible_ids]
    return hidden


def check_case(world, route: Route, persona: str, obj) -> None:
    """One case of the matrix: the persona's request answers as the spec says, a logged-out one is
    sent to the login page, and a list shows nothing out of the persona's scope."""
    client = client_of(world, persona)
    url, data = build_request(route, world, obj)
    response = _send(client, route, url, data)
    STATS["requests"] += 1

    if persona == ANONYMOUS:
        expected = route.anonymous_expected
    else:
        outcome = route.expect(persona, obj)
        expected = outcome if isinstance(outcome, tuple) else (outcome,)
    if response.status_code not in expected:
        if response.status_code < 300 and all(status >= 300 for status in expected):
            LEAKS.append(f"{persona} {route.method.upper()} {url}: {response.status_code}, expected {expected}")
        raise AssertionError(f"{route.method.upper()} {url} answered {response.status_code}, expected {expected}")
    if persona == ANONYMOUS and response.status_code == 302:
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]

    if route.leaks and response.status_code == 200:
        hidden = find_leaks(route, persona, world, response, _readable(response))
        if hidden:
            LEAKS.append(f"{persona} GET {url} shows {hidden}")
        assert not hidden, f"sees out-of-scope records in {url}: {hidden}"


def _rows_changed() -> int | None:
    """SQLite's count of the rows this connection has inserted, updated or deleted (any way: the
    ORM, raw SQL, triggers), or None where the engine keeps no such count."""
    if connection.vendor != "sqlite":
        return None
    connection.ensure_connection()
    return connection.connection.total_changes


@contextlib.contextmanager
def own_savepoint():
    """What pytest-django's `db` gives a test, for one case: an empty cache (export throttles count
    per user), its writes in a savepoint rolled back afterwards, and the deferred foreign keys
    checked before the rollback, as Django's TestCase checks them at a test's end — in every case
    that changed a row. On SQLite the check is a `PRAGMA foreign_key_check` over every table
    (~0.8 ms, a twentieth of a case) and a case that changed no row (most GETs) cannot have broken
    a foreign key, so it is skipped there; SQLite counts each changed row itself (total_changes),
    so no write escapes the count. On PostgreSQL the check is two cheap statements and always runs."""
    cache.clear()
    changed_before = _rows_changed()
    with transaction.atomic():
        yield
        wrote = changed_before is None or _rows_changed() != changed_before
        if wrote and connection.features.can_defer_constraint_checks and not connection.needs_rollback:
            connection.check_constraints()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_case_that_leaves_a_broken_foreign_key_fails_and_one_that_reads_is_not_checked(db):
    """own_savepoint skips the foreign-key check only where no row changed: a case that wrote a
    dangling reference (deferred, so the INSERT itself passes) still fails before its rollback."""
    from django.db import IntegrityError

    from dangjian.core.models import Notification

    checks = Counter()
    real_check = connection.check_constraints

    def counting_check(*args, **kwargs):
        checks["run"] += 1
        return real_check(*args, **kwargs)

    with mock.patch.object(connection, "check_constraints", counting_check):
        with own_savepoint():
            Notification.objects.count()  # a read
        assert checks["run"] == (0 if connection.vendor == "sqlite" else 1)
        with pytest.raises(IntegrityError), own_savepoint():
            Notification.objects.create(user_id=2**62, key="matrix", title="悬空的引用")
        assert checks["run"] == (1 if connection.vendor == "sqlite" else 2)


# One test per route, its cases (persona × object) in a loop: each case is still its own request,
# savepoint and set of checks, and every failing case is reported, not only the first. As a
# pytest item each, the 10,563 cases spent about a third of their time in pytest's own per-test
# work (fixtures, reports, the parallel workers' messages) rather than in the request.
@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=route_label)
def test_matrix(world, route):
    failures = []
    for persona, obj in cases_of(route, connection.vendor):
        try:
            with own_savepoint():
                check_case(world, route, persona, obj)
        except Exception as error:  # noqa: BLE001 — a case's error is reported with the others
            STATS["failed"] += 1
            failures.append(f"{persona}{f' on {obj}' if obj else ''}: {type(error).__name__}: {error}")
        STATS["cases"] += 1
    assert not failures, f"{len(failures)} case(s) of {route_label(route)} failed:\n" + "\n".join(failures)


def test_every_url_pattern_is_in_the_matrix():
    described = {route.name for route in ROUTES}
    missing = sorted({key for key, _, _ in walk_urls()} - described)
    assert not missing, (
        "URL patterns with no entry in tests/test_permission_matrix.py ROUTES (add one line each — "
        f"see the comment at the top): {missing}"
    )


def test_no_matrix_entry_is_stale():
    existing = {key for key, _, _ in walk_urls()}
    assert not [route.name for route in ROUTES if route.name not in existing]


def test_every_object_used_in_the_matrix_has_its_visibility_written_down():
    used = {obj for route in ROUTES for obj in route.objects}
    assert used <= set(SEES)


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.kind == API and r.objects and r.method == "get"],
                         ids=lambda r: r.name + (f"?{r.kwarg}=" if r.param == "query" else ""))
def test_an_out_of_scope_api_404_is_byte_identical_to_a_missing_id(world, route):
    for persona in PERSONAS:
        client = client_of(world, persona)
        missing = client.get(build_request(route, world, MISSING)[0])
        for obj in route.objects:
            if route.expect(persona, obj) != 404:
                continue
            hidden = client.get(build_request(route, world, obj)[0])
            assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content)
            assert hidden["Content-Type"] == missing["Content-Type"]
            STATS["requests"] += 2
