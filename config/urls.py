from django.urls import include, path

from config.api import api
from dangjian.core import urls as core_urls
from dangjian.members.views.home import home
from dangjian.orgs.views.shell import search, switch_org

# The shell's pages keep their `core:` names, though the dashboard, the search and the
# organization switcher live in the apps that hold their data: the namespace is composed here.
core_patterns = [
    path("", home, name="home"),
    *core_urls.urlpatterns,
    path("search/", search, name="search"),
    path("switch-org/", switch_org, name="switch_org"),
]

urlpatterns = [
    path("", include((core_patterns, core_urls.app_name))),
    path("accounts/", include("dangjian.accounts.urls")),
    path("orgs/", include("dangjian.orgs.urls")),
    path("members/", include("dangjian.members.urls")),
    path("dues/", include("dangjian.dues.urls")),
    path("recruitment/", include("dangjian.recruitment.urls")),
    path("orglife/", include("dangjian.orglife.urls")),
    path("decisions/", include("dangjian.decisions.urls")),
    path("supervision/", include("dangjian.supervision.urls")),
    path("staff/", include("dangjian.staff.urls")),
    path("appraisal/", include("dangjian.appraisal.urls")),
    path("reports/", include("dangjian.reports.urls")),
    path("api/v1/", api.urls),
]

handler403 = "dangjian.core.views.permission_denied"
handler404 = "dangjian.core.views.page_not_found"
