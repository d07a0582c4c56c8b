"""API of appraisal (考评): one ninja router for the app, composed by config/api.py. Each half
keeps its endpoints on a router of its own (api/review.py, api/rating.py and its further steps in
api/rating_steps.py, api/rating_standards.py; 述职评议 in api/duty_review.py) added here."""

from ninja import Router

from dangjian.appraisal.api.duty_review import router as duty_review_router
from dangjian.appraisal.api.rating import router as rating_router
from dangjian.appraisal.api.rating_standards import router as rating_standards_router
from dangjian.appraisal.api.rating_steps import router as rating_steps_router
from dangjian.appraisal.api.review import router as review_router

router = Router(tags=["考评"])
router.add_router("/", review_router)
router.add_router("/", rating_router)
router.add_router("/", rating_steps_router)
router.add_router("/", rating_standards_router)
router.add_router("/", duty_review_router)
