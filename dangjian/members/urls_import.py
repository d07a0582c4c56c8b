# URL patterns of the members app (import); included by dangjian/members/urls.py under app_name "members".
from django.urls import path

from dangjian.members import views_import

urlpatterns = [
    path("", views_import.import_page, name="import"),
    path("template/", views_import.import_template, name="import_template"),
    path("jobs/<int:pk>/", views_import.import_job, name="import_job"),
    path("jobs/<int:pk>/progress/", views_import.import_progress, name="import_progress"),
    path("jobs/<int:pk>/commit/", views_import.import_commit, name="import_commit"),
]
