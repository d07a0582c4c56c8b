"""The members app's one API router, mounted by config/api.py under /api/v1/, built from one
module per topic: records (/members/, /members/{id}, its events), stats (/stats/members,
/members/export), imports (/members/import), transfers (/transfers/..., a member's letter) and
corrections (a member's own phone, the 组织委员's decision).
The writes of editing (建档, 系统外转入, 修改) ride on records' router, beside the reads of the
same paths.

The operations keep the OpenAPI operationId they had before the topics became a package
(ninja derives it from the module path), so clients generated from the schema do not change:
each operation names its id explicitly."""

from ninja import Router

from dangjian.members.api import corrections, editing, imports, records, stats, transfers

router = Router()
# Records first: their order is the order of the routes and of the OpenAPI document.
router.add_router("", records.router)
router.add_router("", stats.router)
router.add_router("", imports.router)
router.add_router("", transfers.router)
router.add_router("", corrections.router)
_WRITES = editing  # imported for the operations it declares on records.router (see its docstring)
