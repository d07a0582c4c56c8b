"""Pages of the staff register (教职工名册): the list with its filters and export, one entry with its
leadership terms, 登记 / 修改 / 离职, 班子任职 / 卸任, the leadership team of a school on a date,
revealing the full ID number and phone, and the .xlsx import.

Reads start from the entries in the user's staff.view scope (out of scope is a 404, like a
missing id); a write without staff.edit on the school is a 403; every write goes through
dangjian.staff.services, whose RuleViolation is shown next to the field with its rule."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.exports import ExportThrottled
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.core.uploads import KIND_MIME
from dangjian.core.views import PAGE_SIZE, querystring_without_page
from dangjian.members.models import Member
from dangjian.orgs.models import School
from dangjian.staff import importer, services
from dangjian.staff.exports import export_staff
from dangjian.staff.forms.register import (
    EndEmploymentForm,
    EndTermForm,
    ImportForm,
    RevealForm,
    StaffFilter,
    StaffForm,
    TermForm,
)
from dangjian.staff.models import LeadershipTerm, StaffMember
from dangjian.staff.selectors import register as selectors
from dangjian.staff.services.register import require_on_school, school_paths
from dangjian.staff.views.ethics import ethics_section


def _schools(request, action: str = Action.STAFF_VIEW):
    return School.objects.visible_to(request.user, action).select_related("party_org", "supervisor").order_by("code")


def _may(request, action: str, school: School) -> bool:
    scope = scope_of(request.user)
    return any(scope.allows(action, path) for path in school_paths(school))


def _filtered(request):
    schools = list(_schools(request)[:500])
    form = StaffFilter(request.GET or None, schools=schools)
    data = form.cleaned_data if form.is_valid() else {}
    school = next((s for s in schools if s.pk == data.get("school")), None)
    queryset = selectors.narrow(selectors.staff_seen(request.user).select_related("school", "member"), school=school,
                                post=data.get("post") or "", party=data.get("party") or "",
                                state=data.get("state") or "current", q=data.get("q") or "")
    filters = {form.fields[k].label: dict(form.fields[k].choices).get(v, v) if hasattr(form.fields[k], "choices") else v
               for k, v in data.items() if v not in (None, "")}
    return form, school, queryset.order_by("school__code", "post", "name", "pk"), filters


def staff_list(request):
    require(request, Action.STAFF_VIEW)
    form, school, queryset, _ = _filtered(request)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    editable = list(_schools(request, Action.STAFF_EDIT)[:50])
    counts = selectors.counts_by_school([school.pk]).get(school.pk) if school else None
    return render(request, "staff/register/list.html", {
        "form": form, "page_obj": page, "querystring": querystring_without_page(request), "school": school,
        "counts": counts, "editable_schools": editable,
        "export_url": f"{reverse('staff:export')}?{request.GET.urlencode()}",
    })


def staff_export(request):
    require(request, Action.STAFF_VIEW)
    form, school, queryset, filters = _filtered(request)
    scope_name = school.name if school else "教职工名册"
    try:
        export = export_staff(queryset, user=request.user, scope_name=scope_name, filters=filters,
                              org_path=school.supervisor.path if school else "")
    except ExportThrottled as refused:
        messages.error(request, refused.message)
        return redirect(f"{reverse('staff:list')}?{request.GET.urlencode()}")
    return export.response()


def _entry(request, pk: int) -> StaffMember:
    return get_visible_or_404(selectors.staff_seen(request.user).select_related(
        "school__party_org", "school__supervisor", "member__org", "user"), pk=pk)


def _members_for(school: School, staff: StaffMember | None = None):
    """The school's own party members not yet linked to another entry (the link's choices)."""
    if not school.party_org_id:
        return Member.objects.none()
    members = Member.objects.active().filter(org__path__startswith=school.party_org.path).select_related("org")
    linked = StaffMember.objects.filter(member__isnull=False)
    if staff is not None:
        linked = linked.exclude(pk=staff.pk)
    return members.exclude(pk__in=linked.values("member_id")).order_by("name")


def staff_detail(request, pk: int, *, forms: dict | None = None, status: int = 200):
    staff = _entry(request, pk)
    can_edit = _may(request, Action.STAFF_EDIT, staff.school)
    today = timezone.localdate()
    context = {
        "staff": staff, "terms": staff.leadership_terms.order_by("-started_on"), "can_edit": can_edit,
        "can_reveal": _may(request, Action.STAFF_REVEAL, staff.school) or staff.user_id == request.user.pk,
        "member_visible": staff.member_id is not None and Member.objects.visible_to(request.user).filter(
            pk=staff.member_id).exists(),
        "current": staff.employed_until is None or staff.employed_until >= today,
        "term_form": TermForm(initial={"started_on": today}), "end_form": EndEmploymentForm(initial={"on": today}),
        "end_term_form": EndTermForm(initial={"on": today}),
    }
    context["ethics"] = ethics_section(request, staff)  # 师德档案, for those who may read it
    context.update(forms or {})
    return render(request, "staff/register/detail.html", context, status=status)


def staff_create(request, school: int):
    require(request, Action.STAFF_EDIT)
    school_obj = get_visible_or_404(_schools(request), pk=school)
    require_on_school(request.user, Action.STAFF_EDIT, school_obj)
    form = StaffForm(request.POST or None, members=_members_for(school_obj))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            member = _members_for(school_obj).filter(pk=data["member"]).first() if data["member"] else None
            try:
                staff = services.create_staff_member(
                    school_obj, name=data["name"], gender=data["gender"], id_number=data["id_number"], post=data["post"],
                    employed_from=data["employed_from"], phone=data["phone"], office=data["office"],
                    department=data["department"], title=data["title"], member=member, acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已登记教职工“{staff.name}”。")
                return redirect("staff:detail", pk=staff.pk)
        return render(request, "staff/register/form.html", {"form": form, "school": school_obj}, status=422)
    return render(request, "staff/register/form.html", {"form": form, "school": school_obj})


def staff_edit(request, pk: int):
    staff = _entry(request, pk)
    require_on_school(request.user, Action.STAFF_EDIT, staff.school)
    fields = ("name", "gender", "post", "office", "department", "title", "employed_from")
    initial = {f: getattr(staff, f) for f in fields} | {"member": staff.member_id}
    form = StaffForm(request.POST or None, initial=initial, members=_members_for(staff.school, staff), editing=True)
    context = {"form": form, "school": staff.school, "staff": staff}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            changes = {f: data[f] for f in fields if data[f] != initial[f]}
            if data["phone"]:
                changes["phone"] = data["phone"]
            if data["member"] != staff.member_id:
                changes["member"] = (_members_for(staff.school, staff).filter(pk=data["member"]).first()
                                     if data["member"] else None)
            try:
                if changes:
                    services.update_staff_member(staff, acting_user=request.user, **changes)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, "已保存。" if changes else "没有修改任何内容。")
                return redirect("staff:detail", pk=staff.pk)
        return render(request, "staff/register/form.html", context, status=422)
    return render(request, "staff/register/form.html", context)


@require_POST
def staff_end(request, pk: int):
    staff = _entry(request, pk)
    require_on_school(request.user, Action.STAFF_EDIT, staff.school)
    form = EndEmploymentForm(request.POST)
    if form.is_valid():
        try:
            services.end_employment(staff, on=form.cleaned_data["on"], acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已登记{staff.name}离职。")
            return redirect("staff:detail", pk=staff.pk)
    return staff_detail(request, pk, forms={"end_form": form}, status=422)


@require_POST
def term_add(request, pk: int):
    staff = _entry(request, pk)
    require_on_school(request.user, Action.STAFF_EDIT, staff.school)
    form = TermForm(request.POST)
    if form.is_valid():
        try:
            term = services.start_leadership_term(staff, role=form.cleaned_data["role"],
                                                  started_on=form.cleaned_data["started_on"], acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已登记任职：{term.get_role_display()}。")
            return redirect("staff:detail", pk=staff.pk)
    return staff_detail(request, pk, forms={"term_form": form}, status=422)


@require_POST
def term_end(request, pk: int):
    term = get_visible_or_404(LeadershipTerm.objects.visible_to(request.user, Action.STAFF_VIEW)
                              .select_related("staff__school__party_org", "staff__school__supervisor"), pk=pk)
    require_on_school(request.user, Action.STAFF_EDIT, term.staff.school)
    form = EndTermForm(request.POST)
    if form.is_valid():
        try:
            services.end_leadership_term(term, on=form.cleaned_data["on"], acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已登记卸任：{term.get_role_display()}。")
            return redirect("staff:detail", pk=term.staff_id)
    return staff_detail(request, term.staff_id, forms={"end_term_form": form, "failed_term": term.pk}, status=422)


def staff_reveal(request, pk: int):
    """查看完整身份证号和手机号: the reveal right and a reason; shown in this response only."""
    staff = _entry(request, pk)
    if staff.user_id != request.user.pk:
        require_on_school(request.user, Action.STAFF_REVEAL, staff.school)
    form = RevealForm(request.POST or None)
    revealed = None
    if request.method == "POST" and form.is_valid():
        try:
            revealed = services.reveal_pii(staff, reason=form.cleaned_data["reason"], acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
    response = render(request, "staff/register/reveal.html", {"staff": staff, "form": form, "revealed": revealed})
    response["Cache-Control"] = "no-store"
    return response


def leadership(request, school: int):
    """The school's leadership team (班子成员) on a date (today unless ?on= is given)."""
    require(request, Action.STAFF_VIEW)
    school_obj = get_visible_or_404(_schools(request), pk=school)
    require_on_school(request.user, Action.STAFF_VIEW, school_obj)
    today = timezone.localdate()
    form = EndTermForm(request.GET or None, initial={"on": today})
    day = form.cleaned_data["on"] if request.GET and form.is_valid() else today
    return render(request, "staff/register/leadership.html", {
        "school": school_obj, "terms": selectors.terms_on(school_obj, day), "day": day, "form": form,
        "counts": selectors.counts_by_school([school_obj.pk], day).get(school_obj.pk),
    })


