"""Forms of the login pages. Widgets carry the Bootstrap classes so that templates stay plain
and no page needs inline styles (the CSP forbids them)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from dangjian.accounts.policy import LOGIN_FAILED_MESSAGE


class BootstrapMixin:
    """Adds form-control to every widget, and is-invalid once a field has an error."""

    extra_classes: dict[str, str] = {}

    def _style_widgets(self):
        for name, field in self.fields.items():
            invalid = self.is_bound and name in (self._errors or {})
            classes = ["form-control", self.extra_classes.get(name, ""), "is-invalid" if invalid else ""]
            field.widget.attrs["class"] = " ".join(c for c in classes if c)
            if invalid:
                field.widget.attrs["aria-invalid"] = "true"

    def full_clean(self):
        super().full_clean()
        self._style_widgets()


class LoginForm(BootstrapMixin, AuthenticationForm):
    # One message for a wrong username, a wrong password and a disabled account alike:
    # anything more specific tells an attacker which usernames exist.
    error_messages = {"invalid_login": LOGIN_FAILED_MESSAGE, "inactive": LOGIN_FAILED_MESSAGE}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        self.fields["username"].widget.attrs.update({"autocapitalize": "none", "spellcheck": "false"})
        self._style_widgets()


class OtpForm(BootstrapMixin, forms.Form):
    extra_classes = {"token": "dj-otp-input"}

    token = forms.RegexField(
        label="动态验证码",
        regex=r"^\d{6}$",
        max_length=6,
        strip=True,
        error_messages={"required": "请输入 6 位动态验证码", "invalid": "动态验证码为 6 位数字"},
        widget=forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "one-time-code", "pattern": r"\d{6}", "maxlength": "6",
            "autofocus": True,
        }),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class PasswordChangeFormCN(BootstrapMixin, PasswordChangeForm):
    """Django's form (labels and validator messages come translated from its zh-hans catalogue)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()
