from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dangjian.orgs"
    label = "orgs"

    def ready(self):
        # Core knows no domain: positions reach the scope and the shell's top bar, the API's
        # error messages learn orgs' parameter names, the audit log page the names of orgs' events,
        # and announced events their group robot, through core's hooks, filled here.
        from dangjian.core.api import register_field_labels
        from dangjian.core.audit_changes import register_change_labels
        from dangjian.core.audit_labels import register_action_labels
        from dangjian.core.notify import register_channel
        from dangjian.core.scoping import register_scope_source
        from dangjian.core.shell import register_shell_part
        from dangjian.orgs.audit_labels import ACTION_LABELS, CHANGE_LABELS, CHANGE_VALUES
        from dangjian.orgs.current import position_grants, shell_part
        from dangjian.orgs.schemas import FIELD_LABELS
        from dangjian.orgs.tasks import queue_for_group

        register_scope_source(position_grants)
        register_shell_part(shell_part)
        register_field_labels(FIELD_LABELS)
        register_action_labels(ACTION_LABELS, group=self.label, heading="党组织与任职")
        register_change_labels(CHANGE_LABELS, group=self.label, values=CHANGE_VALUES)
        # An organization's group robot hears of the events announced for it (core.notify).
        register_channel(queue_for_group)
