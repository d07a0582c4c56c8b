"""Pages of the drafts generated from data (自查报告, 年度党建工作总结, 述职报告): their patterns,
included by dangjian/reports/urls.py."""

from django.urls import path

from dangjian.reports.views import drafts

draft_patterns: list = [
    path("drafts/", drafts.draft_list, name="drafts"),
    path("drafts/new/", drafts.draft_new, name="draft_new"),
    path("drafts/<int:pk>/", drafts.draft, name="draft"),
    path("drafts/<int:pk>/document.docx", drafts.draft_document, {"fmt": "docx"}, name="draft_docx"),
    path("drafts/<int:pk>/document.pdf", drafts.draft_document, {"fmt": "pdf"}, name="draft_pdf"),
]
