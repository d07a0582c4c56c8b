"""QR sign-in at a meeting (扫码签到): the secretary shows a code for a recorded meeting; a member
scans it, logs in, and is marked present — once, only when expected at that meeting and only
within its sign-in window (rules.SIGN_IN_*). The secretary still corrects the record by hand.

The code carries a signed token (Django's signing, keyed by SECRET_KEY): the meeting's id and
the moment it expires (the window's close). It cannot be guessed or moved to another meeting,
and it says nothing a member could not see on the page anyway."""

from __future__ import annotations

import datetime

from django.core import signing
from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.members.models import Member
from dangjian.orglife import rules as R
from dangjian.orglife import summaries
from dangjian.orglife.models import Attendance, Meeting, MeetingSignIn
from dangjian.orgs.models import PartyOrg, School

TOKEN_SALT = "dangjian.orglife.sign_in"


def sign_in_window(meeting: Meeting) -> tuple[datetime.datetime, datetime.datetime]:
    """When members may sign in (aware datetimes, local time): see rules.SIGN_IN_*."""
    zone = timezone.get_current_timezone()
    day = meeting.held_on
    if meeting.starts_at is None:
        start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
        return start, start + datetime.timedelta(days=1)
    starts = datetime.datetime.combine(day, meeting.starts_at, tzinfo=zone)
    if meeting.ends_at is not None and meeting.ends_at > meeting.starts_at:
        ends = datetime.datetime.combine(day, meeting.ends_at, tzinfo=zone)
    else:
        ends = starts + R.SIGN_IN_WITHOUT_END
    return starts - R.SIGN_IN_OPENS_BEFORE, ends + R.SIGN_IN_CLOSES_AFTER


def make_token(meeting: Meeting) -> str:
    """The token of the meeting's code: its id and the window's close, signed."""
    closes = sign_in_window(meeting)[1]
    return signing.dumps({"m": meeting.pk, "e": int(closes.timestamp())}, salt=TOKEN_SALT)


def read_token(token: str) -> tuple[int, datetime.datetime] | None:
    """(meeting id, expiry) of a genuine token; None for anything forged, altered or malformed."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        return int(data["m"]), datetime.datetime.fromtimestamp(int(data["e"]), tz=datetime.UTC)
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError):
        return None


def school_path(org: PartyOrg) -> str:
    """The path of the school organization `org` belongs to (the highest school organization above
    or at it), or `org`'s own path where no school is registered: a member of another school finds
    nothing (404), like any record outside one's scope."""
    prefixes = [org.path[:end] for end in range(PartyOrg.steplen, len(org.path) + 1, PartyOrg.steplen)]
    found = (School.objects.filter(party_org__path__in=prefixes).order_by("party_org__depth")
             .values_list("party_org__path", flat=True).first())
    return found or org.path


def member_for_sign_in(user, meeting: Meeting) -> Member | None:
    """The user's own member record when it belongs to the meeting's school; else None (404)."""
    if not getattr(user, "is_authenticated", False):
        return None
    member = Member.objects.filter(user=user).select_related("org").first()
    if member is None or not member.org.path.startswith(school_path(meeting.org)):
        return None
    return member


def refusal(meeting: Meeting, member: Member, *, now: datetime.datetime | None = None,
            expires: datetime.datetime | None = None) -> RuleViolation | None:
    """Why this member may not sign in now (None: he may, or already has)."""
    now = now or timezone.now()
    if not Attendance.objects.filter(meeting=meeting, member=member).exists():
        return RuleViolation(f"{member.name}同志，您不在本次会议（{meeting.org.name}{meeting.get_kind_display()}）的应到名单中，"
                             "不能扫码签到；如有疑问请联系支部书记", rule=R.R_SIGN_IN_EXPECTED, code="not_expected")
    if MeetingSignIn.objects.filter(meeting=meeting, member=member).exists():
        return None
    opens, closes = sign_in_window(meeting)
    if now < opens:
        return RuleViolation(f"签到尚未开始：本次会议 {timezone.localtime(opens):%Y-%m-%d %H:%M} 起可以签到",
                             rule=R.R_SIGN_IN_WINDOW, code="not_open")
    if now > closes or (expires is not None and now > expires):
        return RuleViolation("签到已结束：本签到二维码已过期。未能签到的，请联系支部书记在会议记录中登记",
                             rule=R.R_SIGN_IN_WINDOW, code="closed")
    return None


@transaction.atomic
def sign_in(meeting: Meeting, member: Member, *, acting_user, now: datetime.datetime | None = None,
            expires: datetime.datetime | None = None) -> tuple[MeetingSignIn, bool]:
    """Mark `member` present at `meeting` by his own scan. Returns (the sign-in, whether it is new):
    a second scan changes nothing. Refused (RuleViolation) when he is not expected or the window
    is closed; audited as orglife.sign_in."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().select_related("org").get(pk=meeting.pk)
    problem = refusal(meeting, member, now=now, expires=expires)
    if problem is not None:
        raise problem
    existing = MeetingSignIn.objects.filter(meeting=meeting, member=member).first()
    if existing is not None:
        return existing, False
    row = Attendance.objects.select_for_update().get(meeting=meeting, member=member)
    was = "出席" if row.present else f"缺席：{row.get_absence_reason_display()}"
    row.present, row.absence_reason, row.note = True, "", ""
    row.save(update_fields=["present", "absence_reason", "note"])
    from dangjian.orglife.services.meetings import figures, quorum_for

    quorum = quorum_for(meeting.org, meeting.kind, meeting.held_on)
    for name, value in figures(meeting.kind, list(meeting.attendance.all()), quorum).items():
        setattr(meeting, name, value)
    meeting.save(update_fields=["expected_count", "present_count", "voting_expected", "voting_present", "quorate",
                                "updated_at"])
    summaries.keep_current(meeting.org, [meeting.counts_month, meeting.held_on])   # quorum and presence changed
    signed = MeetingSignIn.objects.create(meeting=meeting, member=member, user=acting_user, signed_at=now)
    audit.record("orglife.sign_in", target=meeting, actor=acting_user,
                 changes={"member": member.pk, "出席情况": [was, "出席（扫码签到）"],
                          "signed_at": timezone.localtime(now).strftime("%Y-%m-%d %H:%M:%S")})
    return signed, True
