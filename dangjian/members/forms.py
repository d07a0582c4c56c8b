"""Forms of the member pages. Each lists its writable fields explicitly (QUALITY.md item 4) and
only collects input: the services decide, and a RuleViolation they raise is put next to the field
it names (`ServiceForm.add_violation`).

`MemberFilter` turns a query string into the one filter definition, `MemberCriteria`, so the list
page and the export read the same parameters the same way."""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from dangjian.core.roles import Action
from dangjian.core.scoping import path_filter
from dangjian.members.models import ETHNICITIES, Education, EventKind, Gender, Job, LeaveKind, MemberStatus, Standing
from dangjian.members.selectors import AGE_BANDS, FLAGS, YEARS_BANDS, MemberCriteria
from dangjian.members.services import EDITABLE_FIELDS, MEMBER_ORG_KINDS
from dangjian.orgs.filters import CONTAINER_KINDS, MAX_QUERY_LENGTH
from dangjian.orgs.forms import DateInput, ServiceForm
from dangjian.orgs.models import OrgKind, PartyOrg

# Above this many organizations a select stops being usable (and costs page weight at city
# scale): the "organization" filter then asks for a narrower "within" first.
ORG_CHOICES_LIMIT = 300
ALL = [("", "全部")]


class QuickSelect(forms.Select):
    """A select whose options are joined as strings, not rendered by a template each: Django
    renders every <option> through its own template (about 0.2 ms apiece), and the list's and
    the statistics' filters carry a few hundred options (organizations, 56 民族) on pages opened
    all day long. The same markup as Django's for a flat list of choices (these have no groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        wanted = set(self.format_value(value))  # strings, None as "" (as Django selects them)
        options, chosen = [], False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not chosen and option_value in wanted  # one selected option, the first
            chosen = chosen or selected
            options.append(f'<option value="{escape(option_value)}"{SELECTED if selected else ""}>'
                           f"{conditional_escape(label)}</option>")
        # The attributes as django/forms/widgets/attrs.html writes them: in order, True bare, False left out.
        written = format_html_join("", "{}", ((format_html(" {}", key) if value is True else
                                               format_html(' {}="{}"', key, value),)
                                              for key, value in final_attrs.items() if value is not False))
        # Every value and label above is escaped (format_html per option cost as much as the template).
        return format_html('<select name="{}"{}>{}</select>', name, written, mark_safe("".join(options)))  # noqa: S308


SELECTED = mark_safe(" selected")


def _indented(name: str, depth: int) -> str:
    return "　" * max(depth - 1, 0) + name


def member_orgs(user, action: str = Action.MEMBER_VIEW):
    """Organizations members can belong to, among those where the user has `action`."""
    return PartyOrg.objects.visible_to(user, action).filter(kind__in=MEMBER_ORG_KINDS, is_active=True)


def groups_of(org: PartyOrg):
    return PartyOrg.objects.filter(path__startswith=org.path, depth=org.depth + 1, kind=OrgKind.GROUP,
                                   is_active=True)


# --- the list's filter ----------------------------------------------------------------------

class MemberFilter(forms.Form):
    """The member list's query string → MemberCriteria. Organizations are accepted only among
    those the user may see members of; anything else is "未找到该组织", never a wider list."""

    q = forms.CharField(label="姓名 / 拼音 / 首字母", required=False, max_length=MAX_QUERY_LENGTH,
                        error_messages={"max_length": "搜索词最多 %(limit_value)d 个字符"},
                        widget=forms.TextInput(attrs={"placeholder": "姓名、全拼或首字母"}))
    within = forms.IntegerField(label="所属范围", required=False, widget=forms.Select)
    org = forms.IntegerField(label="所在党组织", required=False, widget=forms.Select)
    group = forms.IntegerField(label="党小组", required=False, widget=forms.Select)
    status = forms.ChoiceField(label="党员类别", required=False, choices=ALL + MemberStatus.choices)
    standing = forms.ChoiceField(label="党籍状态", required=False,
                                 choices=[("active", "在册"), ("all", "全部")] + Standing.choices)
    job = forms.ChoiceField(label="工作岗位", required=False, choices=ALL + Job.choices)
    gender = forms.ChoiceField(label="性别", required=False, choices=ALL + Gender.choices)
    age_band = forms.ChoiceField(label="年龄", required=False, choices=ALL + [(b[0], b[0]) for b in AGE_BANDS])
    education = forms.ChoiceField(label="学历", required=False, choices=ALL + Education.choices)
    ethnicity = forms.ChoiceField(label="民族", required=False, choices=ALL + [(e, e) for e in ETHNICITIES])
    years_band = forms.ChoiceField(label="党龄", required=False, choices=ALL + [(b[0], b[0]) for b in YEARS_BANDS])
    flag = forms.ChoiceField(label="标记", required=False, choices=ALL + list(FLAGS.items()))
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    # sort key → columns; the name sorts by pinyin, as a Chinese roster is ordered.
    sort_fields = {"name": ("name_pinyin", "name"), "org": ("org__path", "name_pinyin"),
                   "joined_on": ("joined_on",), "birth_date": ("birth_date",)}
    default_sort = "org"

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        self.within_org = self.org_obj = self.group_obj = None
        self.fields["sort"].choices = [("", "")] + [(k, k) for k in self.sort_fields] + [
            (f"-{k}", k) for k in self.sort_fields]
        visible = PartyOrg.objects.visible_to(user, Action.MEMBER_VIEW).filter(is_active=True)
        self._visible = visible
        # Plain values, not model instances: a county's select holds some 300 organizations.
        containers = visible.filter(kind__in=CONTAINER_KINDS).order_by("path").values_list("id", "name", "depth")
        self.fields["within"].widget.choices = ALL + [(pk, _indented(name, depth)) for pk, name, depth in containers]
        # The organization select lists the member organizations under the chosen range, or all
        # of the user's when they are few enough.
        within = self._visible_by_pk(self.data.get("within"))
        orgs = visible.filter(kind__in=MEMBER_ORG_KINDS)
        if within is not None:
            orgs = orgs.filter(path__startswith=within.path)
        orgs = list(orgs.order_by("path").values_list("id", "name")[:ORG_CHOICES_LIMIT + 1])
        if len(orgs) > ORG_CHOICES_LIMIT:
            self.fields["org"].widget.choices = [("", "（组织较多，请先选择所属范围）")]
        else:
            self.fields["org"].widget.choices = ALL + orgs
        org = self._visible_by_pk(self.data.get("org"))
        groups = list(groups_of(org).only("id", "name")) if org is not None else []
        self.fields["group"].widget.choices = ALL + [(g.id, g.name) for g in groups] if org is not None else [
            ("", "（先选择所在党组织）")]
        _style_filter(self)

    PRIMARY = ("q", "within", "org", "group", "status", "standing")
    MORE = ("job", "gender", "age_band", "education", "ethnicity", "years_band", "flag")

    @property
    def primary_fields(self):
        # A branch secretary has no range to choose: the select would offer only "全部".
        names = [n for n in self.PRIMARY if n != "within" or len(self.fields["within"].widget.choices) > 1]
        return [self[name] for name in names]

    @property
    def more_fields(self):
        return [self[name] for name in self.MORE]

    @property
    def more_open(self) -> bool:
        """The secondary filters stay unfolded while one of them is in use."""
        return any(self.data.get(name) for name in self.MORE)

    def _visible_by_pk(self, raw):
        try:
            return self._visible.filter(pk=int(raw)).first() if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def _org_field(self, name: str, attr: str):
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        org = self._visible_by_pk(value)
        if org is None:  # not visible and not there give the same answer
            raise forms.ValidationError("未找到该组织")
        setattr(self, attr, org)
        choices = self.fields[name].widget.choices
        if all(str(v) != str(value) for v, _ in choices):
            self.fields[name].widget.choices = [*choices, (value, org.name)]
        return value

    def clean_within(self):
        return self._org_field("within", "within_org")

    def clean_org(self):
        return self._org_field("org", "org_obj")

    def clean_group(self):
        value = self._org_field("group", "group_obj")
        if self.group_obj is not None and self.group_obj.kind != OrgKind.GROUP:
            raise forms.ValidationError("请选择党小组")
        return value

    def criteria(self) -> MemberCriteria | None:
        """The criteria, or None for an invalid filter (which must match nothing, not more)."""
        if not self.is_valid():
            return None
        d = self.cleaned_data
        return MemberCriteria(within=self.within_org, org=self.org_obj, group=self.group_obj, status=d["status"],
                              standing=d["standing"] or "active", job=d["job"], gender=d["gender"],
                              education=d["education"], ethnicity=d["ethnicity"], age_band=d["age_band"],
                              years_band=d["years_band"], flag=d["flag"], q=d["q"].strip())

    @property
    def sort_key(self) -> str:
        return (self.cleaned_data.get("sort") if self.is_valid() else "") or self.default_sort

    def order_by(self) -> list[str]:
        key = self.sort_key
        columns = self.sort_fields[key.lstrip("-")]
        return [f"-{c}" if key.startswith("-") else c for c in columns] + ["pk"]


def _style_filter(form):
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            quick = QuickSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            quick.is_required = field.widget.is_required
            field.widget = quick
        css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
        field.widget.attrs.setdefault("class", css)


# --- the record --------------------------------------------------------------------------

class MemberEditForm(ServiceForm):
    """修改党员信息: the fields `update_member` accepts. The phone is never pre-filled (that
    would reveal it): an empty phone field means "unchanged"."""

    name = forms.CharField(label="姓名", max_length=60)
    ethnicity = forms.ChoiceField(label="民族", choices=[(e, e) for e in ETHNICITIES])
    education = forms.ChoiceField(label="学历", required=False, choices=[("", "—")] + Education.choices)
    job = forms.ChoiceField(label="工作岗位", choices=Job.choices)
    title = forms.CharField(label="职称", max_length=30, required=False, help_text="专业技术职称，如：一级教师。")
    office = forms.CharField(label="职务", max_length=60, required=False, help_text="所任职务，如：教导主任、年级组长。")
    native_place = forms.CharField(label="籍贯", max_length=60, required=False,
                                   widget=forms.TextInput(attrs={"placeholder": "如：湖南长沙"}))
    work_started_on = forms.DateField(label="参加工作时间", required=False, widget=DateInput())
    in_hardship = forms.BooleanField(label="困难党员", required=False)
    phone = forms.CharField(label="新手机号", max_length=20, required=False, help_text="留空则不修改手机号。")
    reason = forms.CharField(label="变更说明", max_length=200, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "如：本人申请、核对档案"}))

    def changes(self, member) -> dict:
        data = self.cleaned_data
        changed = {f: data[f] for f in EDITABLE_FIELDS if f != "phone" and data[f] != getattr(member, f)}
        if data["phone"].strip():
            changed["phone"] = data["phone"].strip()
        return changed


# Which facts each kind of event needs: the form shows these (static/members/members.js hides
# the others) and the view passes only these to record_event.
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    EventKind.CONFIRMED: ("decision_org", "reason"),
    EventKind.PROBATION_EXTENDED: ("months", "decision_org", "reason"),
    EventKind.PROBATION_CANCELLED: ("decision_org", "reason"),
    EventKind.TRANSFER_OUT: ("other_org_name", "letter_number", "reason"),
    EventKind.GROUP_CHANGED: ("group", "reason"),
    EventKind.STANDING_RETAINED: ("decision_org", "reason"),
    EventKind.STANDING_SUSPENDED: ("decision_org", "reason"),
    EventKind.STANDING_RESTORED: ("decision_org", "reason"),
    EventKind.LOST_CONTACT: ("reason",),
    EventKind.CONTACT_RESTORED: ("reason",),
    EventKind.MOBILE_REGISTERED: ("other_org_name", "reason"),
    EventKind.MOBILE_CANCELLED: ("reason",),
    EventKind.LEFT: ("leave_kind", "decision_org", "reason"),
    EventKind.DECEASED: ("reason",),
}


class EventForm(ServiceForm):
    """登记变更事项: a kind among the service's handlers and the facts that kind needs."""

    kind = forms.ChoiceField(label="事项", choices=[("", "请选择")] + [(k, EventKind(k).label) for k in EVENT_FIELDS])
    occurred_on = forms.DateField(label="日期", widget=DateInput())
    months = forms.IntegerField(label="延长月数", required=False, min_value=1, max_value=24,
                                help_text="延长时间不能少于半年，最长不超过一年（6–12 个月）。")
    leave_kind = forms.ChoiceField(label="出党方式", required=False, choices=[("", "请选择")] + LeaveKind.choices)
    group = forms.ModelChoiceField(label="调整到党小组", required=False, queryset=PartyOrg.objects.none(),
                                   empty_label="不编入党小组")
    other_org_name = forms.CharField(label="对方组织名称", max_length=120, required=False)
    letter_number = forms.CharField(label="介绍信编号", max_length=60, required=False)
    decision_org = forms.CharField(label="批准组织", max_length=120, required=False)
    reason = forms.CharField(label="原因 / 说明", max_length=500, required=False)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, prefix="event", **kwargs)
        self.fields["group"].queryset = groups_of(member.org)
        for name, field in self.fields.items():
            if name not in ("kind", "occurred_on"):
                # For the script that shows only what the chosen kind needs.
                field.widget.attrs["data-event-kinds"] = " ".join(k for k, f in EVENT_FIELDS.items() if name in f)

    def facts(self) -> dict:
        data = self.cleaned_data
        facts = {}
        for name in EVENT_FIELDS.get(data["kind"], ()):
            value = data.get(name)
            if name == "group" or value not in (None, ""):
                facts[name] = value
        return facts


