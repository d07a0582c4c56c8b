"""Login, logout, second factor, password change and the API token page. The rules live in
policy.py and rules.py and the state changes in services/; these views only wire forms to them."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from dangjian.accounts import rules, services
from dangjian.accounts.forms import ApiTokenForm, LoginForm, OtpForm, PasswordChangeFormCN
from dangjian.accounts.models import ApiToken
from dangjian.accounts.policy import lockout_ends_at, lockout_minutes, needs_second_factor, password_expired
from dangjian.accounts.qr import qr_svg
from dangjian.core.errors import RuleViolation
from dangjian.core.scoping import get_visible_or_404


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("expired") == "1"
        return context


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): a link or an image on another site cannot log the user out.
    auth.logout flushes the session row, so the old session id is dead server-side."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "您已安全退出")
        return response


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    """The page axes shows instead of logging in while a username or address is locked."""
    tried = getattr(request, "axes_credentials", None) or credentials or {}
    ends_at = lockout_ends_at(tried.get("username"), getattr(request, "axes_ip_address", None))
    context = {
        "minutes": lockout_minutes(),
        "ends_at": timezone.localtime(ends_at) if ends_at else None,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "accounts/locked_out.html", context, status=429)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return fallback


@never_cache
@require_http_methods(["GET", "POST"])
def otp(request):
    """Second factor: enrol a phone (secret + QR code, then a code to confirm) or enter a code."""
    next_url = _safe_next(request, reverse(settings.LOGIN_REDIRECT_URL))
    if request.user.is_verified():
        return redirect(next_url)
    device = services.totp_device_for(request.user)
    form = OtpForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        result = services.verify_second_factor(request, device, form.cleaned_data["token"])
        if result.ok:
            return redirect(next_url)
        error = result.message
    context = {
        "form": form,
        "error": error,
        "next": next_url,
        "enrolling": not device.confirmed,
        "required": needs_second_factor(request.user),
    }
    if not device.confirmed:
        secret = services.base32_secret(device)
        # Groups of four are easier to type into an app by hand; the apps ignore the spaces.
        grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
        context |= {"secret": grouped, "qr_svg": qr_svg(device.config_url)}
    return render(request, "accounts/otp.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeFormCN
    success_url = reverse_lazy(settings.LOGIN_REDIRECT_URL)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rotation_due"] = password_expired(self.request.user)
        context["max_age_days"] = settings.PASSWORD_MAX_AGE_DAYS
        return context

    def form_valid(self, form):
        services.change_password(self.request, form)
        messages.success(self.request, "密码已修改")
        return redirect(self.get_success_url())


TOKEN_FORM_NONCE = "dangjian_token_form"
TOKENS_SHOWN = 100  # a user with more has a problem the list would not solve; the count says so


def _token_form(request, data=None) -> ApiTokenForm:
    return ApiTokenForm(data, needs_code=needs_second_factor(request.user), default_days=rules.default_days(),
                        max_days=rules.max_days(), scopes=ApiToken.Scope.choices)


@never_cache
@require_http_methods(["GET", "POST"])
def tokens(request):
    """The user's own API tokens: the list (never a secret), a form to issue one, and — once,
    in the answer to that form — the new secret. The answer is never cached, and the secret is
    never put in the session or anywhere else: a user who loses it revokes and issues again."""
    issued = None
    if request.method == "POST":
        form = _token_form(request, request.POST)
        expected = request.session.pop(TOKEN_FORM_NONCE, None)
        if form.is_valid() and not (expected and secrets.compare_digest(expected, form.cleaned_data["nonce"])):
            form.add_error(None, "此表单已失效（已提交过，或在其他窗口重新打开了本页），未签发令牌；如需新令牌请重新填写")
        if form.is_valid():
            data = form.cleaned_data
            try:
                issued = services.issue_api_token(request.user, name=data["name"], scope=data["scope"],
                                                  days=data["days"], otp_code=data.get("otp", ""),
                                                  acting_user=request.user, request=request)
            except RuleViolation as refusal:
                form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        if issued is not None:
            form = _token_form(request)
    else:
        form = _token_form(request)
    nonce = secrets.token_urlsafe(16)
    request.session[TOKEN_FORM_NONCE] = nonce
    form.initial["nonce"] = nonce
    if form.is_bound:  # a re-displayed form carries the new nonce, not the spent one
        form.data = form.data.copy()
        form.data["nonce"] = nonce
    owned = ApiToken.objects.owned_by(request.user)
    context = {
        "form": form,
        "issued": issued,
        "tokens": owned[:TOKENS_SHOWN],
        "token_count": owned.count(),
        "shown": TOKENS_SHOWN,
        "needs_code": needs_second_factor(request.user),
        "max_days": rules.max_days(),
        "now": timezone.now(),
    }
    return render(request, "accounts/tokens.html", context)


@require_POST
def token_revoke(request, pk):
    token = get_visible_or_404(ApiToken.objects.owned_by(request.user), pk=pk)
    if services.revoke_api_token(token, acting_user=request.user, request=request, reason="本人在“API 令牌”页面撤销"):
        messages.success(request, f"令牌“{token.name}”已撤销，使用它的客户端将无法再访问接口")
    else:
        messages.info(request, f"令牌“{token.name}”此前已撤销")
    return redirect("accounts:tokens")
