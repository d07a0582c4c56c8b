"""Organizational life's meeting records as the book other apps read through
dangjian.orgs.meeting_records (registered in OrglifeConfig.ready()): recruitment links a step
decided at a 支委会 or 支部党员大会 to the record of that meeting, or enters the record from the
step — once, through record_meeting and its rules."""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.orglife.models import Meeting
from dangjian.orglife.rules import Kind
from dangjian.orglife.services import record_meeting
from dangjian.orgs.meeting_records import MeetingRecord


def _record(meeting: Meeting) -> MeetingRecord:
    return MeetingRecord(pk=meeting.pk, org_id=meeting.org_id, kind=meeting.kind, kind_label=Kind(meeting.kind).label,
                         held_on=meeting.held_on, topic=meeting.topic,
                         url=reverse("orglife:detail", kwargs={"pk": meeting.pk}))


_FIELDS = ("pk", "org_id", "kind", "held_on", "topic")


class OrglifeMeetingBook:
    def recent(self, org, kinds: tuple[str, ...], *, user, limit: int) -> list[MeetingRecord]:
        meetings = (Meeting.objects.visible_to(user).filter(org=org, kind__in=kinds)
                    .only(*_FIELDS).order_by("-held_on", "-pk")[:limit])
        return [_record(m) for m in meetings]

    def get(self, pk: int) -> MeetingRecord | None:
        meeting = Meeting.objects.only(*_FIELDS).filter(pk=pk).first()
        return _record(meeting) if meeting else None

    def visible(self, pk: int, user) -> bool:
        return Meeting.objects.visible_to(user).filter(pk=pk).exists()

    def can_create(self, user, org) -> bool:
        return scope_of(user).allows(Action.ORGLIFE_MANAGE, org.path)

    def create(self, org, *, kind: str, held_on: datetime.date, topic: str, place: str, resolutions: str,
               acting_user) -> MeetingRecord:
        # Everyone expected is recorded present, as the meeting form does until marks are made;
        # the caller sends the secretary to the record to mark absences and add the minutes.
        meeting = record_meeting(org, acting_user=acting_user, kind=kind, held_on=held_on, topic=topic, place=place,
                                 resolutions=resolutions)
        return _record(meeting)
