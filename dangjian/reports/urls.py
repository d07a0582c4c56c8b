"""Pages of reports (报表), included under "reports/" by config/urls.py: the drafts and the
全景 each add their own patterns in their own module."""

from dangjian.reports.draft_urls import draft_patterns
from dangjian.reports.panorama_urls import panorama_patterns

app_name = "reports"

urlpatterns: list = [*draft_patterns, *panorama_patterns]
