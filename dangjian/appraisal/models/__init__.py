"""Models of appraisal, one module per half: review.py (民主评议党员) and rating.py (评星定级).
Re-exported here so that Django finds them and callers import from one place."""

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
    "BallotToken", "FollowUp", "MemberGrade", "PollCount", "ReviewOverride", "ReviewRound", "RoundEvent", "SelfReport",
]
