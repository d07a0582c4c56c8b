from django.apps import AppConfig


class OrglifeConfig(AppConfig):
    name = "dangjian.orglife"
    label = "orglife"
    verbose_name = "组织生活"

    def ready(self):
        # The audit log page names this app's events in words (core's registry: core knows no
        # domain, so each app names its own).
        from dangjian.core.audit_changes import register_change_labels
        from dangjian.core.audit_labels import register_action_labels
        from dangjian.orglife.audit_labels import ACTION_LABELS, CHANGE_LABELS, CHANGE_VALUES

        register_action_labels(ACTION_LABELS, group=self.label, heading="组织生活")
        register_change_labels(CHANGE_LABELS, group=self.label, values=CHANGE_VALUES)

        # The home page (members, below) lists what is the user's to do here through core's to-do
        # registry (dangjian.core.todo).
        from dangjian.core.todo import register_todo_source
        from dangjian.orglife.todo import orglife_todo

        register_todo_source(orglife_todo)

        # Recruitment links a step decided at a 支委会 or 支部党员大会 to its record here, or enters
        # the record from the step, through the registry in orgs (the two apps are siblings).
        from dangjian.orglife.meeting_book import OrglifeMeetingBook
        from dangjian.orgs.meeting_records import register_meeting_book

        register_meeting_book(OrglifeMeetingBook())

        # Its local rules (思想政治课) join the register of local documents (orgs, below).
        from dangjian.orglife.local_rules import LOCAL_RULES
        from dangjian.orgs.local_rules import register_local_rule

        for rule in LOCAL_RULES:
            register_local_rule(rule)
