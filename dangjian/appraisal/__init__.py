"""Appraisal (考评): 民主评议党员 of members (review) and 评星定级 of organizations (rating).

It sits above the other domain apps because the rating's automatic items read their data
through their selectors and services; nothing below imports it (members shows the review
results through its hook, registered in apps.ready)."""
