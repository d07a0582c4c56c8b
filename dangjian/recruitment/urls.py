"""Pages of 发展党员, included under "recruitment/" by config/urls.py."""

from django.urls import path

from dangjian.recruitment.views import files, materials, plan, rules

app_name = "recruitment"
urlpatterns = [
    path("", files.board, name="board"),
    path("due/", files.due, name="due"),
    path("rules/", rules.rules_page, name="rules"),
    path("plan/", plan.plan_page, name="plan"),
    path("roster.xlsx", files.roster_xlsx, name="roster_xlsx"),
    path("new/", files.open_file, name="open"),
    path("files/<int:pk>/", files.file_detail, name="file"),
    path("files/<int:pk>/steps/", files.record, name="record"),
    path("files/<int:pk>/material.docx", materials.material_docx, name="material"),
    path("files/<int:pk>/material.pdf", materials.material_docx, {"fmt": "pdf"}, name="material_pdf"),
]
