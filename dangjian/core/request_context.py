"""What the audit log needs to know about the request being served, wherever it is written from:
the request itself (a context variable set by RequestIdMiddleware), the client's address, and
the reason a refusal gave. A module of its own, below both the audit log and the middleware
that writes the entries of refused requests, so neither imports the other in a circle."""

import contextvars

_current_request: contextvars.ContextVar = contextvars.ContextVar("current_request", default=None)


def current_request():
    return _current_request.get()


def client_ip(request) -> str:
    """The client's address for the audit log and the login lockout. X-Real-IP is trusted only
    when DANGJIAN_BEHIND_PROXY says nginx sets it; otherwise any client could forge it and
    slip past the per-address lockout."""
    from django.conf import settings

    if settings.BEHIND_PROXY and request.META.get("HTTP_X_REAL_IP"):
        return request.META["HTTP_X_REAL_IP"]
    return request.META.get("REMOTE_ADDR", "")


def note_denial(request, message: str) -> None:
    """The reason a 403 handler gave (the page's and the API's): the audit entry of the refusal
    repeats it. It is the code's own sentence ("您的职务不含…权限"), never the user's input."""
    request.denial_reason = message
