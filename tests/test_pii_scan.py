"""No full ID number or phone leaves the system by accident (QUALITY.md items 13–14 and the
"responses and exports scanned" figure).

1. Every members page and every API endpoint about members, and every page and endpoint of the
   staff register (教职工, whose ID numbers and phones follow the members' rules) — read from the resolver at test
   time, so a page added later is scanned without anyone remembering to add it — is opened
   with a plain GET by every persona, for every world member, and the body (and, for an xlsx
   answer, every XML part inside the zip) is searched for every full ID number and phone of
   the world, members' and staff's. Only the persona's own values may appear (a member sees her own in full);
   revealing anyone else's takes a POST with a reason, which this scan never sends.
2. A raw database scan: every text column of every table, read with plain SQL, holds no ID
   number or phone in clear — the audit log, the timeline, corrections and sessions included.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import timezone

from dangjian.members.models import EventKind, Member
from dangjian.members.services import (
    decide_correction,
    record_event,
    request_contact_correction,
    reveal_pii,
    start_transfer,
    update_member,
)
from dangjian.staff.models import StaffMember
from dangjian.staff.services import create_staff_member
from dangjian.staff.services import reveal_pii as reveal_staff_pii
from dangjian.testing import add_member, login
from dangjian.testing.world import make_id_number

pytestmark = [pytest.mark.django_db, pytest.mark.long_scope]

PERSONAS = ["city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a", "member_a", "principal_a"]
XLSX_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream")


def member_url_patterns(patterns=None, namespace: str = "", converters: dict | None = None):
    """(name, {kwarg: converter}) of every pattern named members:… or api:…member…, staff:… or api:…staff…"""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        found = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from member_url_patterns(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            if name.startswith(("members:", "staff:")) or (name.startswith("api:") and ("member" in name or "staff" in name)):
                yield name, found


@pytest.fixture
def pii_world(world):
    """Every member of the world with a phone, a transfer and a contact correction under way,
    and the reveals and changes that write the audit log."""
    for k, member in enumerate(Member.objects.order_by("pk")):
        # Unique by position, never by pk: on PostgreSQL ids keep growing across tests.
        update_member(member, phone=f"1390000{k:04d}")
    world.m_extra = add_member(world.branch_a, "单雄信", phone="18677778888")
    world.transfer = start_transfer(world.m_c, to_org=world.branch_a, letter_number="西二中党转〔2026〕1号",
                                    requested_on=timezone.localdate(), acting_user=world.county_b_admin)
    world.correction = request_contact_correction(world.m_member_a, phone="13500001111", acting_user=world.member_a)
    reveal_pii(world.m_member_a, reason="办理组织关系证明", acting_user=world.secretary_a)
    # The staff register: member_a's own entry (linked to her record, another phone), a teacher who
    # is no party member at school A, one at school C; a reveal with its reason in the audit log.
    world.staff_member_a = create_staff_member(
        world.school_a, name="杨帆", gender="male", id_number=world.m_member_a.get_id_number(), post="teacher",
        employed_from=datetime.date(2015, 9, 1), phone="13611112222", member=world.m_member_a, acting_user=None)
    world.staff_plain_a = create_staff_member(
        world.school_a, name="蒋文", gender="female", id_number=make_id_number(datetime.date(1988, 2, 3), 601, male=False),
        post="support", employed_from=datetime.date(2019, 9, 1), phone="13622223333", acting_user=None)
    world.staff_c = create_staff_member(
        world.school_c, name="程亮", gender="male", id_number=make_id_number(datetime.date(1982, 7, 9), 602),
        post="teacher", employed_from=datetime.date(2008, 9, 1), phone="13633334444", acting_user=None)
    reveal_staff_pii(world.staff_plain_a, reason="签订责任书核对", acting_user=world.secretary_a)
    record_event(world.m_extra, EventKind.MOBILE_REGISTERED, datetime.date(2026, 10, 1), acting_user=world.secretary_a,
                 reason="外出支教")
    return world


def secrets_of(member: Member) -> set[str]:
    member = Member.objects.get(pk=member.pk)
    return {value for value in (member.get_id_number(), member.get_phone()) if value}


def all_secrets(world) -> dict[int, set[str]]:
    values = {m.pk: secrets_of(m) for m in Member.objects.all()}
    correction_phone = "13500001111"
    values[world.m_member_a.pk] = values[world.m_member_a.pk] | {correction_phone}
    for staff in StaffMember.objects.all():
        values[f"staff-{staff.pk}"] = {v for v in (staff.get_id_number(), staff.get_phone()) if v}
    return values


def readable(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    parts = [body.decode("utf-8", "replace")]
    if body[:2] == b"PK" or response.get("Content-Type", "").startswith(XLSX_TYPES):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    if response.get("Content-Type", "").startswith("application/json"):
        parts.append(json.dumps(json.loads(parts[0]), ensure_ascii=False))
    return "\n".join(parts)


def urls_to_scan(world) -> list[tuple[str, str]]:
    """(name, url) for every members page and member endpoint, with its id filled by each of
    the objects a members URL may name: members in and out of every scope (her own, her
    secretary, a probationary member, school B, the joint branch, the other county), the
    transfer and the correction; a list page also with ?standing=all (members who left too)."""
    members = [world.m_member_a, world.m_secretary_a, world.m_probationary_a, world.m_extra, world.m_secretary_b,
               world.m_joint, world.m_c]
    objects = sorted({m.pk for m in members} | {world.transfer.pk, world.correction.pk})
    # the staff pages name an entry or a school: those of the world, in and out of every scope
    staff_objects = sorted({s.pk for s in StaffMember.objects.all()} | {world.school_a.pk, world.school_c.pk})
    urls = []
    for name, converters in member_url_patterns():
        is_staff = name.startswith("staff:") or "staff" in name
        if not converters:
            urls += [(name, reverse(name)), (name, reverse(name) + ("?state=all" if is_staff else "?standing=all"))]
            continue
        unknown = [key for key, converter in converters.items() if not isinstance(converter, IntConverter)]
        assert not unknown, f"{name}: teach this scan how to fill {unknown}"
        for pk in staff_objects if is_staff else objects:
            urls.append((name, reverse(name, kwargs=dict.fromkeys(converters, pk))))
    return urls


def test_the_scan_covers_the_member_api_and_pages(pii_world):
    names = {name for name, _ in member_url_patterns()}
    assert {"api:member_list", "api:member_detail", "api:member_events"} <= names
    assert {"staff:list", "staff:detail", "staff:export", "api:staff_list", "api:staff_detail"} <= names
    assert len(urls_to_scan(pii_world)) > 10


@pytest.mark.engine_neutral("masking is done in Python on values decrypted in Python; the pages' queries run on "
                            "PostgreSQL in the permission matrix, and the stored form is checked there below")
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_or_answer_carries_someone_else_s_full_id_number_or_phone(pii_world, persona):
    user = pii_world.personas[persona]
    own = Member.objects.filter(user=user).first()
    secrets = all_secrets(pii_world)
    forbidden = {value for pk, values in secrets.items() if own is None or pk != own.pk for value in values}
    allowed_own = secrets.get(own.pk, set()) if own else set()
    forbidden -= allowed_own  # a number shared with one's own record cannot tell anything
    client = Client()
    login(client, user)
    found, opened = [], 0
    for name, url in urls_to_scan(pii_world):
        response = client.get(url)
        opened += response.status_code == 200
        body = readable(response).upper()
        found += [f"{name} {url}: …{value[-4:]}" for value in forbidden if value.upper() in body]
    assert opened > 0
    assert found == [], f"{persona} sees full values: {found}"


def test_the_api_masks_even_a_member_s_own_values(pii_world):
    client = Client()
    login(client, pii_world.member_a)
    own = secrets_of(pii_world.m_member_a)
    others = secrets_of(pii_world.m_secretary_a)
    response = client.get(reverse("api:member_detail", kwargs={"id": pii_world.m_member_a.pk}))
    body = readable(response)
    # The API masks even her own: the full values are on her own page only.
    assert pii_world.m_member_a.id_number_masked in body
    assert [value for value in own | others if value in body] == []


def _text_columns() -> list[tuple[str, list[str]]]:
    tables = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            tables.append((table, columns))
    return tables


def _as_text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).decode("latin-1")
    if isinstance(value, (dict, list)):  # PostgreSQL's driver reads JSON columns as Python objects
        return json.dumps(value, ensure_ascii=False)
    return ""


def test_the_database_holds_no_id_number_or_phone_in_clear(pii_world, client_as):
    # More writers: the pages and the API through a real request (the audit log records the
    # request), a decided correction, an update of the phone by the secretary.
    client_as("secretary_a").get(reverse("api:member_detail", kwargs={"id": pii_world.m_extra.pk}))
    decide_correction(pii_world.correction, approve=True, acting_user=pii_world.org_member_a)
    update_member(pii_world.m_extra, phone="18699990000", acting_user=pii_world.secretary_a, reason="本人告知")
    secrets = {value.upper() for values in all_secrets(pii_world).values() for value in values}
    secrets |= {"18677778888", "18699990000", "13611112222", "13622223333", "13633334444"}
    assert len(secrets) > 30

    hits, scanned = [], 0
    with connection.cursor() as cursor:
        for table, columns in _text_columns():
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = _as_text(value).upper()
                    if not text:
                        continue
                    scanned += 1
                    hits += [f"{table}.{column}: …{s[-4:]}" for s in secrets if s in text]
    for session in Session.objects.all():
        text = json.dumps(session.get_decoded(), ensure_ascii=False).upper()
        hits += [f"session: …{s[-4:]}" for s in secrets if s in text]
    assert scanned > 100
    assert hits == []
