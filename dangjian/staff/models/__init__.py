"""The staff app's models, one module per ledger: the register and leadership team
(register.py); the professional-ethics records (ethics.py, 师德师风)."""

from dangjian.staff.models.ethics import EthicsAssessment, EthicsViolation  # noqa: F401
from dangjian.staff.models.register import (  # noqa: F401
    LeadershipRole,
    LeadershipTerm,
    LeadershipTermQuerySet,
    StaffMember,
    StaffPost,
    StaffQuerySet,
)
