from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangjian.members"
    label = "members"

    def ready(self):
        # orgs sits below members: it reads member counts and appointable members through
        # the hooks filled here (dangjian.orgs.hooks). Core knows no domain: the audit log page
        # learns the names of members' events from core's registry, filled here too.
        from dangjian.core.audit_labels import register_action_labels
        from dangjian.members.audit_labels import ACTION_LABELS
        from dangjian.members.selectors import appointable_members, member_counts_within
        from dangjian.orgs.hooks import register_member_sources

        register_member_sources(counts=member_counts_within, appointable=appointable_members)
        register_action_labels(ACTION_LABELS, group=self.label, heading="党员")
