from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "dangjian.decisions"
    label = "decisions"
    verbose_name = "议事决策"

    def ready(self):
        # The audit log page names this app's events in words (core's registry: core knows no
        # domain, so each app names its own).
        from dangjian.core.audit_changes import register_change_labels
        from dangjian.core.audit_labels import register_action_labels
        from dangjian.decisions.audit_labels import ACTION_LABELS, CHANGE_LABELS, CHANGE_LISTS, CHANGE_VALUES

        register_action_labels(ACTION_LABELS, group=self.label, heading="议事决策")
        register_change_labels(CHANGE_LABELS, group=self.label, values=CHANGE_VALUES, lists=CHANGE_LISTS)

        # The home page (members, below) lists what is the user's to do here through core's to-do
        # registry (dangjian.core.todo).
        from dangjian.core.todo import register_todo_source
        from dangjian.decisions.todo import decisions_todo

        register_todo_source(decisions_todo)

        # Its local rules (the list of matters for the branch meeting, the 5,000-yuan figure) join
        # the register of local documents (orgs, below).
        from dangjian.decisions.local_rules import LOCAL_RULES
        from dangjian.orgs.local_rules import register_local_rule

        for rule in LOCAL_RULES:
            register_local_rule(rule)
