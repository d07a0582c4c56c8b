from django.urls import include, path

app_name = "members"
urlpatterns = [
    path("", include("dangjian.members.urls_records")),
    path("stats/", include("dangjian.members.urls_stats")),
    path("import/", include("dangjian.members.urls_import")),
]
