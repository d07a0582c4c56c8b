"""The benchmark's Markdown: machine description, seeding time, the table of ratios."""

from __future__ import annotations

import math
import os
import platform
import re
import sqlite3
import statistics
from pathlib import Path

import django
from django.db import connection


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "?"


def _database() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            return f"PostgreSQL {cur.fetchone()[0]}（{connection.settings_dict.get('HOST') or '本机套接字'}）"
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}（文件，WAL）"
    return connection.vendor


# Imported before the benchmark does any work: the load as the run began.
_LOAD_AT_START = os.getloadavg()


def machine() -> dict[str, str]:
    return {
        "CPU": _cpu_model(),
        "核数 cores": str(os.cpu_count()),
        "内存 memory": _memory(),
        "系统 OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "数据库 database": _database(),
        # Other work on the machine skews absolute times (ratios less so): record it, as the run
        # began and as it ended (a long run may start on a quiet machine and end on a busy one).
        "开始时负载 load average": _load(_LOAD_AT_START),
        "结束时负载 load average at the end": _load(os.getloadavg()),
    }


def _load(averages) -> str:
    return " / ".join(f"{x:.2f}" for x in averages)


def _fmt(ms: float) -> str:
    return f"{ms:.2f}" if ms < 10 else f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def render(scale, seed, repeat, info, seeded, results, http_note: str) -> str:
    c = seeded.counts
    lines = [
        f"### {scale} · {connection.vendor}",
        "",
        "| 项目 | 值 |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in info.items()],
        "",
        f"数据：种子 {seed}；学校 {c['schools']}（公办 {c['public_schools']}、民办 {c['private_schools']}），"
        f"党组织 {c['orgs']}，党员 {c['members']}，任职 {c['positions']}。",
        "",
        # --existing measures a database seeded earlier: its seeding time was not taken in this run
        "**生成用时 seeding：未在本次测量**（在已生成的演示库上测量，生成用时见 seed_demo 的输出）"
        if seeded.seconds is None else
        f"**生成用时 seeding：{seeded.seconds:.1f} 秒**（" + "，".join(f"{k} {v:.1f} 秒" for k, v in seeded.phases.items())
        + "）",
        "",
        f"每项操作重复 {repeat} 次（另有 1 次预热，不计时）；时间单位毫秒。",
        "",
        "| 操作 operation | 系统 median | 系统 p95 | 基线 median | 基线 p95 | 倍数 ratio | 查询数 | 行数 rows | 一致 |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    notes = []
    for r in results:
        if r.error:
            last = r.error.strip().splitlines()[-1]
            lines.append(f"| {r.name} | 出错 | | | | | | | {last} |")
            continue
        if not r.system_ms:  # not run (a phase the seed left out): said in its note
            lines.append(f"| {r.name} | 未测 | | | | | | | {r.note} |")
            continue
        sm, sp = (statistics.median(r.system_ms), _p95(r.system_ms))
        bm, bp = (statistics.median(r.baseline_ms), _p95(r.baseline_ms))
        same = {True: "是", False: "**否**", None: "—"}[r.same]
        lines.append(f"| {r.name} | {_fmt(sm)} | {_fmt(sp)} | {_fmt(bm)} | {_fmt(bp)} | {sm / bm:.1f}× | "
                     f"{r.queries if r.queries is not None else ''} | {r.rows} | {same} |")
        if r.note:
            notes.append(f"- {r.name}：{r.note}")
    if http_note:
        notes.append(f"- {http_note}")
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def _p95(values):
    return percentile(values, 0.95)


def write_section(path: Path, key: str, text: str) -> None:
    """Replace this scale-and-database's section of the file, or append it."""
    begin, end = f"<!-- bench:{key}:begin -->", f"<!-- bench:{key}:end -->"
    block = f"{begin}\n{text}{end}\n"
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end) + r"\n?", re.S)
    updated = pattern.sub(lambda _: block, current) if pattern.search(current) else current + ("\n" if current else "") + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")
