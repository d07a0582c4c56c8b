"""Pages of the committees' 全景 (per county cards, the city table, drill-down): their patterns,
included by dangjian/reports/urls.py."""

panorama_patterns: list = []
