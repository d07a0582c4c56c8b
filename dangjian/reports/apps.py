from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """报表: the documents drafted from the system's own data (自查报告, 年度党建工作总结, 述职报告,
    the committees' summaries) and the committees' 全景. It reads every domain app through their
    selectors; no app imports it (the import-linter layers in pyproject.toml)."""

    name = "dangjian.reports"
    label = "reports"
    verbose_name = "报表"

    def ready(self):
        from dangjian.core.audit_changes import register_change_labels
        from dangjian.core.audit_labels import register_action_labels
        from dangjian.reports.draft_audit_labels import ACTION_LABELS, CHANGE_LABELS, CHANGE_LISTS, CHANGE_VALUES

        register_action_labels(ACTION_LABELS, group=self.label, heading=self.verbose_name)
        register_change_labels(CHANGE_LABELS, group=self.label, values=CHANGE_VALUES, lists=CHANGE_LISTS)
        # appraisal (below) offers "由系统数据生成初稿" on a 述职评议 report while a drafter is registered
        from dangjian.appraisal.duty_drafts import register_duty_report_drafter
        from dangjian.reports.draft_duty_hook import draft_duty_report

        register_duty_report_drafter(draft_duty_report)
