"""API of 党务公开: what is published to the caller (current, or the history with `all`), each item
with its content — the same selection as the 党务公开 page and the home page."""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from dangjian.supervision.selectors import disclosure as S

router = Router(tags=["党务公开"])


class PublishedOut(Schema):
    id: int
    org: str
    title: str
    body: str
    columns: list[str]
    rows: list[list[str]]
    audience: str
    audience_label: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    state: str


class PublishedPage(Schema):
    count: int
    items: list[PublishedOut]


class PublishedFilter(Schema):
    all: bool = Field(False, description="true：含已归档的公开记录；默认只列正在公开的")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**7)


@router.get("/disclosures/published", response=PublishedPage, url_name="disclosures_published",
            summary="向本人公开的党务（本组织及上级党组织；党员见党内、校内、社会公开，职务人员见校内、社会公开）")
def published(request, filters: Query[PublishedFilter]):
    rows = S.public_history(request.auth) if filters.all else S.published_to(request.auth, timezone.localdate())
    return {"count": rows.count(), "items": [
        {"id": i.pk, "org": i.org.name, "title": i.title, "body": i.body, "columns": i.table.get("columns", []),
         "rows": i.table.get("rows", []), "audience": i.audience, "audience_label": i.get_audience_display(),
         "starts_on": i.starts_on, "ends_on": i.ends_on, "state": i.state}
        for i in rows[filters.offset:filters.offset + filters.limit]]}
