"""In-app notifications. Idempotent by key, so a periodic job can run any number of times
and a user sees each reminder once."""

from dangjian.core.models import Notification


def notify(user, *, key: str, title: str, body: str = "", url: str = "", level: str = Notification.Level.INFO) -> bool:
    """Create the notification unless one with this key exists; True when it was new."""
    _, created = Notification.objects.get_or_create(
        user=user, key=key, defaults={"title": title, "body": body, "url": url, "level": level}
    )
    return created
