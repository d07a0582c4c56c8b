"""Pages of organizational life (组织生活), included under "orglife/" by config/urls.py."""

from django.urls import path

from dangjian.orglife.views import exports, meetings, minutes_jobs, plan, reports, sign_in, study

app_name = "orglife"
urlpatterns = [
    path("", meetings.records, name="records"),
    path("new/", meetings.create, name="create"),
    path("attendance/", meetings.attendance, name="attendance"),
    path("<int:pk>/", meetings.detail, name="detail"),
    path("<int:pk>/edit/", meetings.edit, name="edit"),
    path("<int:pk>/attachments/", meetings.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", meetings.attachment, name="attachment"),
    path("<int:pk>/sign-in/", sign_in.code, name="sign_in_code"),
    path("sign-in/<str:token>/", sign_in.sign_in, name="sign_in"),
    path("<int:pk>/minutes.docx", exports.minutes, name="minutes_docx"),
    path("<int:pk>/minutes.pdf", exports.minutes, {"fmt": "pdf"}, name="minutes_pdf"),
    path("minutes.docx", exports.minutes_period, name="minutes_period_docx"),
    path("minutes.pdf", exports.minutes_period, {"fmt": "pdf"}, name="minutes_period_pdf"),
    path("minutes-exports/<int:pk>/", minutes_jobs.export_status, name="minutes_export"),
    path("minutes-exports/<int:pk>/file", minutes_jobs.export_file, name="minutes_export_file"),
    path("compliance/", reports.compliance, name="compliance"),
    path("participation/", reports.participation, name="participation"),
    path("rules/", reports.rules_page, name="rules"),
    path("mine/", reports.mine, name="mine"),
    path("study/", study.my_notes, name="study"),
    path("study/board/", study.board, name="study_board"),
    path("calendar/", plan.calendar, name="calendar"),
    path("plan/", plan.plan, name="plan"),
    path("plan/<int:pk>/", plan.plan_item, name="plan_item"),
    path("plan.xlsx", plan.plan_xlsx, name="plan_xlsx"),
]
