"""partials/status.html as a function, for rows rendered in Python (members' list): a status is
a colour and a word, never colour alone. The markup is the partial's; a test keeps the two equal."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# state → (CSS class, the word when none is given), as partials/status.html writes them.
BADGES = {"ok": ("status-ok", "正常"), "warning": ("status-warning", "即将到期"),
          "danger": ("status-danger", "逾期"), "na": ("status-na", "不适用")}


@register.simple_tag
def status_badge(state: str, label: str = "") -> SafeString:
    css, default = BADGES.get(state, BADGES["na"])
    return format_html('<span class="badge status {}">{}</span>', css, label or default)
