from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "dangjian.appraisal"
    label = "appraisal"
    verbose_name = "考评"

    def ready(self):
        from dangjian.appraisal.audit_labels import ACTION_LABELS, CHANGE_LABELS, CHANGE_LISTS, CHANGE_VALUES
        from dangjian.core.audit_changes import register_change_labels
        from dangjian.core.audit_labels import register_action_labels

        register_action_labels(ACTION_LABELS, group=self.label, heading="考评")
        register_change_labels(CHANGE_LABELS, group=self.label, values=CHANGE_VALUES, lists=CHANGE_LISTS)
        # members sits below appraisal: it shows the 民主评议 results on a member's record
        # through the section registered here (dangjian.members.hooks).
        from dangjian.appraisal.views.review_member import record_section
        from dangjian.members.hooks import register_record_section

        register_record_section(record_section)
        # the committees' dashboard (members.views.home) shows the star distribution of 评星定级
        from dangjian.appraisal.dashboard import stars_panel
        from dangjian.core.dashboard import register_dashboard_panel

        register_dashboard_panel(stars_panel)

        # The home page (members, below) lists a member's open ballot and the self-report due
        # through core's to-do registry (dangjian.core.todo).
        from dangjian.appraisal.todo import duty_todo, review_todo
        from dangjian.core.todo import register_todo_source

        register_todo_source(review_todo)
        register_todo_source(duty_todo)
