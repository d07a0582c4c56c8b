"""API of one's own in-app notifications (the bell of the top bar): the list, and marking one or
all of them read, as the notifications page does (dangjian.core.notify.mark_read).

A notification belongs to its user alone: another user's id is the same 404 as a missing one.
Mounted by config/api.py (core knows no domain, and notifications are core's own)."""

from __future__ import annotations

import datetime

from django.db.models import F
from ninja import Field, Path, Query, Router, Schema

from dangjian.core.notify import mark_read

router = Router(tags=["消息"])


class NotificationOut(Schema):
    id: int
    level: str = Field(description="info 提示 / warning 即将到期 / danger 已逾期")
    level_label: str
    title: str
    body: str
    url: str = Field(description="相关页面的地址（站内路径）；无则为空")
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationPage(Schema):
    count: int
    unread: int
    items: list[NotificationOut]


class NotificationQuery(Schema):
    unread: bool = Field(False, description="true 时只列未读")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class ReadAllIn(Schema):
    """A body is required, as for every write (a malformed one is refused, not ignored); it may be
    {} or name the newest notification the client has shown, so that one arriving meanwhile stays unread."""

    model_config = {"extra": "forbid"}

    up_to: int | None = Field(None, ge=1, le=2**63 - 1, description="只标记编号不大于此值的消息（客户端已显示的最新一条）；不填为全部")


class ReadOut(Schema):
    marked: int = Field(description="本次标为已读的条数")


def _item(n) -> dict:
    return {"id": n.pk, "level": n.level, "level_label": n.get_level_display(), "title": n.title, "body": n.body,
            "url": n.url, "created_at": n.created_at, "read_at": n.read_at}


@router.get("/notifications/", response=NotificationPage, url_name="notification_list",
            summary="本人的消息提醒：未读在前")
def list_notifications(request, query: Query[NotificationQuery]):
    own = request.auth.notifications.all()
    rows = own.filter(read_at__isnull=True) if query.unread else own
    # Unread (no read_at) first on both engines: PostgreSQL sorts NULL last by default.
    rows = rows.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")
    return {"count": rows.count(), "unread": own.filter(read_at__isnull=True).count(),
            "items": [_item(n) for n in rows[query.offset:query.offset + query.limit]]}


@router.post("/notifications/{int:id}/read", response=ReadOut, url_name="notification_mark_read",
             summary="将一条消息标为已读")
def read_one(request, id: int = Path(..., ge=1, le=2**63 - 1, description="消息编号")):
    return {"marked": mark_read(request.auth, id)}


@router.post("/notifications/read-all", response=ReadOut, url_name="notification_read_all",
             summary="将本人的全部消息标为已读")
def read_all(request, payload: ReadAllIn):
    return {"marked": mark_read(request.auth, up_to=payload.up_to)}
