from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangjian.members"
    label = "members"

    def ready(self):
        # orgs sits below members: it reads member counts and appointable members through
        # the hooks filled here (dangjian.orgs.hooks). Core knows no domain: the audit log page
        # learns the names of members' events from core's registry, filled here too.
        from dangjian.core.audit_changes import register_change_labels
        from dangjian.core.audit_labels import register_action_labels
        from dangjian.members.audit_labels import (
            ACTION_LABELS,
            CHANGE_LABELS,
            CHANGE_VALUES,
            filter_labels,
            filter_values,
        )
        from dangjian.members.selectors import appointable_members, member_counts_within
        from dangjian.orgs.hooks import register_member_sources

        register_member_sources(counts=member_counts_within, appointable=appointable_members)
        register_action_labels(ACTION_LABELS, group=self.label, heading="党员")
        register_change_labels({**filter_labels(), **CHANGE_LABELS}, group=self.label,
                               values={**filter_values(), **CHANGE_VALUES})

        # The home page lives here: the terms (换届) to-do of orgs, below, is registered with the
        # others' (dangjian.core.todo); the domain apps above register their own.
        from dangjian.core.todo import register_todo_source
        from dangjian.orgs.todo import terms_todo

        register_todo_source(terms_todo)

        from dangjian.core.shell import register_shell_part
        from dangjian.members.shell import shell_part

        register_shell_part(shell_part)
