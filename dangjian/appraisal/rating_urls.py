"""The 评星定级 pages (added to dangjian.appraisal.urls, namespace "appraisal")."""

from django.urls import path

from dangjian.appraisal.views import rating, rating_admin

rating_patterns = [
    path("ratings/", rating.rating_list, name="ratings"),
    path("ratings/open/", rating.rating_open, name="rating_open"),
    path("ratings/launch/", rating.rating_launch, name="rating_launch"),
    path("ratings/<int:pk>/", rating.rating_detail, name="rating"),
    path("ratings/<int:pk>/self/", rating.rating_self, name="rating_self"),
    path("ratings/<int:pk>/refresh/", rating.rating_refresh, name="rating_refresh"),
    path("ratings/<int:pk>/evidence/", rating.evidence_add, name="rating_evidence_add"),
    path("ratings/<int:pk>/review/", rating.rating_review, name="rating_review"),
    path("ratings/<int:pk>/check/", rating.rating_check, name="rating_check"),
    path("ratings/<int:pk>/objection/", rating.rating_object, name="rating_object"),
    path("ratings/<int:pk>/revoke/", rating.rating_revoke, name="rating_revoke"),
    path("ratings/<int:pk>/form.xlsx", rating.rating_xlsx, name="rating_xlsx"),
    path("evidence/<int:pk>/", rating.evidence, name="rating_evidence"),
    path("standards/", rating_admin.standard_list, name="rating_standards"),
    path("standards/<int:pk>/", rating_admin.standard_detail, name="rating_standard"),
    path("standards/<int:pk>/copy/", rating_admin.standard_copy, name="rating_standard_copy"),
    path("sampling/", rating_admin.sampling, name="rating_sampling"),
    path("publicity/", rating_admin.publicity, name="rating_publicity"),
    path("publicity/<int:pk>/grant/", rating_admin.publicity_grant, name="rating_publicity_grant"),
    path("publicity/<int:pk>/notice.docx", rating_admin.publicity_document, {"fmt": "docx"},
         name="rating_publicity_docx"),
    path("publicity/<int:pk>/notice.pdf", rating_admin.publicity_document, {"fmt": "pdf"}, name="rating_publicity_pdf"),
    path("blacklist/", rating_admin.blacklist, name="rating_blacklist"),
    path("blacklist/<int:pk>/notice.docx", rating_admin.notice_document, {"fmt": "docx"}, name="rating_notice_docx"),
    path("blacklist/<int:pk>/notice.pdf", rating_admin.notice_document, {"fmt": "pdf"}, name="rating_notice_pdf"),
    path("weak/", rating_admin.weak_list, name="rating_weak"),
    path("weak/<int:pk>/", rating_admin.weak_detail, name="rating_weak_detail"),
]
