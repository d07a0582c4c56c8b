"""What every domain's pages need to check a right, in one place.

The organization a page is about (`org_for`) and the current organization are the orgs app's
(dangjian.orgs.current): core knows no domain model.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of


def require(request, action: str, path: str | None = None) -> None:
    """403 unless the user holds `action` (on `path`, or anywhere when no path is given)."""
    if not scope_of(request.user).allows(action, path):
        raise PermissionDenied(f"您的职务不含“{Action(action).label}”的权限")
