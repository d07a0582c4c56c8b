"""Pages of the 组织生活会 / 民主生活会 process, added to supervision's patterns (urls.py)."""

from django.urls import path

from dangjian.supervision.views import lifemeeting, lifemeeting_documents, lifemeeting_steps

urlpatterns = [
    path("life-meetings/", lifemeeting.processes, name="life_list"),
    path("life-meetings/new/", lifemeeting.open_process, name="life_open"),
    path("life-meetings/rules/", lifemeeting.local_rules, name="life_rules"),
    path("life-meetings/<int:pk>/", lifemeeting.detail, name="life_detail"),
    path("life-meetings/<int:pk>/study/", lifemeeting_steps.study, name="life_study"),
    path("life-meetings/<int:pk>/opinions/", lifemeeting_steps.opinion, name="life_opinion"),
    path("life-meetings/<int:pk>/summary/", lifemeeting_steps.summary, name="life_summary"),
    path("life-meetings/<int:pk>/talks/", lifemeeting_steps.talk_plan, name="life_talk"),
    path("life-meetings/talks/<int:pk>/", lifemeeting_steps.talk_held, name="life_talk_held"),
    path("life-meetings/<int:pk>/material/", lifemeeting_steps.material, name="life_material"),
    path("life-meetings/materials/<int:pk>/submit/", lifemeeting_steps.material_submit, name="life_material_submit"),
    path("life-meetings/materials/<int:pk>/review/", lifemeeting_steps.material_review, name="life_material_review"),
    path("life-meetings/<int:pk>/hold/", lifemeeting_steps.hold, name="life_hold"),
    path("life-meetings/<int:pk>/criticism/", lifemeeting_steps.criticism, name="life_criticism"),
    path("life-meetings/<int:pk>/rectify/", lifemeeting_steps.rectify, name="life_rectify"),
    path("life-meetings/<int:pk>/report/", lifemeeting_steps.report, name="life_report"),
    path("life-meetings/materials/<int:pk>.docx", lifemeeting_documents.material, name="life_material_docx"),
    path("life-meetings/materials/<int:pk>.pdf", lifemeeting_documents.material, {"fmt": "pdf"},
         name="life_material_pdf"),
    path("life-meetings/<int:pk>/minutes.docx", lifemeeting_documents.minutes, name="life_minutes_docx"),
    path("life-meetings/<int:pk>/minutes.pdf", lifemeeting_documents.minutes, {"fmt": "pdf"}, name="life_minutes_pdf"),
    path("life-meetings/<int:pk>/report.docx", lifemeeting_documents.report, name="life_report_docx"),
    path("life-meetings/<int:pk>/report.pdf", lifemeeting_documents.report, {"fmt": "pdf"}, name="life_report_pdf"),
]
