from django.urls import path

from dangjian.staff import ethics_views

app_name = "staff"

urlpatterns = [
    # 师德师风
    path("ethics/", ethics_views.schools, name="ethics"),
    path("ethics/school/<int:school>/", ethics_views.ledger, name="ethics_ledger"),
    path("ethics/school/<int:school>/assess/", ethics_views.assess, name="ethics_assess"),
    path("ethics/school/<int:school>/violations/new/", ethics_views.violation_new, name="ethics_violation_new"),
    path("ethics/staff/<int:pk>/", ethics_views.history, name="ethics_history"),
]
