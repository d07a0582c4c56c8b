"""50 concurrent payments of the same member-month: exactly one row, 49 clean refusals, no
server error (QUALITY.md reliability figures). Each thread has its own database connection."""

import datetime
import threading

import pytest
from django.db import connection, connections

from dangjian.core.errors import RuleViolation
from dangjian.dues import services
from dangjian.dues.models import DuesLine, DuesPayment
from dangjian.dues.rules import Category
from dangjian.dues.services import record_payment
from dangjian.testing import build_world

TODAY = datetime.date(2026, 11, 23)
THREADS = 50


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs PostgreSQL: SQLite has one writer at a time, so there is no race to test; "
                           "run with DATABASE_URL=postgres://… (this test must pass there)")
def test_fifty_concurrent_payments_of_one_member_month_give_exactly_one_row():
    world = build_world()
    services.set_base(world.m_member_a, base="4000", category=Category.IN_SERVICE, effective_month="2026-01")
    services.generate_ledger(world.branch_a, "2026-11", today=TODAY)
    line = DuesLine.objects.get(member=world.m_member_a, month=datetime.date(2026, 11, 1))
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def pay(number: int):
        try:
            barrier.wait()
            record_payment(line, amount="40.00", method="cash", paid_on=TODAY, idempotency_key=f"thread-{number}",
                           acting_user=world.org_member_a, today=TODAY)
            outcome = "paid"
        except RuleViolation as refusal:
            outcome = refusal.code
        except Exception as error:  # noqa: BLE001 - any other error is what the test counts
            outcome = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=pay, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("paid") == 1
    assert outcomes.count("duplicate") == THREADS - 1, sorted(set(outcomes))
    assert DuesPayment.objects.filter(line=line).count() == 1
    line.refresh_from_db()
    assert str(line.paid_total) == "40.00"
