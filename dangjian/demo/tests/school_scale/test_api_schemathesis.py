"""The OpenAPI document tells the truth (issue 18): schemathesis generates requests for EVERY
operation of /api/v1/openapi.json and checks each answer against the document — no server
error, every status declared, every body valid against its declared schema, the declared
content type.

It lives with the school scale because truthful answers need records to answer about: the
seeded school (meetings, dues, matters, ratings, ...) is shared by this package, so the test
costs only its own requests. Requests go in-process to Django's WSGI handler, inside the test's
transaction; every example runs in a savepoint rolled back after it, so nothing a write does
leaks into the next example or the next test. Generation is derandomized (the same requests on
every run of the same code and seed) and bounded per operation and persona (PLAN).

The personas, each through an API token as a client would call: the 组织委员 of school A (a
write token, the scope with the most data), the county administrator (a write token issued
after the second factor), an ordinary member (a read-only token: writes are refused) and an
anonymous caller. Generated ids would almost never name a record, so each id a request can
carry — a path parameter, or a query or body field naming an organization, school, member —
is drawn half the time from the table it names (RECORDS, REFERENCES): ids the persona may see,
two it may not and one that does not exist; otherwise as the document allows.
"""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict

import hypothesis
import pytest
import schemathesis
from django.apps import apps
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import load_all_checks, not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dangjian.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/openapi.json"
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]

# (persona, token scope, generation mode, examples per operation). Positive requests follow the
# document; negative ones break it on purpose (their answers must be declared 4xx too).
WRITE, READ = ApiToken.Scope.WRITE, ApiToken.Scope.READ
# 7 requests an operation, about 20 ms of CPU each (half generating the request, half Django
# answering it): some 30 CPU-seconds for the ~205 operations. With 13 (6 positive and 2 negative
# for the 组织委员, 2 for the others) and with four times that (SCHEMATHESIS_DEPTH=4, 8,528
# requests) nothing more was found (docs/api.md); the suite's 10-minute budget takes these.
PLAN = [
    ("org_member_a", WRITE, GenerationMode.POSITIVE, 3),
    ("org_member_a", WRITE, GenerationMode.NEGATIVE, 1),
    ("county_admin", WRITE, GenerationMode.POSITIVE, 1),
    ("member_a", READ, GenerationMode.POSITIVE, 1),
    (None, None, GenerationMode.POSITIVE, 1),
]
# The PostgreSQL run is there for what the engine decides (conftest.py): which generated values
# the database refuses where SQLite takes them (a NUL byte, an integer beyond bigint, an overlong
# text). Whether an answer matches the document is decided in Python, the same on both engines,
# and is checked with the whole plan on SQLite; on PostgreSQL the 组织委员's requests (following
# the document and breaking it) reach every operation, 3 an operation. The anonymous caller's
# request is answered 401 by the API's authentication before any query (counted: 0 queries over
# the permission matrix's 637 anonymous API requests), and the matrix sends every endpoint an
# anonymous request on PostgreSQL: it runs on SQLite only (1.5 of 24.5 CPU-seconds here).
POSTGRESQL_PLAN = [
    ("org_member_a", WRITE, GenerationMode.POSITIVE, 2),
    ("org_member_a", WRITE, GenerationMode.NEGATIVE, 1),
]
# A deeper look by hand: SCHEMATHESIS_DEPTH=4 sends four times as many requests (not in make test).
DEPTH = int(os.environ.get("SCHEMATHESIS_DEPTH", "1"))

