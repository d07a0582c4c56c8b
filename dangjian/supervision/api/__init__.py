"""API of supervision (监督台账): one ninja router for the app, composed by config/api.py. Each
part keeps its endpoints on a router of its own (api/rectification.py and its further steps in
api/rectification_steps.py, api/disclosure.py, api/lifemeeting.py …) added here."""

from ninja import Router

from dangjian.supervision.api.disclosure import router as disclosure_router
from dangjian.supervision.api.disclosure_work import router as disclosure_work_router
from dangjian.supervision.api.integrity_risk import router as integrity_risk_router
from dangjian.supervision.api.integrity_risk_publish import router as integrity_risk_publish_router
from dangjian.supervision.api.liaison import router as liaison_router
from dangjian.supervision.api.lifemeeting import router as lifemeeting_router
from dangjian.supervision.api.lifemeeting_meeting import router as lifemeeting_meeting_router
from dangjian.supervision.api.lifemeeting_steps import router as lifemeeting_steps_router
from dangjian.supervision.api.local_rules import router as local_rules_router
from dangjian.supervision.api.pledge import router as pledge_router
from dangjian.supervision.api.pledge_signers import router as pledge_signers_router
from dangjian.supervision.api.rectification import router as rectification_router
from dangjian.supervision.api.rectification_steps import router as rectification_steps_router

router = Router(tags=["监督台账"])
router.add_router("", rectification_router)
router.add_router("", rectification_steps_router)
router.add_router("", disclosure_router)
router.add_router("", disclosure_work_router)
router.add_router("", lifemeeting_router)
router.add_router("", lifemeeting_steps_router)
router.add_router("", lifemeeting_meeting_router)
router.add_router("", integrity_risk_router)
router.add_router("", integrity_risk_publish_router)
router.add_router("", pledge_router)
router.add_router("", pledge_signers_router)
router.add_router("", liaison_router)
router.add_router("", local_rules_router)
