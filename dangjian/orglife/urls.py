"""Pages of organizational life (组织生活), included under "orglife/" by config/urls.py."""

from django.urls import path

from dangjian.orglife import views, views_exports, views_plan, views_reports, views_study

app_name = "orglife"
urlpatterns = [
    path("", views.records, name="records"),
    path("new/", views.create, name="create"),
    path("attendance/", views.attendance, name="attendance"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/minutes.docx", views_exports.minutes, name="minutes_docx"),
    path("<int:pk>/minutes.pdf", views_exports.minutes, {"fmt": "pdf"}, name="minutes_pdf"),
    path("minutes.docx", views_exports.minutes_period, name="minutes_period_docx"),
    path("minutes.pdf", views_exports.minutes_period, {"fmt": "pdf"}, name="minutes_period_pdf"),
    path("compliance/", views_reports.compliance, name="compliance"),
    path("participation/", views_reports.participation, name="participation"),
    path("rules/", views_reports.rules_page, name="rules"),
    path("mine/", views_reports.mine, name="mine"),
    path("study/", views_study.my_notes, name="study"),
    path("study/board/", views_study.board, name="study_board"),
    path("calendar/", views_plan.calendar, name="calendar"),
    path("plan/", views_plan.plan, name="plan"),
    path("plan/<int:pk>/", views_plan.plan_item, name="plan_item"),
    path("plan.xlsx", views_plan.plan_xlsx, name="plan_xlsx"),
]
