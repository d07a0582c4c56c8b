"""The star-distribution panel of the committees' dashboard (registered with
dangjian.core.dashboard by AppraisalConfig.ready()): the latest year with granted stars in the
organization's subtree, stars 0–5, the stripped ones and the 达标称号 — three queries."""

from __future__ import annotations

import datetime

from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.selectors import rating as selectors
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.orgs.models import OrgKind


def stars_panel(request, org, today: datetime.date) -> dict | None:
    if org is None or org.kind != OrgKind.EDUCATION_COMMITTEE:
        return None
    if not scope_of(request.user).allows(Action.RATING_VIEW, org.path):
        return None
    year = selectors.latest_rated_year(request.user, org)
    if year is None:
        return None
    dist = selectors.star_distribution(request.user, org, year)
    open_weak = selectors.weak_in(request.user, org, state=R.WeakState.RECTIFYING).count()
    labels = [R.STAR_LABELS[s] for s in range(R.MAX_STARS, -1, -1)] + ["已摘星"]
    values = [dist["stars"][s] for s in range(R.MAX_STARS, -1, -1)] + [dist["revoked"]]
    return {"template": "appraisal/rating/dashboard_panel.html", "org": org, "year": year, "dist": dist,
            "five": dist["stars"][R.MAX_STARS], "open_weak": open_weak,
            "chart": {"labels": labels, "values": values}}
