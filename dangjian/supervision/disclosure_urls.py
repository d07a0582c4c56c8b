"""Pages of 党务公开, under "supervision/disclosure/" (composed by dangjian.supervision.urls)."""

from django.urls import path

from dangjian.supervision.views import disclosure as views

urlpatterns = [
    path("disclosure/", views.items, name="disclosures"),
    path("disclosure/new/", views.item_new, name="disclosure_new"),
    path("disclosure/<int:pk>/", views.item_detail, name="disclosure"),
    path("disclosure/<int:pk>/edit/", views.item_edit, name="disclosure_edit"),
    path("disclosure/<int:pk>/step/", views.item_step, name="disclosure_step"),
    path("disclosure/<int:pk>/notice.pdf", views.item_pdf, name="disclosure_pdf"),
    path("disclosure/published/", views.published, name="published"),
    path("disclosure/history.xlsx", views.history_xlsx, name="disclosure_history_xlsx"),
    path("disclosure/catalogue/", views.catalogue, name="catalogue"),
]
