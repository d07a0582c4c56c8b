"""The members app's pages, one module per topic: records (list, detail, create, edit, events),
transfers (组织关系转接), self_service (a member's own page and contact corrections), stats
(statistics, rosters, exports), imports (the import job's pages) and home (the dashboard)."""
