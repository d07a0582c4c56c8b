from django.urls import path

from dangjian.staff.views import ethics as ethics_views
from dangjian.staff.views import register

app_name = "staff"

urlpatterns = [
    # 教职工名册 and 班子成员
    path("", register.staff_list, name="list"),
    path("export/", register.staff_export, name="export"),
    path("import/", register.staff_import, name="import"),
    path("import/template/", register.import_template, name="import_template"),
    path("school/<int:school>/new/", register.staff_create, name="create"),
    path("school/<int:school>/leadership/", register.leadership, name="leadership"),
    path("<int:pk>/", register.staff_detail, name="detail"),
    path("<int:pk>/edit/", register.staff_edit, name="edit"),
    path("<int:pk>/end/", register.staff_end, name="end"),
    path("<int:pk>/reveal/", register.staff_reveal, name="reveal"),
    path("<int:pk>/terms/new/", register.term_add, name="term_add"),
    path("terms/<int:pk>/end/", register.term_end, name="term_end"),
    # 师德师风
    path("ethics/", ethics_views.schools, name="ethics"),
    path("ethics/school/<int:school>/", ethics_views.ledger, name="ethics_ledger"),
    path("ethics/school/<int:school>/assess/", ethics_views.assess, name="ethics_assess"),
    path("ethics/school/<int:school>/violations/new/", ethics_views.violation_new, name="ethics_violation_new"),
    path("ethics/staff/<int:pk>/", ethics_views.history, name="ethics_history"),
]
