"""Pages of 议事决策, included under "decisions/" by config/urls.py."""

from django.urls import path

from dangjian.decisions import views, views_meetings, views_oversight

app_name = "decisions"
urlpatterns = [
    path("", views.matter_list, name="matters"),
    path("new/", views.matter_new, name="matter_new"),
    path("matters/<int:pk>/", views.matter_detail, name="matter"),
    path("matters/<int:pk>/transition/", views.transition, name="transition"),
    path("matters/<int:pk>/report/", views.report, name="report"),
    path("matters/<int:pk>/tasks/", views.task_add, name="task_add"),
    path("matters/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("execution/", views.execution, name="execution"),
    path("mine/", views.mine, name="mine"),
    path("meetings/", views_meetings.meeting_list, name="meetings"),
    path("meetings/new/", views_meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/vote/", views_meetings.vote, name="vote"),
    path("meetings/<int:pk>/document.docx", views_meetings.meeting_document, {"fmt": "docx"}, name="document_docx"),
    path("meetings/<int:pk>/document.pdf", views_meetings.meeting_document, {"fmt": "pdf"}, name="document_pdf"),
    path("oversight/", views_oversight.oversight, name="oversight"),
    path("oversight/<int:pk>/", views_oversight.oversight_school, name="oversight_school"),
    path("rules/", views_oversight.rules_page, name="rules"),
    path("seats/", views_oversight.seats_page, name="seats"),
    path("powers/", views_oversight.powers, name="powers"),
    path("powers/new/", views_oversight.power_edit, name="power_new"),
    path("powers/<int:pk>/", views_oversight.power_edit, name="power_edit"),
    path("powers/publish/", views_oversight.powers_publish, name="powers_publish"),
    path("powers/published/", views_oversight.powers_published, name="powers_published"),
]
