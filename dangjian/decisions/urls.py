"""Pages of 议事决策, included under "decisions/" by config/urls.py."""

from django.urls import path

from dangjian.decisions.views import matters, meetings, oversight

app_name = "decisions"
urlpatterns = [
    path("", matters.matter_list, name="matters"),
    path("new/", matters.matter_new, name="matter_new"),
    path("matters/<int:pk>/", matters.matter_detail, name="matter"),
    path("matters/<int:pk>/transition/", matters.transition, name="transition"),
    path("matters/<int:pk>/report/", matters.report, name="report"),
    path("matters/<int:pk>/tasks/", matters.task_add, name="task_add"),
    path("matters/<int:pk>/attachments/", matters.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", matters.attachment, name="attachment"),
    path("execution/", matters.execution, name="execution"),
    path("mine/", matters.mine, name="mine"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/vote/", meetings.vote, name="vote"),
    path("meetings/<int:pk>/document.docx", meetings.meeting_document, {"fmt": "docx"}, name="document_docx"),
    path("meetings/<int:pk>/document.pdf", meetings.meeting_document, {"fmt": "pdf"}, name="document_pdf"),
    path("oversight/", oversight.oversight, name="oversight"),
    path("oversight/<int:pk>/", oversight.oversight_school, name="oversight_school"),
    path("rules/", oversight.rules_page, name="rules"),
    path("seats/", oversight.seats_page, name="seats"),
    path("powers/", oversight.powers, name="powers"),
    path("powers/new/", oversight.power_edit, name="power_new"),
    path("powers/<int:pk>/", oversight.power_edit, name="power_edit"),
    path("powers/publish/", oversight.powers_publish, name="powers_publish"),
    path("powers/published/", oversight.powers_published, name="powers_published"),
]
