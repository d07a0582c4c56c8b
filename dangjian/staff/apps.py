from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "dangjian.staff"
    label = "staff"
    verbose_name = "教职工"

    def ready(self):
        # The audit log page names the ethics records' events in words (core's registry).
        from dangjian.core.audit_labels import register_action_labels
        from dangjian.staff.audit_labels_ethics import ACTION_LABELS as ETHICS_LABELS

        register_action_labels(ETHICS_LABELS, group="staff_ethics", heading="师德师风")
