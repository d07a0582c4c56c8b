"""Pages of supervision (监督台账), included under "supervision/" by config/urls.py: the
rectification ledger, the life meetings and 党务公开 each add their own patterns."""

from dangjian.supervision import disclosure_urls, integrity_risk_urls, lifemeeting_urls, pledge_urls, rectification_urls
from dangjian.supervision.liaison_urls import urlpatterns as liaison_patterns

app_name = "supervision"
urlpatterns: list = [*rectification_urls.urlpatterns, *disclosure_urls.urlpatterns, *lifemeeting_urls.urlpatterns]
urlpatterns += integrity_risk_urls.urlpatterns  # 廉政风险台账
urlpatterns += pledge_urls.urlpatterns  # 责任书 / 承诺书
urlpatterns += liaison_patterns  # 党建工作联系点、巡回督导
