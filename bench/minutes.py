"""A year's 会议记录 as PDF and Word (issue 15, item 3), for one branch and for the county above
it, on whatever database DATABASE_URL points at (seed it first: `manage.py seed_demo --scale school`).

    DATABASE_URL=... python -m bench.minutes --org 宾阳县第一初级中学党支部 --year 2025 [--repeat 3]

Times the view's own work (the records' query, dangjian.orglife.minutes.minutes_pdf / minutes_docx,
and minutes_pdf_in_parts, the worker's PDF)
after one warm-up document (imports and fonts loaded, as in a running server). Prints the wall
time and the process's CPU time: on a loaded machine the wall time is mostly waiting for a core,
the CPU time is the work. Not a timed test."""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time

from bench.orglife import _setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--org", required=True, help="the branch's name")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    _setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangjian.orglife import minutes
    from dangjian.orglife.models import Meeting
    from dangjian.orgs.models import PartyOrg

    def records(org):
        return list(Meeting.objects.filter(org__path__startswith=org.path, held_on__year=args.year)
                    .select_related("org", "group", "host", "recorder", "lecturer").order_by("org__path", "held_on", "id"))

    def write(fmt, meetings):
        if fmt == "pdf":
            return minutes.minutes_pdf(meetings)
        if fmt == "pdf in parts":  # the worker's way, for its progress bar
            return minutes.minutes_pdf_in_parts(meetings, on_progress=lambda done: None)
        out = io.BytesIO()
        minutes.minutes_docx(out, meetings)
        return out.getvalue()

    branch = PartyOrg.objects.get(name=args.org)
    county = PartyOrg.objects.filter(path__in=[branch.path[:n] for n in range(PartyOrg.steplen, len(branch.path), PartyOrg.steplen)],
                                     kind="education_committee").order_by("-depth").first()
    write("pdf", records(branch)[:1])
    print(f"load average at start: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for org in filter(None, (branch, county)):
        for fmt in ("pdf", "pdf in parts", "docx"):
            walls, cpus = [], []
            for _ in range(args.repeat):
                wall, cpu = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as queries:
                    meetings = records(org)
                    size = len(write(fmt, meetings))
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            print(f"{org.name} {fmt}: {len(meetings)} records, wall median {statistics.median(walls):.2f} s, "
                  f"CPU median {statistics.median(cpus):.2f} s, {len(queries)} queries, {size // 1024} KiB", flush=True)
    print(f"load average at end: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
