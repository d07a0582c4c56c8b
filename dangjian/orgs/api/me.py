"""GET /api/v1/me: who is calling, their positions and the actions they may take. In orgs
because the answer is the caller's positions (Position); first in the app's one router (dangjian.orgs.api)."""

from __future__ import annotations

from django.utils import timezone
from ninja import Router, Schema

from dangjian.core.roles import ROLE_ACTIONS, Action, Post
from dangjian.core.scoping import scope_of
from dangjian.orgs.models import Position

router = Router(tags=["当前用户"])


class PositionOut(Schema):
    org_id: int
    org_name: str
    org_kind: str
    post: str
    post_label: str
    actions: list[str]


class MeOut(Schema):
    username: str
    display_name: str
    is_superuser: bool
    needs_second_factor: bool
    positions: list[PositionOut]
    actions: list[str]
    member_id: int | None


# The operation id it had when core defined it: clients generated from the schema keep working.
@router.get("/me", response=MeOut, url_name="me", summary="当前用户：任职与可执行的操作", operation_id="dangjian_core_api_me")
def me(request):
    user = request.auth
    scope = scope_of(user)
    positions = [
        {
            "org_id": p.org_id, "org_name": p.org.name, "org_kind": p.org.kind, "post": p.post,
            "post_label": Post(p.post).label, "actions": sorted(ROLE_ACTIONS.get(p.post, ())),
        }
        for p in Position.objects.active_on(timezone.localdate()).filter(user=user, org__is_active=True)
        .select_related("org")
    ]
    actions = sorted(Action.values) if scope.is_superuser else sorted({a for p in positions for a in p["actions"]})
    member = getattr(user, "member", None)  # the reverse one-to-one raises AttributeError when absent
    return {
        "username": user.get_username(), "display_name": user.display_name or user.get_username(),
        "is_superuser": user.is_superuser, "needs_second_factor": scope.needs_second_factor,
        "positions": positions, "actions": actions, "member_id": member.pk if member else None,
    }
