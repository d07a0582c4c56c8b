"""Models of appraisal, one module per half: review.py (民主评议党员), rating.py (评星定级)
and duty_review.py (书记抓党建述职评议).
Re-exported here so that Django finds them and callers import from one place."""

from dangjian.appraisal.models.duty_review import DutyComment, DutyEntry, DutyRound, DutySetting
from dangjian.appraisal.models.rating import (
    Evidence,
    ItemScore,
    Publicity,
    RatingEvent,
    Revocation,
    SamplingDraw,
    Situation,
    StandardArea,
    StandardItem,
    StandardSet,
    StarLevel,
    StarRating,
    WeakOrg,
    WeakTask,
)
from dangjian.appraisal.models.review import (
    BallotToken,
    FollowUp,
    MemberGrade,
    PollCount,
    ReviewOverride,
    ReviewRound,
    RoundEvent,
    SelfReport,
)

__all__ = [
    "Evidence", "ItemScore", "Publicity", "RatingEvent", "Revocation", "SamplingDraw", "Situation", "StandardArea",
    "StandardItem", "StandardSet", "StarLevel", "StarRating", "WeakOrg", "WeakTask",
    "BallotToken", "FollowUp", "MemberGrade", "PollCount", "ReviewOverride", "ReviewRound", "RoundEvent", "SelfReport",
    "DutyComment", "DutyEntry", "DutyRound", "DutySetting",
]
