"""One filter definition per list (ARCHITECTURE.md pattern 5): the page uses it now, the export
and the API can reuse it. Each filter starts from a queryset the caller has already scoped with
`visible_to(user)` and only ever narrows it."""

from __future__ import annotations

from django import forms

from dangjian.orgs.models import OrgKind, Ownership, PartyOrg, SchoolType
from dangjian.orgs.rules import TERM_YEARS
from dangjian.orgs.selectors import narrow_orgs, narrow_schools

# Organizations that contain others: offered in the "within" select. Any other visible
# organization is still accepted (links from a branch's page carry its id).
CONTAINER_KINDS = (OrgKind.EDUCATION_COMMITTEE, OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH)
MAX_QUERY_LENGTH = 100


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
        field.widget.attrs.setdefault("class", css)


class ScopedFilter(forms.Form):
    """A filter form that knows its user, so that `within` accepts only a visible organization."""

    within = forms.IntegerField(label="所属范围", required=False, widget=forms.Select)
    q = forms.CharField(label="名称或代码", required=False, max_length=MAX_QUERY_LENGTH,
                        error_messages={"max_length": "搜索词最多 %(limit_value)d 个字符"})
    sort_fields: dict[str, str] = {}
    default_sort = "path"

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        self.within_org = None
        containers = PartyOrg.objects.visible_to(user).filter(kind__in=CONTAINER_KINDS, is_active=True).only(
            "id", "name", "depth", "path")
        choices = [("", "全部")] + [(o.id, "　" * max(o.depth - 1, 0) + o.name) for o in containers]
        self.fields["within"].widget.choices = choices
        if self.sort_fields:
            self.fields["sort"] = forms.ChoiceField(
                required=False, choices=[(k, k) for k in self.sort_fields] + [(f"-{k}", k) for k in self.sort_fields],
                widget=forms.HiddenInput,
            )
        _style(self)

    def clean_within(self):
        org_id = self.cleaned_data.get("within")
        if org_id is None:
            return None
        # Not visible and not there give the same answer.
        self.within_org = PartyOrg.objects.visible_to(self.user).filter(pk=org_id).first()
        if self.within_org is None:
            raise forms.ValidationError("未找到该组织")
        choices = self.fields["within"].widget.choices
        if all(str(value) != str(org_id) for value, _ in choices):
            self.fields["within"].widget.choices = [*choices, (org_id, self.within_org.name)]
        return org_id

    @property
    def sort(self) -> str:
        value = self.cleaned_data.get("sort") if self.is_valid() else ""
        return value or self.default_sort

    def order_by(self) -> list[str]:
        key = self.sort
        desc = key.startswith("-")
        column = self.sort_fields.get(key.lstrip("-"))
        if column is None:
            return [self.default_sort]
        return [f"-{column}" if desc else column, "pk"]

    def filter(self, queryset):
        """Apply the filter; an invalid filter shows its errors and matches nothing, so a bad
        parameter never widens a list."""
        if not self.is_valid():
            return queryset.none()
        return self.narrow(queryset, self.cleaned_data).order_by(*self.order_by())

    def narrow(self, queryset, data):  # pragma: no cover - each list defines it
        raise NotImplementedError


class OrgFilter(ScopedFilter):
    kind = forms.ChoiceField(label="组织类别", required=False, choices=[("", "全部")] + OrgKind.choices)
    sort_fields = {"name": "name", "code": "code", "kind": "kind", "term_end": "term_end", "children": "numchild"}

    def narrow(self, queryset, data):
        return narrow_orgs(queryset, within=self.within_org, kind=data["kind"], q=data["q"])


class SchoolFilter(ScopedFilter):
    ownership = forms.ChoiceField(label="办学性质", required=False, choices=[("", "全部")] + Ownership.choices)
    school_type = forms.ChoiceField(label="学校类型", required=False, choices=[("", "全部")] + SchoolType.choices)
    has_org = forms.ChoiceField(label="党组织", required=False,
                                choices=[("", "全部"), ("yes", "已建立"), ("no", "未建立")])
    county = forms.ChoiceField(label="所在区县", required=False)
    sort_fields = {"name": "name", "code": "code", "county": "county", "staff": "staff_count",
                   "students": "student_count"}
    default_sort = "code"

    def __init__(self, data, *, user, counties: list[str]):
        super().__init__(data, user=user)
        self.fields["county"].choices = [("", "全部")] + [(c, c) for c in counties]

    def narrow(self, queryset, data):
        has_org = {"yes": True, "no": False}.get(data["has_org"])
        return narrow_schools(queryset, within=self.within_org, ownership=data["ownership"],
                              school_type=data["school_type"], county=data["county"], has_org=has_org, q=data["q"])


class FindingFilter(ScopedFilter):
    """Filters the structure findings of the school-level organizations in a subtree."""

    level = forms.ChoiceField(label="程度", required=False,
                              choices=[("", "全部"), ("danger", "不符合规定"), ("warning", "提醒")])
    kind = forms.ChoiceField(label="组织类别", required=False,
                             choices=[("", "全部")] + [(k, OrgKind(k).label) for k in TERM_YEARS])

    def keep(self, org, findings: list) -> list:
        """The findings of `org` that pass the filter (an empty list drops the organization)."""
        data = self.cleaned_data
        if data.get("kind") and org.kind != data["kind"]:
            return []
        q = (data.get("q") or "").lower()
        if q and q not in org.name.lower() and q not in org.code.lower():
            return []
        if data.get("level"):
            findings = [f for f in findings if f.level == data["level"]]
        return findings
