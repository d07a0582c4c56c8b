"""The pages of 书记抓党建述职评议, joined into appraisal's urls."""

from django.urls import path

from dangjian.appraisal.views import duty_review, duty_review_entry

duty_review_patterns = [
    path("duty-reviews/", duty_review.rounds, name="duty_reviews"),
    path("duty-reviews/new/", duty_review.round_new, name="duty_review_new"),
    path("duty-reviews/<int:pk>/", duty_review.round_detail, name="duty_review"),
    path("duty-reviews/results/", duty_review.results, name="duty_results"),
    path("duty-reviews/settings/", duty_review.settings_page, name="duty_settings"),
    path("duty-reviews/entries/<int:pk>/", duty_review_entry.entry_detail, name="duty_entry"),
    path("duty-reviews/entries/<int:pk>/report/", duty_review_entry.report, name="duty_report"),
    path("duty-reviews/entries/<int:pk>/report/draft/", duty_review_entry.report_draft, name="duty_report_draft"),
    path("duty-reviews/entries/<int:pk>/report.docx", duty_review_entry.report_file, name="duty_report_file"),
    path("duty-reviews/entries/<int:pk>/assessment/", duty_review_entry.assess, name="duty_assessment"),
    path("duty-reviews/entries/<int:pk>/comments/", duty_review_entry.comment_add, name="duty_comment_add"),
    path("duty-reviews/comments/<int:pk>/rectify/", duty_review_entry.comment_rectify, name="duty_comment_rectify"),
    path("duty-reviews/entries/<int:pk>/history/", duty_review_entry.history, name="duty_history"),
]
