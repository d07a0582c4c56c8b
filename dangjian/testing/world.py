"""A small, fully built world for tests: two counties, five schools, and the named personas
of ARCHITECTURE.md pattern 6. Every test module uses these same people, so a test reads like
"the secretary of school B cannot open school A's member".

    world = build_world()
    login(client, world.secretary_a)
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangjian.accounts.models import User
from dangjian.core.local_documents import CITY_BUREAU_OPINION
from dangjian.core.roles import Post
from dangjian.core.validators import id_check_char
from dangjian.members.models import Member, MemberStatus
from dangjian.orgs.models import NoOrgReason, OrgKind, Ownership, PartyOrg, Position, School, SchoolType
from dangjian.orgs.services.local_documents import adopt_declared

PASSWORD = "Dangjian-Test-2026!"


def make_id_number(birth: datetime.date, serial: int, *, region: str = "110105", male: bool = True) -> str:
    seq = serial * 2 % 1000
    seq = seq + 1 if male and seq % 2 == 0 else seq if male else seq - seq % 2
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


_serial = 0


def add_member(org: PartyOrg, name: str, *, status=MemberStatus.FULL, user=None, group=None,
               birth=datetime.date(1985, 3, 1), male=True, joined_on=datetime.date(2010, 7, 1), **record) -> Member:
    """A member created through the members service, as the system itself (no acting user)."""
    from dangjian.members.services import create_member

    global _serial
    _serial += 1
    confirmed_on = None if status == MemberStatus.PROBATIONARY else joined_on.replace(year=joined_on.year + 1)
    member = create_member(org=org, name=name, id_number=make_id_number(birth, _serial, male=male), status=status,
                           joined_on=joined_on, confirmed_on=confirmed_on, group=group, **record)
    if user is not None:
        member.user = user
        member.save(update_fields=["user"])
    return member


def make_user(username: str, display_name: str, *, superuser: bool = False) -> User:
    user = User(username=username, display_name=display_name, is_superuser=superuser, is_staff=superuser)
    user.set_password(PASSWORD)
    user.save()
    return user


def login(client, user) -> None:
    """Log a test client in, with the second factor already verified where it is required."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="测试设备", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def session_of(user) -> str:
    """The key of a new session logged in as `user`, second factor verified: logged in once, it
    can be carried by any number of clients (see client_with_session)."""
    from django.test import Client

    client = Client()
    login(client, user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def client_with_session(session_key: str, **client_kwargs):
    """A fresh test client carrying an existing session's cookie: a request as that session's user
    without logging in again."""
    from django.test import Client

    client = Client(**client_kwargs)
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def build_world() -> SimpleNamespace:
    # The same ID numbers in every test, whatever ran before in this process (a counter that
    # kept growing made IDs wrap around and collide with fixed ones, e.g. the import example).
    global _serial
    _serial = 0
    w = SimpleNamespace()
    start = datetime.date(2024, 9, 1)
    w.city = PartyOrg.objects.add_root({"kind": OrgKind.EDUCATION_COMMITTEE, "code": "C01", "name": "示范市教育工委"})
    def child(parent, **fields):
        return PartyOrg.objects.add_child(parent, fields)

    w.county_a = child(w.city, kind=OrgKind.EDUCATION_COMMITTEE, code="C01A", name="东城区教育党工委")
    w.county_b = child(w.city, kind=OrgKind.EDUCATION_COMMITTEE, code="C01B", name="西城区教育党工委")
    w.branch_a = child(w.county_a, kind=OrgKind.BRANCH, code="C01A-001", name="东城区第一中学党支部",
                                      term_start=start, term_end=start.replace(year=2027))
    w.group_a1 = child(w.branch_a, kind=OrgKind.GROUP, code="C01A-001-1", name="第一党小组")
    w.group_a2 = child(w.branch_a, kind=OrgKind.GROUP, code="C01A-001-2", name="第二党小组")
    w.branch_b = child(w.county_a, kind=OrgKind.BRANCH, code="C01A-002", name="东城区实验小学党支部",
                                      term_start=start, term_end=start.replace(year=2027))
    w.joint = child(w.county_a, kind=OrgKind.JOINT_BRANCH, code="C01A-003", name="东城区乡村小学联合党支部")
    w.committee_c = child(w.county_b, kind=OrgKind.COMMITTEE, code="C01B-001", name="西城区第二中学党委")
    w.branch_c1 = child(w.committee_c, kind=OrgKind.BRANCH, code="C01B-001-1", name="西城区第二中学第一党支部")

    def school(code, name, supervisor, org, ownership=Ownership.PUBLIC, **kw):
        return School.objects.create(code=code, name=name, school_type=kw.pop("school_type", SchoolType.JUNIOR),
                                     ownership=ownership, county=supervisor.name[:3], supervisor=supervisor,
                                     party_org=org, staff_count=kw.pop("staff_count", 80), **kw)

    w.school_a = school("S-A", "东城区第一中学", w.county_a, w.branch_a)
    w.school_b = school("S-B", "东城区实验小学", w.county_a, w.branch_b, school_type=SchoolType.PRIMARY)
    w.school_d1 = school("S-D1", "东城区桃园小学", w.county_a, w.joint, school_type=SchoolType.PRIMARY, staff_count=12)
    w.school_d2 = school("S-D2", "东城区李庄小学", w.county_a, w.joint, school_type=SchoolType.PRIMARY, staff_count=10)
    w.school_p = school("S-P", "东城区育才民办学校", w.county_a, None, ownership=Ownership.PRIVATE,
                        no_org_reason=NoOrgReason.TOO_FEW_MEMBERS, sponsor="育才教育集团")
    w.school_c = school("S-C", "西城区第二中学", w.county_b, w.committee_c, school_type=SchoolType.COMPLETE)

    w.city_admin = make_user("city_admin", "王建国")
    w.county_admin = make_user("county_admin", "李红梅")
    w.county_b_admin = make_user("county_b_admin", "赵志刚")
    w.secretary_a = make_user("secretary_a", "张伟")
    w.secretary_b = make_user("secretary_b", "刘芳")
    w.org_member_a = make_user("org_member_a", "陈静")
    w.member_a = make_user("member_a", "杨帆")
    w.principal_a = make_user("principal_a", "周校长")

    w.m_secretary_a = add_member(w.branch_a, "张伟", user=w.secretary_a, group=w.group_a1)
    w.m_org_member_a = add_member(w.branch_a, "陈静", user=w.org_member_a, group=w.group_a1, male=False)
    w.m_member_a = add_member(w.branch_a, "杨帆", user=w.member_a, group=w.group_a2)
    for i, name in enumerate(["孙丽", "马强", "胡敏", "郭涛", "何静", "高峰"]):
        add_member(w.branch_a, name, group=(w.group_a1, w.group_a2)[i % 2], male=i % 2 == 0)
    w.m_probationary_a = add_member(w.branch_a, "林晓", status=MemberStatus.PROBATIONARY,
                                    joined_on=datetime.date(2026, 6, 1), group=w.group_a2)
    w.m_secretary_b = add_member(w.branch_b, "刘芳", user=w.secretary_b, male=False)
    for name in ["罗军", "梁燕", "宋杰"]:
        add_member(w.branch_b, name)
    w.m_joint = add_member(w.joint, "谢娟", male=False)
    w.m_c = add_member(w.branch_c1, "韩磊")

    def appoint(org, post, user, name, member=None):
        return Position.objects.create(org=org, post=post, user=user, person_name=name, member=member, started_on=start)

    appoint(w.city, Post.COMMITTEE_ADMIN, w.city_admin, "王建国")
    appoint(w.county_a, Post.COMMITTEE_ADMIN, w.county_admin, "李红梅")
    appoint(w.county_b, Post.COMMITTEE_ADMIN, w.county_b_admin, "赵志刚")
    appoint(w.branch_a, Post.SECRETARY, w.secretary_a, "张伟", w.m_secretary_a)
    appoint(w.branch_a, Post.ORGANIZATION_MEMBER, w.org_member_a, "陈静", w.m_org_member_a)
    appoint(w.branch_b, Post.SECRETARY, w.secretary_b, "刘芳", w.m_secretary_b)
    appoint(w.branch_a, Post.PRINCIPAL, w.principal_a, "周校长")
    # The city works under its education bureau's opinion: its local rules (思想政治课, the matters
    # for the branch meeting) are switched on for the whole city, as in the demo.
    w.city_opinion = adopt_declared(w.city, CITY_BUREAU_OPINION, effective_from=datetime.date(2020, 1, 1))
    w.personas = {
        "city_admin": w.city_admin, "county_admin": w.county_admin, "secretary_a": w.secretary_a,
        "secretary_b": w.secretary_b, "org_member_a": w.org_member_a, "member_a": w.member_a,
        "principal_a": w.principal_a,
    }
    return w
