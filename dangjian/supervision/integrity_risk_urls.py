"""Pages of the 廉政风险台账, under "supervision/integrity-risks/" (composed by dangjian.supervision.urls)."""

from django.urls import path

from dangjian.supervision.views import integrity_risk as views

urlpatterns = [
    path("integrity-risks/", views.risks, name="integrity_risks"),
    path("integrity-risks/new/", views.risk_new, name="integrity_risk_new"),
    path("integrity-risks/<int:pk>/", views.risk_detail, name="integrity_risk"),
    path("integrity-risks/<int:pk>/review/", views.risk_review, name="integrity_risk_review"),
    path("integrity-risks/publish/", views.risks_publish, name="integrity_risks_publish"),
    path("integrity-risks/list.pdf", views.risks_pdf, name="integrity_risks_pdf"),
    path("integrity-risks/list.docx", views.risks_docx, name="integrity_risks_docx"),
]