# The table a path parameter names, by the path before it (the API's prefix left out).
RECORDS = {
    "/orgs/{id}": "orgs.PartyOrg", "/schools/{id}": "orgs.School", "/positions/{position_id}": "orgs.Position",
    "/members/{id}": "members.Member", "/recruitment/files/{id}": "recruitment.RecruitmentFile",
    "/meetings/{id}": "orglife.Meeting", "/matters/{id}": "decisions.Matter",
    "/decision-meetings/{id}": "decisions.DecisionMeeting", "/rectification/items/{id}": "supervision.RectificationItem",
    "/life-meetings/{id}": "supervision.LifeMeeting", "/integrity-risks/{id}": "supervision.IntegrityRisk",
    "/pledges/campaigns/{id}": "supervision.PledgeCampaign", "/pledges/letters/{id}": "supervision.PledgeSignature",
    "/liaison/schools/{id}": "orgs.School", "/liaison/visits/{id}": "supervision.LiaisonVisit",
    "/inspections/{id}": "supervision.InspectionRound", "/inspections/results/{id}": "supervision.InspectionResult",
    "/appraisal/reviews/{id}": "appraisal.ReviewRound", "/appraisal/review-follow-ups/{id}": "appraisal.FollowUp",
    "/appraisal/members/{id}": "members.Member", "/star-ratings/{id}": "appraisal.StarRating",
    "/rating-standards/{id}": "appraisal.StandardSet", "/rating-publicities/{id}": "appraisal.Publicity",
    "/weak-tasks/{id}": "appraisal.WeakTask", "/staff/{id}": "staff.StaffMember",
    "/staff/terms/{id}": "staff.LeadershipTerm", "/staff/ethics/schools/{school}": "orgs.School",
    "/transfers/{id}": "members.Transfer", "/corrections/{id}": "members.ContactCorrection",
    "/dues/members/{id}": "members.Member", "/dues/payments/{id}": "dues.DuesPayment",
    "/meetings/plan/{id}": "orglife.PlanItem", "/notifications/{id}": "core.Notification",
    "/local-documents/{id}": "orgs.LocalDocument", "/powers/{id}": "decisions.Power",
    "/rectification/batches/{id}": "supervision.RectificationBatch", "/disclosures/{id}": "supervision.DisclosureItem",
    "/life-meetings/talks/{id}": "supervision.TalkPair", "/life-meetings/materials/{id}": "supervision.ReviewMaterial",
}
# The table a query parameter or body field of these names refers to.
REFERENCES = {
    "org": "orgs.PartyOrg", "within": "orgs.PartyOrg", "group": "orgs.PartyOrg", "parent": "orgs.PartyOrg",
    "school": "orgs.School", "member": "members.Member", "member_id": "members.Member", "staff": "staff.StaffMember",
    "standard": "appraisal.StandardSet",
}
IDS_PER_TABLE = 12


