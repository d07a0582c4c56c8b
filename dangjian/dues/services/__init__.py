"""Every change to party dues goes through these functions (ARCHITECTURE.md pattern 1): bases,
the monthly ledger, hardship approvals, payment plans and remittances (ledger), and recording,
correcting and reversing payments (payments). Callers import from this package; the modules are
split by topic only."""

from dangjian.dues.services.ledger import (
    COMPONENTS,
    LINE_COLUMNS,
    Generation,
    approve_hardship,
    base_in_force,
    billing_orgs,
    fill_line,
    generate_ledger,
    hardships_in_force,
    latest_bases,
    line_values,
    lines_missing,
    parent_of,
    record_remittance,
    set_base,
    set_payment_plan,
)
from dangjian.dues.services.payments import (
    MAX_KEY,
    Recorded,
    amount_text,
    line_for,
    record_extra_payment,
    record_payment,
    reverse_payment,
)

__all__ = [
    "COMPONENTS", "LINE_COLUMNS", "MAX_KEY", "Generation", "Recorded", "amount_text", "approve_hardship", "base_in_force",
    "billing_orgs", "fill_line", "generate_ledger", "hardships_in_force", "latest_bases", "line_for", "line_values", "lines_missing",
    "parent_of", "record_extra_payment", "record_payment", "record_remittance", "reverse_payment", "set_base",
    "set_payment_plan",
]
