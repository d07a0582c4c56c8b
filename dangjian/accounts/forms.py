"""Forms of the login pages. Widgets carry the Bootstrap classes so that templates stay plain
and no page needs inline styles (the CSP forbids them)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxValueValidator

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


class ApiTokenForm(forms.Form):
    """What a user chooses for a new token. The form checks the shapes; the rules (lifetime
    limit, second factor) are the service's, and its refusals land next to these fields."""

    name = forms.CharField(label="名称", max_length=100, strip=True,
                           help_text="写明用途，便于日后辨认和撤销，例如“学校数据同步”",
                           error_messages={"required": "请填写令牌名称", "max_length": "名称不能超过 100 个字符"})
    scope = forms.ChoiceField(label="权限", widget=forms.RadioSelect, initial="read",
                              error_messages={"required": "请选择令牌权限", "invalid_choice": "请选择令牌权限"})
    days = forms.IntegerField(label="有效期（天）", min_value=1)
    otp = forms.RegexField(label="动态验证码", regex=r"^\d{6}$", max_length=6, strip=True,
                           help_text="您的账号须二次验证：请输入手机上当前显示的 6 位数字",
                           error_messages={"required": "请输入 6 位动态验证码", "invalid": "动态验证码为 6 位数字"},
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                         "pattern": r"\d{6}", "maxlength": "6"}))
    # A one-time value from the page that showed the form: a reload of the answer (which holds
    # the new secret) must not issue a second token.
    nonce = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, needs_code: bool, default_days: int, max_days: int, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scopes
        days = self.fields["days"]
        days.initial, days.max_value = default_days, max_days
        days.validators.append(MaxValueValidator(max_days, message=f"有效期不能超过 {max_days} 天"))
        days.widget.attrs.update({"min": 1, "max": max_days})
        days.error_messages = {"required": "请填写有效期天数", "invalid": "有效期须为整数天数",
                               "min_value": "有效期至少 1 天", "max_value": f"有效期不能超过 {max_days} 天"}
        days.help_text = f"默认 {default_days} 天，最长 {max_days} 天；到期后令牌自动失效"
        if not needs_code:
            del self.fields["otp"]
        for name in ("name", "days", "otp"):
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-control"
