"""Every change to the staff register goes through these functions: the pages, the API, the
importer, the demo generator and the other ledgers (责任书, 廉政风险, 师德师风) call them."""

from dangjian.staff.services.register import (  # noqa: F401
    create_registers,
    create_staff_member,
    create_staff_members,
    end_employment,
    end_leadership_term,
    reveal_pii,
    start_leadership_term,
    start_leadership_terms,
    start_terms_of_schools,
    update_staff_member,
)
