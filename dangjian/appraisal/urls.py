"""Pages of appraisal (考评), included under "appraisal/" by config/urls.py: the member review
(民主评议党员) and the organizations' star rating (评星定级) each add their own patterns."""

from django.urls import path

from dangjian.appraisal.duty_review_urls import duty_review_patterns
from dangjian.appraisal.rating_urls import rating_patterns
from dangjian.appraisal.views import review, review_entry, review_member, review_reports

app_name = "appraisal"

# --- 民主评议党员 ---------------------------------------------------------------------------
review_patterns = [
    path("reviews/", review.rounds, name="reviews"),
    path("reviews/new/", review.round_new, name="review_new"),
    path("reviews/<int:pk>/", review.round_detail, name="review"),
    path("reviews/<int:pk>/step/", review.round_step, name="review_step"),
    path("reviews/<int:pk>/counts/", review_entry.counts, name="review_counts"),
    path("reviews/<int:pk>/grades/", review_entry.grades, name="review_grades"),
    path("reviews/<int:pk>/report.docx", review_reports.round_report, name="review_report_docx"),
    path("reviews/<int:pk>/report.pdf", review_reports.round_report, {"fmt": "pdf"}, name="review_report_pdf"),
    path("follow-ups/<int:pk>/", review_entry.follow_up, name="review_follow_up"),
    path("reviews/statistics/", review_reports.statistics, name="review_statistics"),
    path("reviews/rules/", review_reports.rules_page, name="review_rules"),
    path("ballots/", review_member.ballots, name="review_ballots"),
    path("ballots/<int:pk>/", review_member.ballot, name="review_ballot"),
    path("self-reports/", review_member.self_reports, name="self_reports"),
]

# --- 评星定级 and 书记抓党建述职评议: their patterns in rating_urls and duty_review_urls ----------------
urlpatterns: list = [*review_patterns, *rating_patterns, *duty_review_patterns]
