"""Pages of supervision (监督台账), included under "supervision/" by config/urls.py: the
rectification ledger, the life meetings and 党务公开 each add their own patterns."""

app_name = "supervision"
urlpatterns: list = []
