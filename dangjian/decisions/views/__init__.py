"""The decisions app's pages, one module per topic: matters (the list, a matter, its transitions,
execution tasks, reports and attachments, 我的事项), meetings (the meetings that decide matters, the
votes, the record as .docx / PDF) and oversight (the higher committee's view, the rules, the
bodies' seats, the 小微权力清单)."""
