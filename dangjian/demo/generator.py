"""Builds the demo world of a scale: plan everything in memory from the seed, then write it
in one transaction with bulk inserts (orgs, schools, members, positions) and the services
for what the services own here (joint-branch attachments, the personas' appointments).

Each concern draws from its own random stream (`Random(f"{seed}:schools")` …), so a change in
how, say, positions are drawn does not reshuffle the names and ID numbers of members.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.demo.appraisal_review import write_reviews
from dangjian.demo.decisions import write_decisions
from dangjian.demo.dues import write_dues
from dangjian.demo.duty_reviews import write_duty_reviews
from dangjian.demo.ethics import write_ethics
from dangjian.demo.history import History, plan_history, plan_plain_history, write_history
from dangjian.demo.integrity_risks import write_integrity_risks
from dangjian.demo.liaison import write_liaison
from dangjian.demo.lifemeetings import write_life_meetings
from dangjian.demo.local_documents import write_local_documents
from dangjian.demo.orglife import write_orglife
from dangjian.demo.people import PeopleFactory, assign_profiles, assign_work_records, write_members
from dangjian.demo.personas import Account, Credentials, create_personas
from dangjian.demo.pledges import write_pledges
from dangjian.demo.posts import plan_positions, write_positions
from dangjian.demo.ratings import write_ratings
from dangjian.demo.recruitment import write_recruitment
from dangjian.demo.report_drafts import write_report_drafts
from dangjian.demo.schools import SCALES, SchoolPlan, distribute_members, plan_schools
from dangjian.demo.seed_figures import plan_coverage_history, replace_departed
from dangjian.demo.staff import write_staff
from dangjian.demo.supervision import write_supervision
from dangjian.demo.tree import OrgNode, build_tree, write_tree
from dangjian.members.models import ACTIVE_STANDINGS
from dangjian.orgs import services
from dangjian.orgs.models import NoOrgReason, OrgKind, Ownership, PartyOrg, Position, School
from dangjian.orgs.rules import term_warning_days

DEFAULT_SEED = 2026
COUNTY_RETIREE_BRANCH_SIZE = (15, 35)

PRODUCTION_REFUSAL = ("当前为生产环境（DANGJIAN_ENV=production），拒绝生成演示数据：生产环境不得存在演示账号或"
                      "默认账号。演示数据只能在开发或演示环境中生成，数据库未作任何改动。")


class DemoRefused(Exception):
    pass


def refuse_in_production() -> None:
    """Demo data brings seven named accounts with known roles, two of them with the whole
    city's or county's data; none of that may exist in production."""
    if getattr(settings, "PRODUCTION", False):
        raise DemoRefused(PRODUCTION_REFUSAL)


@dataclass
class SeedResult:
    scale: str
    seed: int
    counts: dict
    accounts: list[Account]
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)


@dataclass
class Plan:
    """Everything the seed decides, before anything is written: what `seed_demo` writes and
    what the determinism test compares."""

    counties: list
    schools: list[SchoolPlan]
    root: OrgNode
    positions: list
    members: list
    factory: PeopleFactory
    history: History


def plan_world(scale_name: str, seed: int = DEFAULT_SEED, today: datetime.date | None = None) -> Plan:
    scale = SCALES[scale_name]
    today = today or timezone.localdate()
    rng_schools = random.Random(f"{seed}:schools")
    counties = plan_schools(scale, rng_schools)
    schools = [s for c in counties for s in c.schools]
    rng_tree = random.Random(f"{seed}:tree")
    county_retirees = [rng_tree.randint(*COUNTY_RETIREE_BRANCH_SIZE) if scale.county_retiree_branches else 0
                       for _ in counties]
    if scale.in_service:
        distribute_members(schools, scale.members, rng_schools, in_service=True)
    elif scale.members:
        distribute_members(schools, scale.members - sum(county_retirees), rng_schools)
    else:
        for s in schools:
            s.declared_members = s.members - s.retirees
    factory = PeopleFactory(random.Random(f"{seed}:people"), today)
    root = build_tree(counties, scale, factory, rng_tree, today, term_warning_days(), county_retirees)
    # Seed 001's coverage two years back: before the posts, which follow the terms it sets.
    plan_coverage_history(schools, random.Random(f"{seed}:coverage"), today)
    positions = plan_positions(root, factory, random.Random(f"{seed}:posts"), today)
    members = root.all_members()
    holders = {id(p.member) for p in positions if p.member is not None}
    assign_profiles(members, random.Random(f"{seed}:profiles"), today, busy=holders)
    assign_work_records(members, random.Random(f"{seed}:work"), today)
    history = plan_history(root, positions, random.Random(f"{seed}:history"), today)
    if scale.in_service:
        # The members in service the history took off the roll are replaced where they left.
        rng_added = random.Random(f"{seed}:replacements")
        added = replace_departed(root, factory)
        assign_profiles(added, rng_added, today)
        assign_work_records(added, rng_added, today)
        plan_plain_history(history, added, rng_added, today)
        members = root.all_members()
    for s in schools:
        if not s.principal_name:  # schools without an organization of their own
            s.principal_name = factory.picker.person(male=factory.rng.random() < 0.6)
    return Plan(counties, schools, root, positions, members, factory, history)


# The phases of seed_demo, in the order they run: each reads what the ones before it wrote.
PHASES = ("orgs", "schools", "members", "history", "positions", "staff", "dues", "recruitment", "orglife",
          "decisions", "appraisal_review", "life_meetings", "supervision", "integrity_risks", "liaison", "ratings",
          "ethics", "pledges", "duty_reviews", "report_drafts")


def seed_demo(scale_name: str, seed: int = DEFAULT_SEED, today: datetime.date | None = None,
              credentials: Credentials | None = None, through: str | None = None) -> SeedResult:
    """`credentials`: None draws fresh passwords and TOTP keys (see personas.py); tests may
    pass known ones. `through`: stop after that phase (PHASES) — a world of organizations,
    members and accounts without the years of records, when that is all one needs (seconds
    instead of a minute at county scale)."""
    if through is not None and through not in PHASES:
        raise ValueError(f"unknown phase {through!r}: one of {', '.join(PHASES)}")
    refuse_in_production()
    started = time.perf_counter()
    phases: dict[str, float] = {}
    today = today or timezone.localdate()
    plan = plan_world(scale_name, seed, today)
    phases["plan"] = time.perf_counter() - started

    # chain_held: the audit head and change marks written once at the end (core.audit says why).
    with _collector_spares_what_lives_on(), transaction.atomic(), _references_checked_at_the_end(phases), \
            audit.chain_held():
        counts, accounts = _write_phases(plan, scale_name, seed, today, credentials, phases, through)
        # One entry for the run, not one per row: the row-level history of seeded data is "seeded".
        audit.record("demo.seed", actor_name="seed_demo", changes=counts)

    if connection.vendor != "postgresql":  # on PostgreSQL done before the references (above)
        mark = time.perf_counter()
        _analyze()
        phases["analyze"] = time.perf_counter() - mark
    return SeedResult(scale_name, seed, counts, accounts, time.perf_counter() - started, phases)


def _write_phases(plan: Plan, scale_name: str, seed: int, today: datetime.date, credentials, phases: dict,
                  through: str | None) -> tuple[dict, list]:
    """Write the planned world phase by phase, timing each, up to `through` (all when None)."""
    counties, schools, root, positions, members, factory = (
        plan.counties, plan.schools, plan.root, plan.positions, plan.members, plan.factory)
    mark = time.perf_counter()

    def done(phase: str) -> bool:
        nonlocal mark
        phases[phase] = time.perf_counter() - mark
        gc.collect()  # this phase's garbage, once (see _collector_spares_what_lives_on)
        gc.freeze()
        mark = time.perf_counter()
        return phase == through

    def refresh_statistics(phase: str) -> None:
        if phase in ANALYZE_BEFORE:
            _analyze()
            done(f"analyze:{phase}")

    nodes = write_tree(root)
    done("orgs")
    _write_schools(schools)
    done("schools")
    write_members(members)
    done("members")
    history_counts = write_history(plan.history)
    done("history")
    write_positions(positions)
    accounts = create_personas(root, counties[0].org, positions, factory, today, credentials)
    counts = _counts(scale_name, seed, nodes, schools, members, Position.objects.count())
    counts.update(history_counts)
    # The city's local documents and the rules switched on from them, before any record is judged.
    counts["local_documents"] = write_local_documents(today)
    if done("positions"):
        return counts, accounts

    # The staff register (教职工名册) of every school, after the posts: members, secretaries and
    # principals are linked to their entries; the ledgers below (责任书, 师德师风) read it.
    refresh_statistics("staff")
    counts["staff_register"] = vars(write_staff(today, seed))
    if done("staff"):
        return counts, accounts
    counts["dues"] = vars(write_dues(members, today, seed))
    if done("dues"):
        return counts, accounts
    # The rest read the world written above; each is one phase.
    later = (
        ("recruitment", lambda: vars(write_recruitment(scale_name, today, seed))),
        ("orglife", lambda: vars(write_orglife(today, seed))),
        ("decisions", lambda: vars(write_decisions(scale_name, today, seed))),
        ("appraisal_review", lambda: write_reviews(today, seed).as_dict()),
        ("life_meetings", lambda: vars(write_life_meetings(today, seed))),
        ("supervision", lambda: write_supervision(scale_name, today, seed).as_dict()),
        # 廉政风险台账 after the 小微权力清单 (decisions) and the staff register: each power's risk points.
        ("integrity_risks", lambda: vars(write_integrity_risks(today, seed))),
        # 党建工作联系点 and 巡回督导: visits' findings go to the 整改台账 written above.
        ("liaison", lambda: vars(write_liaison(today, seed))),
        ("ratings", lambda: vars(write_ratings(scale_name, today, seed))),
        # 师德师风 reads the staff register written above (no register, nothing to assess).
        ("ethics", lambda: vars(write_ethics(today, seed))),
        # 责任书 / 承诺书: signers from the staff register written above.
        ("pledges", lambda: vars(write_pledges(today, seed))),
        # After the reviews and ratings: the 述职 drafter and the 自查报告 read the finished world.
        ("duty_reviews", lambda: vars(write_duty_reviews(today, seed))),
        ("report_drafts", lambda: vars(write_report_drafts(today))),
    )
    for phase, write in later:
        refresh_statistics(phase)
        counts[phase] = write()
        if done(phase):
            break
    return counts, accounts


# The phases that read much of what the phases before them wrote, in the same transaction: the
# planner's statistics are refreshed first (see _analyze). Before the ratings' automatic items,
# which read five years of organizational life, dues and decisions: planned with the statistics
# of an empty database, the city's ratings phase took 131.5 s; with them 39.4 s (ANALYZE 2.8 s).
# Before the staff register and organizational life, which look up the members, posts and
# schools written before them row by row: at province scale the staff and dues phases took
# 374 and 698 s without, 221 and 408 s with (docs/scaling.md 五.1).
ANALYZE_BEFORE = frozenset({"staff", "orglife", "decisions", "ratings"})


@contextlib.contextmanager
def _collector_spares_what_lives_on():
    """Python's cyclic garbage collector scans every live object at each full collection; a seed
    keeps millions alive (the plan, the members, caches of the rules), so the city's run spent 43 s
    in 122 full collections, and a province's ten times the objects cost more per collection still.
    So the automatic collector is off for the run: each phase's cyclic garbage is collected once, at
    the phase's end (reference counting frees the rest as it goes; the city's peak memory did not
    change), and what is still alive then lives to the end of the run, so gc.freeze() moves it out
    of later scans. The collector's state is handed back as it was found."""
    enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    gc.disable()
    gc.collect()  # what the plan left behind is not frozen with it
    gc.freeze()
    try:
        yield
    finally:
        if not frozen:  # a caller's own frozen objects stay frozen
            gc.unfreeze()
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _references_checked_at_the_end(phases: dict):
    """On PostgreSQL, every foreign key is dropped for the writing and added again before the
    commit, which checks all the rows of each in one scan (PostgreSQL's advice for loading data,
    "Populating a Database"). Django's foreign keys are deferred: as they stand, each of the
    city's ten million rows queues a check for the commit, done row by row (measured at county
    scale: 9.3 s of the organizational life's 26 s, against 1.4 s for the scans). The same
    references are checked, the same constraints are in place afterwards; a dangling one fails
    the seed as it did. The constraints' definitions come from the catalogue, so every app's
    keys are covered without a list to maintain."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace ORDER BY conrelid, conname")
        keys = cursor.fetchall()
        for table, name, _ in keys:
            # The names and definitions are the catalogue's own, not input.
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    yield
    mark = time.perf_counter()
    # Each key is checked by one join of its two tables, planned from the statistics: refreshed
    # here whichever phase the run stopped after. Planned on the statistics of tables that were
    # empty at the last ANALYZE (a run stopped after organizational life), checking the 4.9
    # million attendance rows of a county ran for over seven minutes.
    _analyze()
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")
    phases["references"] = time.perf_counter() - mark


def _analyze() -> None:
    """Refresh the planner's statistics after the bulk load. Without it PostgreSQL still
    believes the tables are empty and picks nested loops for the subtree aggregates (measured:
    the dashboard's member roll-up 52 ms with stale statistics); autovacuum would catch up only
    minutes later. ANALYZE (not VACUUM) so that it also runs inside a transaction: PostgreSQL
    samples the rows the transaction itself has written, so it serves between the phases too.

    On PostgreSQL only the project's own tables: a bare ANALYZE also samples the catalogues that
    all databases share and holds their locks until the seed's transaction ends, so a second seed
    in another database (the test suite's other worker) waited for the whole run."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elif connection.vendor == "postgresql":
        tables = sorted(connection.introspection.django_table_names(only_existing=True))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _write_schools(plans: list[SchoolPlan]) -> None:
    rows = []
    joint: list[tuple[School, OrgNode]] = []
    joint_plans: list[SchoolPlan] = []
    for p in plans:
        own = p.org is not None and p.org.kind != OrgKind.JOINT_BRANCH
        reason = p.no_org_reason
        if p.org is not None and not own:
            # Recorded first as "too few members", then attached to its joint branch through
            # the service below, which checks the 5-school rule.
            reason = NoOrgReason.TOO_FEW_MEMBERS
        row = School(
            code=p.code, name=p.name, school_type=p.school_type, ownership=p.ownership, county=p.county.name,
            supervisor_id=p.county.org.id, party_org_id=p.org.id if own else None, affiliation=p.affiliation,
            staff_count=p.staff, teacher_count=p.teachers, student_count=p.students,
            declared_member_count=p.declared_members, sponsor=p.sponsor, sponsor_is_member=p.sponsor_is_member,
            principal_name=p.principal_name, no_org_reason=reason,
            no_org_note=p.no_org_note, opened_on=p.opened_on, covered_on=p.covered_on if own else None,
        )
        rows.append(row)
        if p.org is not None and not own:
            joint.append((row, p.org))
            joint_plans.append(p)
    School.objects.bulk_create(rows, batch_size=1000)
    if any(r.pk is None for r in rows):
        ids = dict(School.objects.values_list("code", "id"))
        for r in rows:
            r.pk = ids[r.code]
    orgs = PartyOrg.objects.in_bulk({node.id for _, node in joint})
    for (row, node), p in zip(joint, joint_plans, strict=True):
        services.attach_school(row, orgs[node.id], on=p.covered_on)


def _counts(scale_name: str, seed: int, nodes: list[OrgNode], schools: list[SchoolPlan], members, positions: int):
    kinds = Counter(n.kind for n in nodes)
    public = [s for s in schools if s.ownership == Ownership.PUBLIC]
    private = [s for s in schools if s.ownership == Ownership.PRIVATE]
    return {
        "scale": scale_name,
        "seed": seed,
        "schools": len(schools),
        "public_schools": len(public),
        "private_schools": len(private),
        "public_covered": sum(s.org is not None for s in public),
        "private_covered": sum(s.org is not None for s in private),
        "orgs": len(nodes),
        "orgs_by_kind": {k: kinds.get(k, 0) for k in OrgKind.values},
        "members": len(members),
        "retirees": sum(m.retiree for m in members),
        "probationary": sum(m.probationary for m in members),
        "active": sum(m.standing in ACTIVE_STANDINGS for m in members),
        "positions": positions,
        "staff": sum(s.staff for s in schools),
        "students": sum(s.students for s in schools),
    }
