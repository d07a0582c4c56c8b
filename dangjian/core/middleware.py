"""Request context for the audit log: a request id, the client address and the user."""

import contextvars
import uuid

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


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response["X-Request-Id"] = request.request_id
        return response
