"""API of appraisal (考评): one ninja router for the app, composed by config/api.py. Each half
keeps its endpoints on a router of its own (api/review.py, api/rating.py) added here."""

from ninja import Router

router = Router(tags=["考评"])
