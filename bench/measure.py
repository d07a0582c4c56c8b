"""Timing one operation beside its SQL baseline: the measuring loop shared by bench/run.py and
the per-domain benchmarks (bench/recruitment.py, …), kept apart from run.py so that those can
use it without importing the runner (which imports them).

Needs Django set up by the caller (run.py does at import; the standalone mains call django.setup()).
"""

from __future__ import annotations

import sys
import time
import traceback
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass
class Result:
    name: str
    system_ms: list[float] = field(default_factory=list)
    baseline_ms: list[float] = field(default_factory=list)
    queries: int | None = None
    rows: str = ""
    same: bool | None = None
    note: str = ""
    error: str = ""


def measure(name: str, run_system, run_baseline, repeat: int, rows=None, compare=True, note="", check=None) -> Result:
    """One warm-up call of each (counted for queries and compared), then `repeat` timed pairs,
    interleaved so that a slow moment of the machine hits both sides alike. `check(got,
    expected)` replaces equality where the two answers are files rather than values."""
    result = Result(name, note=note)
    try:
        with CaptureQueriesContext(connection) as ctx:
            got = run_system()
        result.queries = len(ctx.captured_queries)
        expected = run_baseline()
        result.same = (check(got, expected) if check else got == expected) if compare else None
        if result.same is False:
            result.note = (result.note + "；" if result.note else "") + f"系统 {_short(got)} ≠ 基线 {_short(expected)}"
        result.rows = rows(got, expected) if rows else ""
        for _ in range(repeat):
            t = time.perf_counter()
            run_system()
            result.system_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            run_baseline()
            result.baseline_ms.append((time.perf_counter() - t) * 1000)
    except Exception:  # noqa: BLE001 - reported in the table and in the exit status
        result.error = traceback.format_exc(limit=3)
        print(result.error, file=sys.stderr)
    progress(result)
    return result


def progress(result: Result) -> None:
    """One line per operation as it finishes: a long run that is stopped still shows its figures."""
    if result.system_ms and result.baseline_ms:
        import statistics

        sm, bm = statistics.median(result.system_ms), statistics.median(result.baseline_ms)
        print(f"  {result.name}: 系统 {sm:.1f} ms，基线 {bm:.1f} ms，{sm / bm:.1f}×，查询 {result.queries}，"
              f"一致 {result.same}；{result.rows}", file=sys.stderr, flush=True)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 300 else text[:300] + "…"


def http_get(client: Client, url: str):
    def run():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} → {response.status_code}")
        return response.status_code
    return run
