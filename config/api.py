"""The REST API under /api/v1/, composed: core's error shape, docs page and notifications,
accounts' authentication (token or verified session) and one router per domain app. Composing here keeps
core free of the domain apps and the apps free of each other's routers."""

from dangjian.accounts.api_auth import API_AUTH, require_api_user
from dangjian.appraisal.api import router as appraisal_router
from dangjian.core.api import ChineseSwagger, DangjianAPI, fallback, install_error_handlers
from dangjian.core.api_notifications import router as notifications_router
from dangjian.decisions.api import router as decisions_router
from dangjian.dues.api import router as dues_router
from dangjian.members.api import router as members_router
from dangjian.orglife.api import router as orglife_router
from dangjian.orgs.api import router as orgs_router
from dangjian.recruitment.api import router as recruitment_router
from dangjian.reports.api import router as reports_router
from dangjian.staff.api import router as staff_router
from dangjian.supervision.api import router as supervision_router

api = DangjianAPI(
    title="中小学校党建工作管理系统 API",
    version="1",
    description="所有接口均需登录（浏览器会话）或 API 令牌（Authorization: Bearer …）。数据范围与网页一致：只返回本人任职组织及其下级的数据。",
    urls_namespace="api",
    auth=API_AUTH,
    docs=ChineseSwagger(settings={"persistAuthorization": False, "tryItOutEnabled": False}),
    docs_decorator=require_api_user,
)
install_error_handlers(api)

for router in (
    orgs_router, members_router, dues_router, recruitment_router, orglife_router, decisions_router, supervision_router,
    appraisal_router, staff_router, reports_router, notifications_router,
):
    api.add_router("/", router)
# Last, so that every real route matches first (see dangjian.core.api.fallback).
api.add_router("/", fallback)
