"""Pages of 发展党员, included under "recruitment/" by config/urls.py."""

from django.urls import path

from dangjian.recruitment import views, views_materials, views_plan, views_rules

app_name = "recruitment"
urlpatterns = [
    path("", views.board, name="board"),
    path("due/", views.due, name="due"),
    path("rules/", views_rules.rules_page, name="rules"),
    path("plan/", views_plan.plan_page, name="plan"),
    path("roster.xlsx", views.roster_xlsx, name="roster_xlsx"),
    path("new/", views.open_file, name="open"),
    path("files/<int:pk>/", views.file_detail, name="file"),
    path("files/<int:pk>/steps/", views.record, name="record"),
    path("files/<int:pk>/material.docx", views_materials.material_docx, name="material"),
    path("files/<int:pk>/material.pdf", views_materials.material_docx, {"fmt": "pdf"}, name="material_pdf"),
]
