from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "dangjian.supervision"
    label = "supervision"
    verbose_name = "监督台账"

    def ready(self):
        # orglife sits below supervision: the talks held in a 组织生活会's preparation count in its
        # yearly check 每名党员谈心谈话, and a meeting's page shows the process it belongs to,
        # through the hooks registered here (dangjian.orglife.hooks).
        from dangjian.orglife.hooks import register_meeting_section, register_talk_source
        from dangjian.supervision.selectors.lifemeeting import talks_between
        from dangjian.supervision.views.lifemeeting import meeting_card

        register_talk_source(talks_between)
        register_meeting_section(meeting_card)

        # The audit log page names this app's events in words (core's registry: core knows no
        # domain, so each app names its own).
        from dangjian.core.audit_changes import register_change_labels
        from dangjian.core.audit_labels import register_action_labels
        from dangjian.supervision.audit_labels import ACTION_LABELS, CHANGE_LABELS, change_values

        register_action_labels(ACTION_LABELS, group=self.label, heading="监督台账")
        register_change_labels(CHANGE_LABELS, group=self.label, values=change_values())

        # 党务公开's sources of the apps below (dues 公示表, 小微权力清单, recruitment 公示) and of the
        # ledger; an app above supervision registers its own (dangjian.supervision.sources).
        from dangjian.supervision.disclosure_sources import register_builtin_sources

        register_builtin_sources()

        # The home page (members, below) shows what is published to the reader and the ledger's
        # to-do through core's dashboard hook.
        from dangjian.core.dashboard import register_dashboard_panel
        from dangjian.supervision.dashboard import published_panel, rectification_panel

        register_dashboard_panel(rectification_panel)
        register_dashboard_panel(published_panel)

        # The home page (members, below) lists what is the user's to do here through core's to-do
        # registry (dangjian.core.todo).
        from dangjian.core.todo import register_todo_source
        from dangjian.supervision.todo import rectification_todo

        register_todo_source(rectification_todo)

        # 党建工作联系点 and 巡回督导: the liaison's visits due and a committee's open rounds.
        from dangjian.supervision.liaison_todo import liaison_todo

        register_todo_source(liaison_todo)

        # orgs (below) shows the visits and inspections concerning a school on the school's page.
        from dangjian.orgs.hooks import register_school_section
        from dangjian.supervision.views.liaison import school_card

        register_school_section(school_card)

        # 责任书 / 承诺书: the signer's own letters, the school's unsigned, the committee's schools.
        from dangjian.supervision.pledge_todo import pledge_todo

        register_todo_source(pledge_todo)

        # 廉政风险台账: the school's risk points due for their yearly review.
        from dangjian.supervision.todo import integrity_risk_todo

        register_todo_source(integrity_risk_todo)

        # decisions (below) shows each small power's 廉政风险点 on the 小微权力清单 through its hook.
        from dangjian.decisions.power_risks import register_power_risk_counter
        from dangjian.supervision.selectors.integrity_risk import power_risk_counts

        register_power_risk_counter(power_risk_counts)
