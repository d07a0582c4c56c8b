# URL patterns of the members app (stats); included by dangjian/members/urls.py under app_name "members".
from django.urls import path

from dangjian.members import views_stats

urlpatterns = [
    path("", views_stats.stats, name="stats"),
    path("export/", views_stats.stats_export, name="stats_export"),
    path("members-export/", views_stats.member_list_export, name="export"),
    path("roster/", views_stats.roster, name="roster"),
    path("new-roster/", views_stats.new_roster, name="new_roster"),
]