class InTransactionApp:
    """Django's WSGI handler without the per-request connection cleanup: Django closes a
    connection that is inside a transaction when a request ends, which would end the test's
    own (Django's test client disconnects the same two receivers for the same reason)."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def _ids(label: str, user) -> list[int]:
    """Ids of a table to offer for `user`: the first it may see (so that requests reach real
    answers), two it may not (the last rows, usually another school's) and one past the last."""
    rows = apps.get_model(label).objects
    every = list(rows.order_by("pk").values_list("pk", flat=True))
    seen = every
    if user is not None and hasattr(rows, "visible_to"):
        seen = list(rows.visible_to(user).order_by("pk").values_list("pk", flat=True)[:IDS_PER_TABLE])
    return sorted({*seen[:IDS_PER_TABLE], *every[-2:], (every[-1] if every else 0) + 1})


def _offer_real_ids(schema, user) -> None:
    """Hooks that, for each generated id a request carries (a path parameter, or a top-level
    query or body field in REFERENCES), let hypothesis keep it or take one of `_ids` instead.
    (Offering the ids in the document itself, as anyOf [enum, original], does not work: the
    JSON-schema strategies simplify that union back to the original.)"""
    cache: dict[str, list[int]] = {}

    def swap(values, labels: dict[str, str]):
        if not isinstance(values, dict):
            return st.just(values)
        return st.fixed_dictionaries({
            name: st.one_of(st.just(value), st.sampled_from(cache.setdefault(labels[name], _ids(labels[name], user))))
            if name in labels and type(value) is int else st.just(value)
            for name, value in values.items()
        })

    def flatmap_path_parameters(context, path_parameters):
        route = context.operation.path.removeprefix("/api/v1")
        return swap(path_parameters, {
            name: label for name in path_parameters or () for prefix, label in RECORDS.items()
            if route.startswith(prefix) and prefix.endswith("{" + name + "}")
        })

    def flatmap_query(context, query):
        return swap(query, REFERENCES)

    def flatmap_body(context, body):
        return swap(body, REFERENCES)

    for hook in (flatmap_path_parameters, flatmap_query, flatmap_body):
        schema.hook(hook)


def _persona(persona: str | None, scope, accounts):
    """The user, and the headers of a request with a fresh token of `scope`."""
    if persona is None:
        return None, {}
    username = next(a["username"] for a in accounts if a["persona"] == persona)
    user = User.objects.get(username=username)
    _, token = ApiToken.issue(user, f"接口测试（{persona}）", scope=scope, second_factor_at=timezone.now())
    return user, {"Authorization": f"Bearer {token}"}


def _document(headers: dict[str, str]) -> dict:
    response = Client().get(SCHEMA_URL, HTTP_AUTHORIZATION=headers["Authorization"])
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _operations(document: dict, user) -> list:
    """The operations of the document, generating `user`'s requests (ids `user` may see)."""
    schema = schemathesis.openapi.from_dict(document)
    schema.app = InTransactionApp()
    _offer_real_ids(schema, user)
    return [result.ok() for result in schema.get_all_operations()]


class Run:
    """What the run did: requests per operation, statuses seen, and every failure."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.statuses: dict[str, Counter[int]] = defaultdict(Counter)
        self.failures: list[str] = []

    def exercise(self, operation, persona: str | None, headers: dict, mode: GenerationMode, examples: int) -> None:
        label, who = operation.label, persona or "anonymous"

        @hypothesis.settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                             phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def one_request(case):
            with transaction.atomic():
                try:
                    response = case.call(headers=headers)
                    self.requests[label] += 1
                    self.statuses[label][response.status_code] += 1
                    case.validate_response(response, checks=CHECKS, headers=headers)
                except BaseExceptionGroup as group:  # schemathesis's FailureGroup: one per failed check
                    for failure in group.exceptions:
                        self.failures.append(f"{label} as {who} ({mode.value}): {failure.__class__.__name__}: "
                                             f"{str(failure).strip()[:700]}\n    answer {response.status_code}: "
                                             f"{response.text[:200]}")
                finally:
                    transaction.set_rollback(True)

        try:
            one_request()
        except Exception as exc:  # noqa: BLE001 (a request that could not be generated or sent is a failure too)
            self.failures.append(f"{label} as {who} ({mode.value}): {exc.__class__.__name__}: {str(exc)[:700]}")


def test_every_operation_answers_as_the_openapi_document_declares(demo_accounts):
    started = time.process_time()
    load_all_checks()
    run = Run()
    plan = POSTGRESQL_PLAN if connection.vendor == "postgresql" else PLAN
    personas = {(persona, scope): _persona(persona, scope, demo_accounts) for persona, scope, _, _ in plan}
    document = _document(personas["org_member_a", WRITE][1])
    declared = {f"{method.upper()} {path}" for path, methods in document["paths"].items() for method in methods}

    operations: dict[str | None, list] = {}
    for persona, scope, mode, examples in plan:
        user, headers = personas[persona, scope]
        if persona not in operations:
            operations[persona] = _operations(document, user)
        for operation in operations[persona]:
            run.exercise(operation, persona, headers, mode, examples * DEPTH)

    assert len(declared) > 90, f"the document lists only {len(declared)} operations"
    unexercised = sorted(declared - {label for label, n in run.requests.items() if n})
    assert not unexercised, f"operations that no request reached: {unexercised}\n" + "\n".join(run.failures[:10])
    succeeded = sorted(label for label, statuses in run.statuses.items() if any(200 <= s < 300 for s in statuses))
    summary = (f"{len(declared)} operations ({len(succeeded)} answered a 2xx at least once), "
               f"{sum(run.requests.values())} requests, statuses {dict(sum(run.statuses.values(), Counter()))}, "
               f"{len(run.failures)} failures")
    if os.environ.get("SCHEMATHESIS_REPORT"):  # which operations never succeeded, for a person improving RECORDS
        print("\n".join(["never a 2xx:", *sorted(declared - set(succeeded))]))
    print(f"\nschemathesis: {summary}, {time.process_time() - started:.1f} CPU-seconds")
    assert not run.failures, summary + "\n" + "\n".join(run.failures[:40 * DEPTH])
