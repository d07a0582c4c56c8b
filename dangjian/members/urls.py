from django.urls import path

from dangjian.members.views import imports, records, self_service, stats, transfers

app_name = "members"
urlpatterns = [
    # Records
    path("", records.member_list, name="list"),
    path("new/", records.member_create, name="create"),
    path("receive/", records.member_receive, name="receive"),
    path("<int:pk>/", records.member_detail, name="detail"),
    path("<int:pk>/edit/", records.member_edit, name="edit"),
    path("<int:pk>/events/", records.member_event, name="record_event"),
    path("<int:pk>/reveal/", records.member_reveal, name="reveal"),
    # 组织关系转接
    path("<int:pk>/transfer/", transfers.transfer_start, name="transfer_start"),
    path("transfers/", transfers.transfer_list, name="transfers"),
    path("transfers/orgs/", transfers.org_lookup, name="org_lookup"),
    path("transfers/<int:pk>/accept/", transfers.transfer_accept, name="transfer_accept"),
    path("transfers/<int:pk>/reject/", transfers.transfer_reject, name="transfer_reject"),
    path("transfers/<int:pk>/cancel/", transfers.transfer_cancel, name="transfer_cancel"),
    # Members' own data and its corrections
    path("corrections/", self_service.correction_list, name="corrections"),
    path("corrections/<int:pk>/decide/", self_service.correction_decide, name="correction_decide"),
    path("me/", self_service.me, name="me"),
    path("me/correction/", self_service.correction_request, name="correction_request"),
    # Statistics, rosters and exports
    path("stats/", stats.stats, name="stats"),
    path("stats/export/", stats.stats_export, name="stats_export"),
    path("stats/members-export/", stats.member_list_export, name="export"),
    path("stats/roster/", stats.roster, name="roster"),
    path("stats/new-roster/", stats.new_roster, name="new_roster"),
    # Import
    path("import/", imports.import_page, name="import"),
    path("import/template/", imports.import_template, name="import_template"),
    path("import/jobs/<int:pk>/", imports.import_job, name="import_job"),
    path("import/jobs/<int:pk>/progress/", imports.import_progress, name="import_progress"),
    path("import/jobs/<int:pk>/commit/", imports.import_commit, name="import_commit"),
]