class RevealForm(ServiceForm):
    reason = forms.CharField(label="查看用途", max_length=200, min_length=4,
                             error_messages={"min_length": "请写明用途（至少 4 个字）"},
                             widget=forms.TextInput(attrs={"placeholder": "如：办理组织关系转接，核对身份证号"}))


# --- new records ---------------------------------------------------------------------------

class MemberCreateForm(ServiceForm):
    """新建党员档案: the fields of the record `create_member` takes. Gender and birth date are
    read from the ID number; if entered they must agree with it (the service checks)."""

    org = forms.ModelChoiceField(label="所在党组织", queryset=PartyOrg.objects.none(), empty_label="请选择")
    name = forms.CharField(label="姓名", max_length=60)
    id_number = forms.CharField(label="身份证号", max_length=18, min_length=18,
                                error_messages={"min_length": "身份证号应为 18 位"})
    gender = forms.ChoiceField(label="性别", required=False, choices=[("", "按身份证号")] + Gender.choices)
    birth_date = forms.DateField(label="出生日期", required=False, widget=DateInput(), help_text="留空则按身份证号填写。")
    ethnicity = forms.ChoiceField(label="民族", choices=[(e, e) for e in ETHNICITIES], initial="汉族")
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    education = forms.ChoiceField(label="学历", required=False, choices=[("", "—")] + Education.choices)
    job = forms.ChoiceField(label="工作岗位", choices=Job.choices, initial=Job.TEACHER)
    title = forms.CharField(label="职称", max_length=30, required=False, help_text="专业技术职称，如：一级教师。")
    office = forms.CharField(label="职务", max_length=60, required=False, help_text="所任职务，如：教导主任、年级组长。")
    native_place = forms.CharField(label="籍贯", max_length=60, required=False,
                                   widget=forms.TextInput(attrs={"placeholder": "如：湖南长沙"}))
    work_started_on = forms.DateField(label="参加工作时间", required=False, widget=DateInput())
    status = forms.ChoiceField(label="党员类别", choices=MemberStatus.choices, initial=MemberStatus.FULL)
    joined_on = forms.DateField(label="入党日期", required=False, widget=DateInput(),
                                help_text="接收为预备党员的支部大会日期。")
    confirmed_on = forms.DateField(label="转正日期", required=False, widget=DateInput())
    group = forms.ModelChoiceField(label="党小组", required=False, queryset=PartyOrg.objects.none(),
                                   empty_label="不编入党小组")
    lost_contact = forms.BooleanField(label="失联党员", required=False)
    is_mobile = forms.BooleanField(label="流动党员", required=False)
    in_hardship = forms.BooleanField(label="困难党员", required=False)

    RECORD_FIELDS = ("name", "gender", "birth_date", "ethnicity", "phone", "education", "job", "title", "office",
                     "native_place", "work_started_on", "status", "joined_on", "confirmed_on", "group", "lost_contact", "is_mobile", "in_hardship")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = member_orgs(user, Action.MEMBER_EDIT)
        self.fields["org"].queryset = orgs
        self.fields["org"].label_from_instance = lambda o: f"{o.name}（{o.code}）"
        # Groups of the organizations the user may edit (the service checks the pairing); a
        # city-wide editor with hundreds of branches assigns the group afterwards instead.
        parents = {o.path: o.name for o in orgs.only("path", "name")[:ORG_CHOICES_LIMIT + 1]}
        if len(parents) > ORG_CHOICES_LIMIT:
            parents = {}
            self.fields["group"].help_text = "组织较多：建档后可在党员页面“调整党小组”。"
        self.fields["group"].queryset = PartyOrg.objects.filter(
            path_filter(list(parents), "path"), kind=OrgKind.GROUP, is_active=True)
        self.fields["group"].label_from_instance = lambda g: f"{parents.get(g.path[:-PartyOrg.steplen], '')} · {g.name}"

    def clean(self):
        data = super().clean()
        if data.get("status") == MemberStatus.PROBATIONARY and data.get("confirmed_on"):
            self.add_error("confirmed_on", "预备党员尚未转正，转正日期应留空")
        if data.get("status") == MemberStatus.PROBATIONARY and not data.get("joined_on"):
            self.add_error("joined_on", "预备党员须填写入党日期（预备期从支部大会通过之日起算）")
        return data

    def record(self) -> dict:
        data = self.cleaned_data
        record = {f: data[f] for f in self.RECORD_FIELDS}
        record["gender"] = record["gender"] or None
        record["phone"] = record["phone"].strip()
        return record


