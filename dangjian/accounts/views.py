"""Login, logout, second factor and password change. The rules live in policy.py and the
state changes in services.py; these views only wire forms to them."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from dangjian.accounts import services
from dangjian.accounts.forms import LoginForm, OtpForm, PasswordChangeFormCN
from dangjian.accounts.policy import lockout_ends_at, lockout_minutes, password_expired
from dangjian.accounts.qr import qr_svg
from dangjian.core.scoping import scope_of


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
        "required": settings.REQUIRE_2FA and scope_of(request.user).needs_second_factor,
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
