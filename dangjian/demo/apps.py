from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "dangjian.demo"
    label = "demo"

    def ready(self):
        # The audit log page names this app's events in words (core's registry: core knows no
        # domain, so each app names its own).
        from dangjian.core.audit_changes import register_change_labels
        from dangjian.core.audit_labels import register_action_labels
        from dangjian.demo.audit_labels import ACTION_LABELS, CHANGE_LABELS, CHANGE_VALUES

        register_action_labels(ACTION_LABELS, group=self.label, heading="演示数据")
        register_change_labels(CHANGE_LABELS, group=self.label, values=CHANGE_VALUES)
