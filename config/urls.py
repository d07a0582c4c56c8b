from django.urls import include, path

from dangjian.core.api import api

urlpatterns = [
    path("", include("dangjian.core.urls")),
    path("accounts/", include("dangjian.accounts.urls")),
    path("orgs/", include("dangjian.orgs.urls")),
    path("members/", include("dangjian.members.urls")),
    path("dues/", include("dangjian.dues.urls")),
    path("recruitment/", include("dangjian.recruitment.urls")),
    path("orglife/", include("dangjian.orglife.urls")),
    path("decisions/", include("dangjian.decisions.urls")),
    path("api/v1/", api.urls),
]

handler403 = "dangjian.core.views.permission_denied"
handler404 = "dangjian.core.views.page_not_found"
