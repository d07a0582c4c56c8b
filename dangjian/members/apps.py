from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangjian.members"
    label = "members"

    def ready(self):
        # orgs sits below members: it reads member counts and appointable members through
        # the hooks filled here (dangjian.orgs.hooks).
        from dangjian.members.selectors import appointable_members, member_counts_within
        from dangjian.orgs.hooks import register_member_sources

        register_member_sources(counts=member_counts_within, appointable=appointable_members)
