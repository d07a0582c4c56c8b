"""Pages of the committees' 全景 (per county cards, the city table, drill-down): their patterns,
included by dangjian/reports/urls.py."""

from django.urls import path

from dangjian.reports.views import panorama

panorama_patterns: list = [
    path("panorama/", panorama.panorama, name="panorama"),
    path("panorama/summary.docx", panorama.summary, {"fmt": "docx"}, name="panorama_summary_docx"),
    path("panorama/summary.pdf", panorama.summary, {"fmt": "pdf"}, name="panorama_summary_pdf"),
]
