"""Pages of the 整改台账, under "supervision/rectification/" (composed by dangjian.supervision.urls)."""

from django.urls import path

from dangjian.supervision.views import rectification as items
from dangjian.supervision.views import rectification_batches as batches

urlpatterns = [
    path("rectification/", items.ledger, name="ledger"),
    path("rectification/ledger.xlsx", items.ledger_xlsx, name="ledger_xlsx"),
    path("rectification/overview/", items.overview, name="overview"),
    path("rectification/todo/", items.todo, name="todo"),
    path("rectification/items/<int:pk>/", items.item_detail, name="item"),
    path("rectification/items/<int:pk>/progress/", items.item_progress, name="item_progress"),
    path("rectification/items/<int:pk>/request/", items.item_request, name="item_request"),
    path("rectification/items/<int:pk>/decide/", items.item_decide, name="item_decide"),
    path("rectification/evidence/<int:pk>/", items.evidence, name="evidence"),
    path("rectification/batches/new/", batches.batch_new, name="batch_new"),
    path("rectification/batches/import/", batches.batch_import, name="batch_import"),
    path("rectification/batches/template.xlsx", batches.import_template, name="import_template"),
    path("rectification/batches/<int:pk>/", batches.batch_detail, name="batch"),
    path("rectification/batches/<int:pk>/items/", batches.batch_item_add, name="batch_item_add"),
    path("rectification/batches/<int:pk>/reported/", batches.batch_reported, name="batch_reported"),
    path("rectification/batches/<int:pk>/report.docx", batches.report_document, {"fmt": "docx"}, name="report_docx"),
    path("rectification/batches/<int:pk>/report.pdf", batches.report_document, {"fmt": "pdf"}, name="report_pdf"),
    path("rectification/escalation/", batches.escalation, name="escalation"),
]
