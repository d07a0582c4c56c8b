"""规则与时限: the 25 steps with their rules and citations as the file pages apply them, the
limits in force for an organization, and the higher committee's form to make one stricter for
its subtree (services.set_rule_setting refuses a looser one)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.recruitment import selectors, services
from dangjian.recruitment.forms import RuleSettingForm
from dangjian.recruitment.models import RuleSetting
from dangjian.recruitment.rules import ADJUSTABLE, STEPS, Stage, Unit
from dangjian.recruitment.views.files import recruitment_org, require


def rules_page(request):
    org = recruitment_org(request, request.GET.get("org"))
    can_configure = scope_of(request.user).allows(Action.RECRUITMENT_CONFIGURE, org.path)
    form = RuleSettingForm(request.POST or None)
    if request.method == "POST":
        require(request, Action.RECRUITMENT_CONFIGURE, org.path)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_rule_setting(org, data["rule_code"], data["value"], reason=data["reason"],
                                          acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已为{org.name}及下级组织从严设定：{ADJUSTABLE[data['rule_code']].text}。")
                return redirect(f"{reverse('recruitment:rules')}?org={org.pk}")
        return _render(request, org, form, can_configure, status=422)
    return _render(request, org, form, can_configure)


def _render(request, org, form, can_configure, status=200):
    limits = services.effective_limits(org)
    settings = (RuleSetting.objects.filter(org__path__in=services.ancestor_paths(org.path))
                .select_related("org", "set_by").order_by("org__path", "rule_code"))
    adjustable = [{"rule": rule, "unit": Unit(rule.unit).label, "here": limits[code],
                   "stricter": limits[code] != rule.value,
                   "direction": "只能调高" if rule.stricter == "up" else "只能调低"}
                  for code, rule in ADJUSTABLE.items()]
    stages = [{"label": label, "steps": [{"step": s, "rules": selectors.rules_of(s, limits)}
                                         for s in STEPS if s.stage == value]}
              for value, label in Stage.choices]
    return render(request, "recruitment/rules.html", {
        "org": org, "stages": stages, "adjustable": adjustable, "settings": settings,
        "can_configure": can_configure, "form": form if can_configure else None,
    }, status=status)
