from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dangjian.accounts"
    label = "accounts"
    verbose_name = "账号与登录"

    def ready(self):
        from dangjian.accounts import signals  # noqa: F401  (connects the audit receivers)
        from dangjian.accounts.audit_labels import ACTION_LABELS, CHANGE_LABELS, CHANGE_VALUES
        from dangjian.core.audit_changes import register_change_labels
        from dangjian.core.audit_labels import register_action_labels

        # The audit log page names this app's events in words (core's registry: core knows no
        # domain, so each app names its own).
        register_action_labels(ACTION_LABELS, group=self.label, heading="账号与登录")
        register_change_labels(CHANGE_LABELS, group=self.label, values=CHANGE_VALUES)
