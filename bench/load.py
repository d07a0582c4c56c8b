#!/usr/bin/env python
"""Pages under concurrent load: gunicorn on loopback, wrk as the client (QUALITY.md, issue 19).

    DATABASE_URL=postgres://…/dangjian_city .venv/bin/python bench/load.py [--seconds 20] [--connections 32]
    make load                     # the same, with the database from DATABASE_URL
    … bench/load.py --write-docs  # and put the table into docs/benchmarks.md (并发负载 Load)

Runs against an already seeded database (`seed_demo --scale city`) as each of `--users` — by default
a school's branch secretary (secretary_a) and the city administrator (city_admin, second factor
verified) — over the pages people open most: the home page (工作台), the member list, the
organizational-life compliance, the dues collection and the recruitment board, each for the
user's own organization. `--pages all` adds the organization and statistics pages.

For each page and number of connections: a warm-up run of `--warmup` seconds at the same
concurrency (every gunicorn worker has then served the page: its imports, templates and the
caches a page keeps are warm, as in a server that has been up for a while), then the measured run.
The table gives throughput and p50/p95/p99 latency, the machine's load average when the row
started, and whether the issue's target is met (a secretary's pages ≥ 100 req/s with p95 ≤ 300 ms,
the city administrator's ≥ 30 req/s with p95 ≤ 1 s). `--profile` then profiles, in this process,
each page that missed its target (cProfile over a few requests through django's test client) and
prints where the time goes.

Before measuring, the organizational-life summary is refreshed once, as the deployment's worker
does every few minutes (`--no-refresh` leaves it, to measure the committees' pages judging their
subtree live, as they do while no worker runs).

Each concurrent client has a session of its own (the same user), as real users do. gunicorn runs
with the deployment's worker count, DB_CONN_MAX_AGE and cache (deploy/systemd/dangjian-web.service,
deploy/dangjian.env.example: set DANGJIAN_CACHE_URL to a Redis to measure as deployed) unless the
environment says otherwise. Every page is fetched once first and must answer 200 itself (a
redirect to the login page would otherwise count as a fast success). The sessions are deleted
afterwards; nothing else is written except what the pages themselves write.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime
import http.client
import io
import json
import os
import pstats
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from dangjian.accounts.models import User  # noqa: E402
from dangjian.accounts.policy import LOGIN_AT_SESSION_KEY  # noqa: E402
from dangjian.core.scoping import scope_of  # noqa: E402
from dangjian.orglife.summaries import REFRESH_MINUTES  # noqa: E402
from dangjian.orglife.summaries import refresh as refresh_compliance  # noqa: E402
from dangjian.orgs.models import OrgKind, PartyOrg  # noqa: E402

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench/load.py: begin -->", "<!-- bench/load.py: end -->"
# The targets (issue 19) with 32 connections on the 2-core machine: (req/s at least, p95 ms at most).
TARGETS = {"secretary_a": (100, 300), "city_admin": (30, 1000)}

# wrk reports mean and a fixed set of percentiles; this script asks its histogram for ours. Each
# request takes the next session cookie in turn, so the clients are distinct users.
LUA = """
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("start", threads * 7)
end
init = function(args)
  counter = start or 0
end
request = function()
  counter = counter % #cookies + 1
  return wrk.format("GET", nil, {["Cookie"] = cookie_name .. "=" .. cookies[counter]})
end
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %f, "errors": %d, "non2xx": %d, "p50": %f, "p95": %f, "p99": %f}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_for(user: User) -> str:
    """A logged-in session; with the second factor verified only where the user needs one (a
    secretary's real session carries no device, and so none to load on each request)."""
    store = SessionStore()
    if scope_of(user).needs_second_factor:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="负载测试", defaults={"confirmed": True})
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[LOGIN_AT_SESSION_KEY] = time.time()
    store.create()
    return store.session_key


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False,
                          env={**os.environ, "TZ": "UTC"}).stdout.strip() + "（UTC）"


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return ""


def where(user: User) -> str:
    """The user's organization, for the labels: the highest one they hold a position on."""
    paths = scope_of(user).paths
    org = PartyOrg.objects.filter(path__in=paths).order_by("depth", "path").first() if paths else None
    return org.name if org is not None else "本人"


def pages_for(which: str) -> list[tuple[str, str]]:
    """(label, path) of the pages; each answers for the user's own organization."""
    required = [("工作台 /", "/"), ("党员列表 /members/（第 1 页）", "/members/"),
                ("组织生活落实情况 /orglife/compliance/（本季度）", "/orglife/compliance/"),
                ("党费收缴情况 /dues/collection/（本月）", "/dues/collection/"),
                ("发展党员看板 /recruitment/", "/recruitment/")]
    if which == "required":
        return required
    county = PartyOrg.objects.filter(kind=OrgKind.EDUCATION_COMMITTEE, depth=2).order_by("path").first()
    last_dec31 = datetime.date(datetime.date.today().year - 1, 12, 31)
    return required + [
        ("组织架构 /orgs/tree/", "/orgs/tree/"), ("县级组织列表", f"/orgs/?within={county.pk}"),
        ("学校列表", "/orgs/schools/"), ("党员按首字母搜索 q=zw", "/members/?q=zw"),
        ("党员统计 /members/stats/（今天）", "/members/stats/"),
        (f"党员统计（截至 {last_dec31}）", f"/members/stats/?as_of={last_dec31}")]


