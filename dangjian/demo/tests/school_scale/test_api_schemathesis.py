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
is drawn half the time from the ids of the table it names (RECORDS, REFERENCES), in scope and
out of it, and otherwise as the document allows.
"""

from __future__ import annotations

import copy
import time
from collections import Counter, defaultdict

import hypothesis
import pytest
import schemathesis
from django.apps import apps
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
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
PLAN = [
    ("org_member_a", WRITE, GenerationMode.POSITIVE, 8),
    ("org_member_a", WRITE, GenerationMode.NEGATIVE, 2),
    ("county_admin", WRITE, GenerationMode.POSITIVE, 3),
    ("member_a", READ, GenerationMode.POSITIVE, 2),
    (None, None, GenerationMode.POSITIVE, 1),
]

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


def _ids(label: str) -> list[int]:
    """The first ids of a table (in and out of the personas' scope) and one past the last."""
    pks = list(apps.get_model(label).objects.order_by("pk").values_list("pk", flat=True))
    return [*pks[:IDS_PER_TABLE], *pks[-2:], (pks[-1] if pks else 0) + 1]


def _offer(schema: dict, ids: list[int]) -> dict:
    """`schema`, with the ids offered as one branch: anyOf [enum of real ids, the original]
    accepts exactly what the original accepts (the ids are integers within its bounds)."""
    kinds = [schema, *schema.get("anyOf", [])]
    if not any(kind.get("type") == "integer" for kind in kinds):
        return schema
    return {"anyOf": [{"enum": ids}, schema]}


def _with_real_ids(document: dict) -> dict:
    """The document that generates the requests: the same, with real ids offered for every
    parameter and body field that names a record. Answers are checked against it too; offering
    ids changes no answer schema (see _offer, and only integer fields are touched)."""
    document = copy.deepcopy(document)
    cache: dict[str, list[int]] = {}

    def ids(label: str) -> list[int]:
        return cache.setdefault(label, _ids(label))

    for path, methods in document["paths"].items():
        route = path.removeprefix("/api/v1")
        for operation in methods.values():
            for param in operation.get("parameters", []):
                if param["in"] == "path":
                    label = next((lbl for prefix, lbl in RECORDS.items()
                                  if route.startswith(prefix) and prefix.endswith("{" + param["name"] + "}")), None)
                else:
                    label = REFERENCES.get(param["name"])
                if label:
                    param["schema"] = _offer(param["schema"], ids(label))
    for component in document["components"]["schemas"].values():
        for name, prop in component.get("properties", {}).items():
            if name in REFERENCES:
                component["properties"][name] = _offer(prop, ids(REFERENCES[name]))
    return document


def _headers(persona: str | None, scope, accounts) -> dict[str, str]:
    if persona is None:
        return {}
    username = next(a["username"] for a in accounts if a["persona"] == persona)
    user = User.objects.get(username=username)
    _, token = ApiToken.issue(user, f"接口测试（{persona}）", scope=scope, second_factor_at=timezone.now())
    return {"Authorization": f"Bearer {token}"}


def _load(headers: dict[str, str]):
    response = Client().get(SCHEMA_URL, HTTP_AUTHORIZATION=headers["Authorization"])
    assert response.status_code == 200, response.content[:300]
    document = response.json()
    schema = schemathesis.openapi.from_dict(_with_real_ids(document))
    schema.app = InTransactionApp()
    return document, schema


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
    headers_by_persona = {persona: _headers(persona, scope, demo_accounts) for persona, scope, _, _ in PLAN}
    document, schema = _load(headers_by_persona["org_member_a"])
    declared = {f"{method.upper()} {path}" for path, methods in document["paths"].items() for method in methods}
    operations = [result.ok() for result in schema.get_all_operations()]

    for persona, _, mode, examples in PLAN:
        for operation in operations:
            run.exercise(operation, persona, headers_by_persona[persona], mode, examples)

    assert len(declared) > 90, f"the document lists only {len(declared)} operations"
    unexercised = sorted(declared - {label for label, n in run.requests.items() if n})
    assert not unexercised, f"operations that no request reached: {unexercised}"
    summary = (f"{len(declared)} operations, {sum(run.requests.values())} requests, "
               f"statuses {dict(sum(run.statuses.values(), Counter()))}, {len(run.failures)} failures")
    print(f"\nschemathesis: {summary}, {time.process_time() - started:.1f} CPU-seconds")
    assert not run.failures, summary + "\n" + "\n".join(run.failures[:40])
