"""The orglife app's pages, one module per topic: meetings (the records, recording and editing a
meeting, attendance, attachments), exports (会议记录 as .docx / PDF), reports (compliance,
participation, the rules in force, 我的组织生活), plan (the calendar and the annual plan) and study
(reading notes and the 学习园地)."""
