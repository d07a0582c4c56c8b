"""A request id on every request (and its answer), the request as context for the audit log, and
the audit entry of every refused request (QUALITY.md item 11: permission denials are audited)."""

import logging
import uuid

from dangjian.core import audit
from dangjian.core.models import AuditEntry

# client_ip stays importable from here: AXES_CLIENT_IP_CALLABLE in the settings names it so.
from dangjian.core.request_context import _current_request, client_ip, current_request  # noqa: F401

logger = logging.getLogger(__name__)

# The event types of a refused request. A 403 is a denial: in scope, without the right. A 404
# of a signed-in user on a real route is recorded as well, because "not yours" answers 404 on
# purpose (QUALITY.md item 2): a user probing other schools' records shows up only there. The
# entry is written whether the object is missing or out of scope, and the answer is the same
# either way, so the user learns nothing from it.
DENIED = "permission.denied"
NOT_FOUND = "permission.not_found"
# The API's catch-all for unknown paths: its "rest" is whatever was typed, not an object id.
_UNROUTED = {"api:unknown"}
_MAX_ARG = 64

def _object_id(kwargs: dict) -> str:
    for name in ("pk", "id", *sorted(kwargs)):
        if name in kwargs:
            return str(kwargs[name])[:_MAX_ARG]
    return ""


def audit_refusal(request, response) -> None:
    """One audit entry for a refused request: the route's name and its path arguments (the id
    asked for) only: no query string, no posted data, no answer. The user, role, address and
    request id come with every entry (audit.record)."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    if response.status_code == 403:
        action, result = DENIED, AuditEntry.Result.DENIED
    elif response.status_code == 404 and signed_in and match is not None and match.view_name not in _UNROUTED:
        action, result = NOT_FOUND, AuditEntry.Result.FAILURE
    else:
        return
    kwargs = match.kwargs if match is not None else {}
    changes = {
        "url_name": match.view_name if match is not None else "",
        "method": request.method,
        "status": response.status_code,
        "args": {name: str(value)[:_MAX_ARG] for name, value in kwargs.items()},
    }
    entry_id = _object_id(kwargs)
    try:
        audit.record(action, actor=user if signed_in else None, changes=changes, result=result, request=request,
                     reason=getattr(request, "denial_reason", ""), object_id=entry_id)
    except Exception:  # noqa: BLE001 - the refusal stands; a failed entry is an operator's alarm, not a 500
        logger.exception("could not audit a refused request (%s %s)", action, changes["url_name"])


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
            if response.status_code in (403, 404):
                audit_refusal(request, response)
        finally:
            _current_request.reset(token)
        response["X-Request-Id"] = request.request_id
        return response