def staff_import(request):
    require(request, Action.STAFF_EDIT)
    schools = list(_schools(request, Action.STAFF_EDIT)[:500])
    form = ImportForm(request.POST or None, request.FILES or None, schools=schools,
                      initial={"school": request.GET.get("school")})
    result = None
    if request.method == "POST" and form.is_valid():
        school = next(s for s in schools if s.pk == form.cleaned_data["school"])
        upload = form.cleaned_data["file"]
        result = importer.import_staff(upload, school=school, user=request.user, file_name=upload.name)
        if result.ok:
            messages.success(request, f"已导入 {result.created} 名教职工，其中 {result.linked} 名关联了本校党员档案。")
            return redirect(f"{reverse('staff:list')}?school={school.pk}")
    status = 422 if result is not None or (request.method == "POST" and not form.is_valid()) else 200
    return render(request, "staff/register/import.html", {"form": form, "result": result}, status=status)


def import_template(request):
    require(request, Action.STAFF_EDIT)
    buffer = io.BytesIO()
    importer.write_import_template(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=KIND_MIME["xlsx"])
    # 教职工名册导入模板.xlsx
    response["Content-Disposition"] = ("attachment; filename=\"staff-template.xlsx\"; filename*=UTF-8''"
                                       "%E6%95%99%E8%81%8C%E5%B7%A5%E5%90%8D%E5%86%8C%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx")
    return response