def answers_200(port: int, path: str, key: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={key}"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wrk(port: int, path: str, connections: int, seconds: int, script: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "60s",
         "-s", script, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


class CpuMeter:
    """CPU seconds the server spends while wrk runs: the gunicorn workers' and, on PostgreSQL, the
    backends' serving them (sampled twice a second, so a backend that reconnects is counted too).
    On a machine shared with other work, throughput falls with the others' load but the CPU a
    request takes does not, so CPU ÷ requests says what two idle cores would serve."""

    def __init__(self, server_pid: int):
        self.server_pid, self.ticks = server_pid, os.sysconf("SC_CLK_TCK")
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.stop = threading.Event()

    def _cpu(self, pid: int) -> float | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / self.ticks

    def _pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError):
                    if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == self.server_pid:
                        pids.append(int(entry.name))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                               "AND pid <> pg_backend_pid()")
                pids += [row[0] for row in cursor.fetchall()]
        return pids

    def _sample(self, initial: bool) -> None:
        for pid in self._pids():
            cpu = self._cpu(pid)
            if cpu is not None:
                self.first.setdefault(pid, cpu if initial else 0.0)  # a process started since: all of it
                self.last[pid] = cpu

    def __enter__(self):
        self._sample(initial=True)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self) -> None:
        try:
            while not self.stop.wait(0.5):
                self._sample(initial=False)
        finally:
            connection.close()   # this thread's own connection (Django's are per thread)

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self._sample(initial=False)

    @property
    def seconds(self) -> float:
        return sum(self.last[pid] - self.first[pid] for pid in self.last)


def verdict(username: str, connections: int, rps: float, p95: float) -> str:
    target = TARGETS.get(username)
    if target is None or connections != 32:
        return "—"
    least, most = target
    return "达到" if rps >= least and p95 <= most else f"**未达到**（≥ {least}/秒，p95 ≤ {most} ms）"


def profile_page(key: str, path: str, requests: int = 20, top: int = 14) -> str:
    """Where a page's time goes, in this process: cProfile over `requests` requests through django's
    test client (after one unprofiled request), the functions with the most time of their own and
    the project's functions with the most time under them."""
    from django.test import Client
    from django.test.utils import override_settings

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    profiler = cProfile.Profile()
    with override_settings(DEBUG=False):   # as gunicorn runs it: no query log, the sidebar cached
        client.get(path)
        started = time.perf_counter()
        profiler.enable()
        for _ in range(requests):
            client.get(path)
        profiler.disable()
    elapsed = (time.perf_counter() - started) / requests * 1000
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(str(ROOT / "dangjian"), top)
    # paths relative to the project, the installed packages and the standard library: no machine's paths in the docs
    text = re.sub(rf"{re.escape(sys.prefix)}/lib/python[\d.]+/site-packages/|{re.escape(sys.base_prefix)}/lib/python[\d.]+/"
                  rf"|{re.escape(str(ROOT))}/", "", out.getvalue())
    return f"{requests} 个请求，剖析下平均 {elapsed:.0f} ms/请求\n" + text


