"""Pages of the drafts generated from data (自查报告, 年度党建工作总结, 述职报告, the committees'
summaries): their patterns, included by dangjian/reports/urls.py."""

draft_patterns: list = []
