#!/usr/bin/env python
"""One school's pages timed on an existing demo database (issue 19: a school's pages cost the
same whatever the size of the world around them, ≤ 1.2× from the city to the province).

    DATABASE_URL=… .venv/bin/python bench/school_pages.py [--repeat 20] [--json FILE]

The branch secretary of school A (secretary_a, the same school at every scale) opens the pages
of tests/test_scaling_queries.py through Django's test client: one untimed visit, then
`repeat` timed ones, each after the shared cache is emptied (the pages' snapshots computed
again, the part that must not grow with the world). Everything runs inside one transaction
rolled back at the end: the audit entries of the visits (a member's record, the export) are
not kept, so a measurement database is read, never changed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()
warnings.filterwarnings("ignore", message="No directory at")

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

# The secretary's most used pages: the same list as the query-count test's, imported from it.
from tests.test_scaling_queries import PAGES, SECRETARY  # noqa: E402


class _Rollback(Exception):
    pass


def _get(client: Client, url: str) -> int:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} → {response.status_code}")
    return response.status_code


def measure(repeat: int) -> dict:
    from dangjian.accounts.models import User
    from dangjian.members.models import Member
    from dangjian.testing import login

    found: dict = {}
    settings.DEBUG = False
    with override_settings(DANGJIAN_EXPORT_LIMIT=10**6, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        try:
            with transaction.atomic():
                user = User.objects.get(username=SECRETARY)
                client = Client()
                login(client, user)
                member = Member.objects.visible_to(user).active().order_by("pk").first()
                found["_members"] = Member.objects.visible_to(user).count()
                for label, page in PAGES.items():
                    url = page(member)
                    _get(client, url)
                    cache.clear()
                    with CaptureQueriesContext(connection) as captured:
                        _get(client, url)
                    queries = len(captured.captured_queries)  # a slice of the log, which the next request empties
                    times, cpu = [], []
                    for _ in range(repeat):
                        cache.clear()
                        started, started_cpu = time.perf_counter(), time.process_time()
                        _get(client, url)
                        times.append((time.perf_counter() - started) * 1000)
                        cpu.append((time.process_time() - started_cpu) * 1000)
                    # The process's CPU (Django's side, not PostgreSQL's) moves less than the wall
                    # clock when other work shares the machine's two cores.
                    found[label] = {"url": url, "median_ms": statistics.median(times), "min_ms": min(times),
                                    "cpu_ms": statistics.median(cpu), "queries": queries}
                    print(f"  {label} {url}: {found[label]['median_ms']:.1f} ms（中位数，最小 {min(times):.1f}，"
                          f"本进程 CPU {found[label]['cpu_ms']:.1f}），查询 {queries}", file=sys.stderr, flush=True)
                raise _Rollback
        except _Rollback:
            pass
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="一所学校的页面计时（学校 A 党支部书记）")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", metavar="FILE", help="把结果写入该 JSON 文件")
    args = parser.parse_args(argv)
    print(f"数据库 {connection.settings_dict['NAME']}，{SECRETARY}，每页 {args.repeat} 次", file=sys.stderr)
    found = measure(args.repeat)
    if args.json:
        Path(args.json).write_text(json.dumps(found, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
