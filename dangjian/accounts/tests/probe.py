"""Ask the access middleware what it would do with a request, without running a view: the
pages of other apps are not this app's to depend on."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from dangjian.accounts.middleware import LoginRequiredMiddleware

LET_THROUGH = "reached the view"


def middleware_answer(user, path: str, *, verified: bool = False) -> HttpResponse:
    request = RequestFactory().get(path)
    request.session = SessionStore()
    request.user = user or AnonymousUser()
    if user is not None:
        request.user.is_verified = lambda: verified  # what django_otp's OTPMiddleware adds
    return LoginRequiredMiddleware(lambda r: HttpResponse(LET_THROUGH))(request)


def lets_through(user, path: str, *, verified: bool = False) -> bool:
    response = middleware_answer(user, path, verified=verified)
    return response.status_code == 200 and response.content.decode() == LET_THROUGH
