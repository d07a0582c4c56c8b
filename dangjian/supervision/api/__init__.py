"""API of supervision (监督台账): one ninja router for the app, composed by config/api.py. Each
part keeps its endpoints on a router of its own (api/rectification.py, api/disclosure.py,
api/lifemeeting.py) added here."""

from ninja import Router

from dangjian.supervision.api.lifemeeting import router as lifemeeting_router

router = Router(tags=["监督台账"])
router.add_router("", lifemeeting_router)
