"""The members app's part of the shell (dangjian.core.shell): whether the user has a member
record of their own, which opens the sidebar's 我的 entries (my record, my dues, my meetings)."""

from __future__ import annotations

from dangjian.members.models import own_record


def shell_part(request) -> dict:
    # The id and path only (one small query, reused by Member.objects.visible_to in the same
    # request), not the whole record that `hasattr(user, "member")` loaded on every page.
    return {"has_member_record": own_record(request.user) is not None}
