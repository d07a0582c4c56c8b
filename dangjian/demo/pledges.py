"""责任书 / 承诺书 for the demo: this year's letters, opened in January and signed within weeks, a
few still missing — all through dangjian.supervision.services.pledge, acting as the system.

- The personas' county (the education committee above school A) opens the year's
  全面从严治党主体责任书 for the secretaries and principals of its schools (seed 000: the education
  committee signs the responsibility letters with each school's leaders).
- The personas' schools (A and B) open the year's 师德师风承诺书 for their leaders, department heads
  and teachers (seed 000: "教职工签订了《廉洁从教书》和《遵守师德师风书》").

Signers come from the staff register the demo wrote (no register, no signers). Whoever has a system
account on his staff entry signs on screen; the others' letters are signed on paper and their
scanned copy recorded by the party office (a one-page PDF). About MISSING_SHARE of the letters, and
at least one in each persona school, are left unsigned, for the reminders to show. The other
counties of a city-scale demo are left out: a campaign there costs a service call and a stored
file per signer, thousands of them, for nothing a visitor looks at (docs/supervision.md). The
personas' schools' letters go through the services one at a time; the county campaign's letters
of its other schools are recorded in one batch (pledge_bulk: the same checks, one audit entry).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.roles import Post
from dangjian.orgs.models import OrgKind, PartyOrg, Position
from dangjian.staff.models import StaffMember
from dangjian.supervision.models import PledgeCampaign
from dangjian.supervision.rules.pledge import Kind
from dangjian.supervision.services import pledge as S
from dangjian.supervision.services import pledge_bulk as SB

MISSING_SHARE = 0.05
# A one-page PDF standing for the scanned signed page (the upload checks accept it as a PDF).
SCAN = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@dataclass
class PledgeCounts:
    campaigns: int = 0
    signers: int = 0
    on_screen: int = 0
    scanned: int = 0
    missing: int = 0


def _persona_orgs() -> list[PartyOrg]:
    ids = list(Position.objects.filter(user__username__in=("secretary_a", "secretary_b"), post=Post.SECRETARY)
               .order_by("user__username").values_list("org_id", flat=True))
    found = PartyOrg.objects.in_bulk(ids)
    return [found[i] for i in ids if i in found]


def _county_of(org: PartyOrg) -> PartyOrg | None:
    """The nearest education committee above `org`."""
    candidates = PartyOrg.objects.filter(kind=OrgKind.EDUCATION_COMMITTEE).order_by("-depth")
    return next((c for c in candidates if org.path.startswith(c.path) and c.path != org.path), None)


def write_pledges(today: datetime.date, seed: int) -> PledgeCounts:
    rng = random.Random(f"{seed}:pledges")
    counts = PledgeCounts()
    schools = _persona_orgs()
    if not StaffMember.objects.filter(school__party_org__in=schools).exists():
        return counts   # no staff register for the personas' schools: nobody to sign
    opened = min(today, datetime.date(today.year, 1, 10))
    deadline = opened + datetime.timedelta(days=45)
    campaigns = []
    county = _county_of(schools[0])
    if county is not None:
        campaigns.append(S.open_campaign(county, kind=Kind.PARTY_DUTY, year=today.year, deadline=deadline,
                                         acting_user=None, today=opened))
    for org in schools:
        campaigns.append(S.open_campaign(org, kind=Kind.ETHICS, year=today.year, deadline=deadline,
                                         acting_user=None, today=opened))
    persona_schools = {school.pk for org in schools for school in org.schools.all()}
    for campaign in campaigns:
        counts.campaigns += 1
        _sign(campaign, opened, today, rng, counts, persona_schools)
    return counts


def _sign(campaign: PledgeCampaign, opened: datetime.date, today: datetime.date, rng: random.Random,
          counts: PledgeCounts, persona_schools: set[int]) -> None:
    rows = list(campaign.signatures.select_related("staff", "staff__user", "school").order_by("school_id", "id"))
    counts.signers += len(rows)
    # in each persona school the last listed letter stays unsigned (the secretary's reminder shows
    # it); elsewhere about MISSING_SHARE by chance
    last_of_school: dict[int, int] = {}
    for row in rows:
        if row.school_id in persona_schools:
            last_of_school[row.school_id] = row.pk
    last = set(last_of_school.values())
    span = max(0, min((today - opened).days, 40))
    batch = []
    for row in rows:
        if row.pk in last or rng.random() < MISSING_SHARE:
            counts.missing += 1
            continue
        day = opened + datetime.timedelta(days=rng.randint(0, span))
        if row.staff.user_id:
            S.sign_on_screen(row, acting_user=row.staff.user, today=day)
            counts.on_screen += 1
            continue
        scan = SimpleUploadedFile(f"{row.staff.name}签字页.pdf", SCAN, content_type="application/pdf")
        if row.school_id in persona_schools:
            S.record_scan(row, file=scan, signed_on=day, acting_user=None, today=day)
        else:
            batch.append((row, scan, day))
        counts.scanned += 1
    # the other schools' paper letters, recorded by the party office on the day each was signed,
    # a day's letters in one go (judged alike, one audit entry for the day)
    by_day: dict[datetime.date, list] = {}
    for row, scan, day in batch:
        by_day.setdefault(day, []).append((row, scan, day))
    for day in sorted(by_day):
        SB.record_scans(by_day[day], acting_user=None, today=day)

