"""User accounts for the named personas only (argon2 makes thousands of accounts slow and
nobody logs in as them). Passwords and TOTP secrets derive from the seed, so a demo rebuilt
with the same seed keeps the same logins — this is demo data, never production accounts."""

from __future__ import annotations

import base64
import datetime
import hashlib
from dataclasses import dataclass

from django.contrib.auth import password_validation
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangjian.accounts.models import User
from dangjian.core.roles import SECOND_FACTOR_POSTS, Post
from dangjian.demo.people import PeopleFactory
from dangjian.demo.posts import PositionPlan
from dangjian.demo.tree import OrgNode
from dangjian.members.models import Member
from dangjian.orgs import services
from dangjian.orgs.models import PartyOrg

PERSONAS = ("city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a", "member_a", "principal_a")
PERSONA_LABELS = {
    "city_admin": "市教育工委管理员", "county_admin": "县（区）教育党工委管理员", "secretary_a": "学校A党支部书记",
    "secretary_b": "学校B党支部书记", "org_member_a": "学校A组织委员", "member_a": "学校A普通党员",
    "principal_a": "学校A校长",
}


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


def _digest(seed: int, persona: str, purpose: str) -> bytes:
    return hashlib.sha256(f"dangjian-demo:{seed}:{persona}:{purpose}".encode()).digest()


def demo_password(seed: int, persona: str) -> str:
    """12+ characters from four classes (等保 2.0 rule of accounts.validators)."""
    body = base64.b32encode(_digest(seed, persona, "password")).decode()[:8].lower()
    return f"Dj-{body}-{int.from_bytes(_digest(seed, persona, 'n')[:2], 'big') % 90 + 10}"


def demo_totp_key(seed: int, persona: str) -> bytes:
    return _digest(seed, persona, "totp")[:20]  # 160 bits, RFC 4226's recommended length


def create_personas(seed: int, root: OrgNode, county: OrgNode, plans: list[PositionPlan], factory: PeopleFactory,
                    today: datetime.date) -> list[Account]:
    by_persona = {p.persona: p for p in plans if p.persona}
    members = {m.persona: m for node in root.walk() for m in node.members if m.persona}
    accounts = []
    for persona in PERSONAS:
        if persona in ("city_admin", "county_admin"):
            node = root if persona == "city_admin" else county
            plan = PositionPlan(node, Post.COMMITTEE_ADMIN, factory.picker.person(male=persona == "city_admin"),
                                today - datetime.timedelta(days=400), persona=persona)
        elif persona == "member_a":
            member = members[persona]
            plan = PositionPlan(member.org, "", member.name, today, member, persona=persona)
        else:
            plan = by_persona[persona]
        password = demo_password(seed, persona)
        user = User(username=persona, display_name=plan.person_name)
        password_validation.validate_password(password, user)
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
            key = demo_totp_key(seed, persona)
            TOTPDevice.objects.create(user=user, name="演示数据动态口令", key=key.hex(), confirmed=True)
            secret = base64.b32encode(key).decode()
        accounts.append(Account(persona, user.username, password, org.id, secret, plan.person_name, org.name,
                                Post(plan.post).label if plan.post else "党员（无职务）"))
    return accounts
