"""API of the staff app: one ninja router for the app, composed by config/api.py. Each part keeps
its endpoints on a router of its own (api/register.py, api/terms.py, api/ethics.py, api/imports.py), added here."""

from ninja import Router

from dangjian.staff.api.ethics import router as ethics_router
from dangjian.staff.api.imports import router as imports_router
from dangjian.staff.api.register import router as register_router
from dangjian.staff.api.terms import router as terms_router

router = Router()
router.add_router("", register_router)
router.add_router("", terms_router)
router.add_router("", ethics_router)
router.add_router("", imports_router)