def table(rows: list[tuple]) -> str:
    cores = os.cpu_count() or 1
    lines = ["| 角色 | 页面 | 并发 | 吞吐（请求/秒） | p50 ms | p95 ms | p99 ms | 请求数 | 错误 / 非 2xx | 开始时负载 | "
             f"CPU ms/请求（应用 + 数据库） | {cores} 核空闲时约（请求/秒） | 目标 |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for role, label, connections, f, load in rows:
        rps = f["requests"] / f["seconds"]
        lines.append(f"| {role} | {label} | {connections} | {rps:.1f} | {f['p50']:.0f} | {f['p95']:.0f} | "
                     f"{f['p99']:.0f} | {f['requests']} | {f['errors']} / {f['non2xx']} | {load:.2f} | "
                     f"{f['cpu_ms']:.1f} | {cores * 1000 / max(f['cpu_ms'], 0.1):.0f} | "
                     f"{verdict(role.split('（')[0], connections, rps, f['p95'])} |")
    return "\n".join(lines)


def write_docs(text: str) -> None:
    """Replace what the previous run wrote into the load section (between the two markers)."""
    doc = DOCS.read_text()
    if BEGIN not in doc or END not in doc:
        raise SystemExit(f"{DOCS} 中没有 {BEGIN} … {END}：请先在“并发负载 Load”一节放上这两行")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOCS.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20, help="每个页面、每种并发测多少秒")
    parser.add_argument("--warmup", type=int, default=5, help="测量前先以同样并发预热多少秒（每个页面）")
    parser.add_argument("--connections", type=int, nargs="+", default=[32], help="并发连接数（可给多个）")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn 进程数（与 deploy/ 中的单元相同）")
    parser.add_argument("--users", nargs="+", default=["secretary_a", "city_admin"])
    parser.add_argument("--pages", choices=["required", "all"], default="required")
    parser.add_argument("--only", nargs="*", help="只测标签或路径含这些词的页面（如 members）")
    parser.add_argument("--profile", action="store_true", help="剖析未达到目标的页面")
    parser.add_argument("--write-docs", action="store_true", help="把结果表写入 docs/benchmarks.md")
    parser.add_argument("--no-refresh", action="store_true",
                        help="测量前不刷新组织生活汇总（测 worker 未运行时上级页面的实时计算）")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("需要 wrk（Debian 软件包 wrk）", file=sys.stderr)
        return 1
    users = [User.objects.get(username=name) for name in args.users]
    pages = pages_for(args.pages)
    refreshed = None
    if not args.no_refresh:
        # The deployment's worker refreshes the committees' compliance summary every few minutes
        # (orglife.tasks.refresh_compliance_summary); without it a committee's page judges its whole
        # subtree live on every request. Do once what the worker does, to measure as deployed.
        started = time.perf_counter()
        refresh_compliance()
        refreshed = time.perf_counter() - started
    if args.only:
        pages = [p for p in pages if any(word in p[0] or word in p[1] for word in args.only)]
    keys = {user.username: [session_for(user) for _ in range(max(args.connections))] for user in users}
    port = free_port()
    env = {"DB_CONN_MAX_AGE": "60", **os.environ, "DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         "--timeout", "120", "--log-level", "warning"], cwd=ROOT, env=env)
    rows, missed = [], []
    before = after = ""
    scripts = []
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        for user in users:
            for label, path in pages:
                status = answers_200(port, path, keys[user.username][0])
                if status != 200:
                    print(f"{user.username}：{label}（{path}）应答 {status}，不是 200：会话或数据有问题，不测量", file=sys.stderr)
                    return 1
        before = uptime()
        for user in users:
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                script.write(f"cookie_name = {json.dumps(settings.SESSION_COOKIE_NAME)}\n")
                script.write("cookies = {" + ", ".join(json.dumps(k) for k in keys[user.username]) + "}\n")
                script.write(LUA)
            scripts.append(script.name)
            role = f"{user.username}（{where(user)}）"
            for connections in args.connections:
                for label, path in pages:
                    if args.warmup:
                        wrk(port, path, connections, args.warmup, script.name)
                        # wrk leaves with requests still queued in gunicorn: let them drain first
                        answers_200(port, "/healthz", "")
                    load = os.getloadavg()[0]
                    with CpuMeter(server.pid) as meter:
                        result = wrk(port, path, connections, args.seconds, script.name)
                    result["cpu_ms"] = meter.seconds * 1000 / max(result["requests"], 1)
                    rows.append((role, label, connections, result, load))
                    print(f"{role} {label} {connections}: {result['requests'] / result['seconds']:.1f} 请求/秒, "
                          f"p95 {result['p95']:.0f} ms", file=sys.stderr, flush=True)
                    if verdict(user.username, connections, result["requests"] / result["seconds"],
                               result["p95"]).startswith("**"):
                        missed.append((user.username, label, path))
        after = uptime()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        for name in scripts:
            Path(name).unlink(missing_ok=True)
    profiles = []
    if args.profile:
        for username, label, path in missed:
            profiles.append(f"#### {username}：{label}\n\n```\n{profile_page(keys[username][0], path)}```")
    for user_keys in keys.values():
        for key in user_keys:
            SessionStore(session_key=key).delete()
    db = settings.DATABASES["default"]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    command = "bench/load.py " + " ".join(sys.argv[1:])
    text = "\n".join([
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M}（UTC），`{command}`。"
        f"{args.workers} 个 gunicorn 进程（DB_CONN_MAX_AGE={env['DB_CONN_MAX_AGE']}，缓存 {cache}），wrk 2 个线程，"
        f"每个并发客户端各自一个会话；每页先以同样并发预热 {args.warmup} 秒，再测 {args.seconds} 秒；"
        f"数据库 {db['ENGINE'].rsplit('.', 1)[-1]}（{db['NAME']}）；{os.cpu_count()} 核 {cpu_model()}。"
        + (f"测量前做一次组织生活汇总刷新（即部署中后台任务每 {REFRESH_MINUTES} 分钟所做，本次 {refreshed:.1f} 秒），"
           "上级党组织的落实情况页读汇总表。" if refreshed is not None else
           "测量前未刷新组织生活汇总（--no-refresh）：上级党组织的落实情况页每次实时计算整个下级。"),
        "", f"开始时 `uptime`：{before}  ", f"结束时 `uptime`：{after}", "", table(rows), "",
        *(p + "\n" for p in profiles)])
    print("\n" + text)
    if args.write_docs:
        write_docs(text)
    failed = any(f["errors"] or f["non2xx"] for _, _, _, f, _ in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
