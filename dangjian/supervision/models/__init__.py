"""Models of supervision, one module per part: rectification.py (整改台账), disclosure.py
(党务公开), lifemeeting.py (组织生活会 / 民主生活会) and liaison.py (党建工作联系点、巡回督导).
Re-exported here so that Django finds them and callers import from one place."""

from dangjian.supervision.models.disclosure import CatalogueEntry, DisclosureEvent, DisclosureItem
from dangjian.supervision.models.integrity_risk import IntegrityRisk, RiskPublication, RiskReview
from dangjian.supervision.models.liaison import (
    ChecklistEntry,
    InspectionResult,
    InspectionRound,
    InspectionScore,
    LiaisonAssignment,
    LiaisonVisit,
)
from dangjian.supervision.models.lifemeeting import (
    Criticism,
    LifeMeeting,
    LifeMeetingRule,
    Opinion,
    Problem,
    ReviewMaterial,
    StudySession,
    TalkPair,
)
from dangjian.supervision.models.pledge import PledgeCampaign, PledgeSignature
from dangjian.supervision.models.rectification import (
    EscalationSetting,
    Evidence,
    ItemEvent,
    RectificationBatch,
    RectificationItem,
)

__all__ = [
    "IntegrityRisk", "RiskPublication", "RiskReview",  # 廉政风险台账
    "ChecklistEntry", "InspectionResult", "InspectionRound", "InspectionScore", "LiaisonAssignment", "LiaisonVisit",  # 联系点与督导
    "CatalogueEntry", "Criticism", "DisclosureEvent", "DisclosureItem", "EscalationSetting", "Evidence", "ItemEvent",
    "LifeMeeting", "LifeMeetingRule", "Opinion", "PledgeCampaign", "PledgeSignature", "Problem", "RectificationBatch", "RectificationItem", "ReviewMaterial",
    "StudySession", "TalkPair",
]
