from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """报表: the documents drafted from the system's own data (自查报告, 年度党建工作总结, 述职报告,
    the committees' summaries) and the committees' 全景. It reads every domain app through their
    selectors; no app imports it (the import-linter layers in pyproject.toml)."""

    name = "dangjian.reports"
    label = "reports"
    verbose_name = "报表"