class ReceiveForm(MemberCreateForm):
    """组织关系转入 from outside the system: the record plus the letter."""

    received_on = forms.DateField(label="转入日期", widget=DateInput())
    other_org_name = forms.CharField(label="转出组织名称", max_length=120)
    letter_number = forms.CharField(label="介绍信编号", max_length=60)

    field_order = ["org", "received_on", "other_org_name", "letter_number"]


# --- transfers and corrections ---------------------------------------------------------

class TransferStartForm(ServiceForm):
    """开具组织关系介绍信: the receiving organization may be anywhere in the system, typed by code
    (the lookup fills it in)."""

    to_org_code = forms.CharField(label="接收组织代码", max_length=32,
                                  widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "输入组织代码或名称查找"}))
    letter_number = forms.CharField(label="介绍信编号", max_length=60)
    requested_on = forms.DateField(label="开具日期", widget=DateInput())
    reason = forms.CharField(label="转接原因", max_length=300, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "如：工作调动"}))

    def clean_to_org_code(self):
        code = self.cleaned_data["to_org_code"].strip()
        # Any active member organization of the system: a transfer may go outside the user's scope.
        self.to_org = PartyOrg.objects.filter(code__iexact=code, is_active=True, kind__in=MEMBER_ORG_KINDS).first()
        if self.to_org is None:
            raise forms.ValidationError(f"没有代码为“{code}”的有效党支部（或党总支、党委），请用查找功能选择")
        return code


class TransferAcceptForm(ServiceForm):
    decided_on = forms.DateField(label="接收日期", widget=DateInput())


class TransferRejectForm(ServiceForm):
    reason = forms.CharField(label="退回原因", max_length=300)


class CorrectionRequestForm(ServiceForm):
    phone = forms.CharField(label="正确的手机号", max_length=20)
    note = forms.CharField(label="说明", max_length=300, required=False,
                           widget=forms.TextInput(attrs={"placeholder": "如：已更换号码"}))


class CorrectionDecideForm(ServiceForm):
    decision = forms.ChoiceField(choices=[("approve", "同意"), ("reject", "不同意")], widget=forms.HiddenInput)
    note = forms.CharField(label="审核意见", max_length=300, required=False)

