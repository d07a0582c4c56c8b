"""What every page of the shell needs: the user's scope and the unread notification count."""

from dangjian.core.scoping import scope_of


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_of(user)
    return {
        "scope": scope,
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
    }
