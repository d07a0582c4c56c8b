"""User accounts for the named personas only (argon2 makes thousands of accounts slow and
nobody logs in as them).

The seed is public (it is in the README and the command's default), so nothing secret may
derive from it: every run draws the passwords and TOTP keys from `secrets` and hands them out
only through the accounts file and the command's output (QUALITY.md 10). A test that needs
to know them beforehand passes its own `Credentials` (dangjian/demo/tests/seeding.py)."""

from __future__ import annotations

import base64
import datetime
import secrets
from dataclasses import dataclass
from typing import Protocol

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangjian.accounts.models import User
from dangjian.core.roles import SECOND_FACTOR_POSTS, Post
from dangjian.demo.people import PeopleFactory
from dangjian.demo.posts import PositionPlan
from dangjian.demo.tree import OrgNode
from dangjian.members.models import Member
from dangjian.orgs import services
from dangjian.orgs.models import OrgKind, PartyOrg

PERSONAS = ("city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a", "member_a", "principal_a")
PERSONA_LABELS = {
    "city_admin": "市教育工委管理员", "county_admin": "县（区）教育党工委管理员", "secretary_a": "学校A党支部书记",
    "secretary_b": "学校B党支部书记", "org_member_a": "学校A组织委员", "member_a": "学校A普通党员",
    "principal_a": "学校A校长", "province_admin": "省教育工委管理员",
}
# Only at province scale: the province's committee above the cities. The other personas stay
# where they are at city scale (city_admin on the first city), so a persona's pages can be
# compared across the scales; the province's own figures are this persona's.
PROVINCE_PERSONA = "province_admin"
ADMIN_PERSONAS = ("city_admin", "county_admin", PROVINCE_PERSONA)


@dataclass
class Account:
    persona: str
    username: str
    password: str
    org_id: int
    totp_secret: str | None
    display_name: str = ""
    org_name: str = ""
    post_label: str = ""

    def as_json(self) -> dict:
        return {"persona": self.persona, "username": self.username, "password": self.password, "org_id": self.org_id,
                "totp_secret": self.totp_secret}


class Credentials(Protocol):
    """Where a persona's password and TOTP key come from."""

    def password(self, persona: str, attempt: int) -> str: ...

    def totp_key(self, persona: str) -> bytes: ...


# No 0/o, 1/l/i: the passwords are read off a terminal and typed by hand.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class FreshCredentials:
    """Drawn from the operating system's CSPRNG on every run: 12 characters from a 31-letter
    alphabet (about 59 bits) between fixed marks that give the 等保 2.0 character classes."""

    def password(self, persona: str, attempt: int) -> str:
        body = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        return f"Dj-{body[:4]}-{body[4:8]}-{body[8:]}"

    def totp_key(self, persona: str) -> bytes:
        return secrets.token_bytes(20)  # 160 bits, RFC 4226's recommended length


def _valid_password(credentials: Credentials, persona: str, user: User) -> str:
    """The first password the policy accepts: the policy may grow (a strength estimator, a
    longer common-password list) and a rare draw may then be refused; a fresh draw is cheap."""
    for attempt in range(20):
        password = credentials.password(persona, attempt)
        try:
            password_validation.validate_password(password, user)
        except ValidationError:
            continue
        return password
    password_validation.validate_password(password, user)  # twenty refusals: show the policy's reason
    return password


def admin_seats(root: OrgNode, county: OrgNode) -> dict[str, OrgNode]:
    """The committee each administrator persona sits on. At city scale the root is the city;
    at province scale the root is the province and the first city is its first child that
    is a committee but no county (tree.build_tree adds the cities in PROVINCE_CITIES order)."""
    cities = [c for c in root.children if c.kind == OrgKind.EDUCATION_COMMITTEE and not c.is_county]
    if not cities:
        return {"city_admin": root, "county_admin": county}
    city = cities[0]
    if county.parent is not city:
        raise ValueError(f"county_admin's county {county.name} is not in the first city {city.name}")
    return {"city_admin": city, "county_admin": county, PROVINCE_PERSONA: root}


def create_personas(root: OrgNode, county: OrgNode, plans: list[PositionPlan], factory: PeopleFactory,
                    today: datetime.date, credentials: Credentials | None = None) -> list[Account]:
    credentials = credentials or FreshCredentials()
    by_persona = {p.persona: p for p in plans if p.persona}
    members = {m.persona: m for node in root.walk() for m in node.members if m.persona}
    seats = admin_seats(root, county)
    accounts = []
    for persona in PERSONAS + ((PROVINCE_PERSONA,) if PROVINCE_PERSONA in seats else ()):
        if persona in ADMIN_PERSONAS:
            plan = PositionPlan(seats[persona], Post.COMMITTEE_ADMIN,
                                factory.picker.person(male=persona != "county_admin"),
                                today - datetime.timedelta(days=400), persona=persona)
        elif persona == "member_a":
            member = members[persona]
            plan = PositionPlan(member.org, "", member.name, today, member, persona=persona)
        else:
            plan = by_persona[persona]
        user = User(username=persona, display_name=plan.person_name)
        password = _valid_password(credentials, persona, user)
        user.set_password(password)
        user.save()
        member = plan.member
        if member is not None:
            Member.objects.filter(pk=member.db.pk).update(user=user)
        org = PartyOrg.objects.get(pk=plan.org.id)
        if plan.post:
            services.appoint(org=org, post=plan.post, person_name=plan.person_name, started_on=plan.started_on,
                             user=user, member=member.db if member else None)
        secret = None
        if plan.post in SECOND_FACTOR_POSTS:
            key = credentials.totp_key(persona)
            TOTPDevice.objects.create(user=user, name="演示数据动态口令", key=key.hex(), confirmed=True)
            secret = base64.b32encode(key).decode()
        accounts.append(Account(persona, user.username, password, org.id, secret, plan.person_name, org.name,
                                Post(plan.post).label if plan.post else "党员（无职务）"))
    return accounts
