"""The orgs app's one API router, mounted by config/api.py under /api/v1/, built from one module
per topic: me (/me, the caller and their positions) and orgs (/orgs/..., /schools/...), whose
router also carries the writes of editing (setting up an organization, its posts, a school's
record — declared there, beside the reads of the same paths).

The operations keep the OpenAPI operationId they had before the topics became a package (ninja
derives it from the module path; /me kept core's): each operation names its id explicitly."""

from ninja import Router

from dangjian.orgs.api import editing, local_documents, me, orgs

router = Router()
# /me first: the order of the routes and of the OpenAPI document.
router.add_router("", me.router)
router.add_router("", orgs.router)
# The register of local documents and the local rules switched on from it (issue 18).
router.add_router("", local_documents.router)
_WRITES = editing  # imported for the operations it declares on orgs.router (see its docstring)
