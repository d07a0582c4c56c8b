"""The demo's member history is the seed's: the same seed plans the same members, events and
transfers, another seed others. What the history holds is checked on the seeded scales:
county_scale/test_member_data.py (five years of it against the membership rules) and
school_scale/test_member_data.py (the personas' quiet one)."""

import datetime

from dangjian.demo.generator import plan_world


def test_same_seed_same_history():
    day = datetime.date(2026, 3, 1)

    def fingerprint(seed_value):
        plan = plan_world("county", seed_value, day)
        return (
            [(m.name, m.ethnicity, m.education, m.job, m.title, m.phone, m.joined_on, m.confirmed_on, m.standing)
             for m in plan.members],
            [(e.member.name, e.kind, e.day, e.org.code) for e in plan.history.events],
            [(t.member.name, t.from_org.code, t.to_org.code, t.letter_number, t.state) for t in plan.history.transfers],
        )

    first = fingerprint(7)
    assert fingerprint(7) == first
    assert fingerprint(8) != first
