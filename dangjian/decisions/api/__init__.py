"""API of the decisions app: one ninja router for the app, composed by config/api.py. Each part
keeps its endpoints on a router of its own — matters and meetings (api/matters.py), their
execution (api/execution.py), the 小微权力清单 (api/powers.py), the rules pages' settings
(api/rules.py) — added here."""

from ninja import Router

from dangjian.decisions.api.execution import router as execution_router
from dangjian.decisions.api.matters import router as matters_router
from dangjian.decisions.api.powers import router as powers_router
from dangjian.decisions.api.rules import router as rules_router

router = Router()
router.add_router("", matters_router)
router.add_router("", execution_router)
router.add_router("", powers_router)
router.add_router("", rules_router)
