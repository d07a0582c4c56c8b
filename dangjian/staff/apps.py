from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "dangjian.staff"
    label = "staff"
    verbose_name = "教职工"

    def ready(self):
        # The audit log page names the ethics records' events in words (core's registry).
        from dangjian.core.audit_labels import register_action_labels
        from dangjian.staff.audit_labels import ETHICS_ACTION_LABELS

        register_action_labels(ETHICS_ACTION_LABELS, group="staff_ethics", heading="师德师风")
        # The staff register's events and their changes, in words.
        from dangjian.core.audit_changes import register_change_labels
        from dangjian.staff.audit_labels import ACTION_LABELS, CHANGE_LABELS
        from dangjian.staff.models import StaffPost

        register_action_labels(ACTION_LABELS, group=self.label, heading="教职工名册")
        register_change_labels(CHANGE_LABELS, group=self.label, lists=("terms_ended",),
                               values={"post": {str(p.value): str(p.label) for p in StaffPost}})
        # The school page's 教职工情况 reads the register's counts where the school keeps one.
        from dangjian.orgs.hooks import register_staff_counts
        from dangjian.staff.selectors.register import counts_by_school

        register_staff_counts(counts_by_school)
