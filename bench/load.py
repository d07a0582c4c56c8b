#!/usr/bin/env python
"""Pages under concurrent load: gunicorn on loopback, wrk as the client (QUALITY.md).

    DATABASE_URL=postgres://…/dangjian_city .venv/bin/python bench/load.py [--seconds 20] [--connections 8 32]
    make load                     # the same, with the database from DATABASE_URL

Runs against an already seeded database (`seed_demo --scale city`), as the city administrator
with the second factor verified, and prints throughput and p50/p95/p99 latency per page and per
number of concurrent clients as a Markdown table, with the machine's load (`uptime`) before and
after. By default the four pages QUALITY.md names (workbench, member list, organizational-life
compliance, dues collection); `--pages all` adds the organization and statistics pages.

Each concurrent client has a session of its own (the same user), as real users do: one shared
session row, written on every request (SESSION_SAVE_EVERY_REQUEST), would make the clients queue
on its lock. gunicorn runs with the deployment's worker count and DB_CONN_MAX_AGE
(deploy/systemd/dangjian-web.service, deploy/dangjian.env.example) unless the environment says
otherwise. Every page is fetched once first and must answer 200 itself (a redirect to the login
page would otherwise count as a fast success). The sessions are deleted afterwards; nothing else
is written except what the pages themselves write (the sessions' idle timestamps).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
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
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from dangjian.accounts.models import User  # noqa: E402
from dangjian.accounts.policy import LOGIN_AT_SESSION_KEY  # noqa: E402
from dangjian.orgs.models import OrgKind, PartyOrg  # noqa: E402

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
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="负载测试", defaults={"confirmed": True})
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store[LOGIN_AT_SESSION_KEY] = time.time()
    store.create()
    return store.session_key


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return ""


def pages_for(which: str) -> list[tuple[str, str]]:
    county = PartyOrg.objects.filter(kind=OrgKind.EDUCATION_COMMITTEE, depth=2).order_by("path").first()
    city = PartyOrg.objects.filter(depth=1).order_by("path").first()
    last_dec31 = datetime.date(datetime.date.today().year - 1, 12, 31)
    required = [("工作台 /（市）", "/"), ("党员列表 /members/（市，第 1 页）", "/members/"),
                ("组织生活落实情况 /orglife/compliance/（市，本季度）", "/orglife/compliance/"),
                ("党费收缴情况 /dues/collection/（市，本月）", "/dues/collection/")]
    if which == "required":
        return required
    return required + [
        ("组织架构 /orgs/tree/", "/orgs/tree/"), ("展开市级节点", f"/orgs/tree/{city.pk}/children/"),
        ("县级组织列表", f"/orgs/?within={county.pk}"), ("学校列表", "/orgs/schools/"),
        ("党员列表（县内专任教师）", f"/members/?within={county.pk}&job=teacher"),
        ("党员按首字母搜索 q=zw", "/members/?q=zw"), ("党员统计 /members/stats/（市，今天）", "/members/stats/"),
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20, help="每个页面、每种并发数测多少秒")
    parser.add_argument("--connections", type=int, nargs="+", default=[8, 32], help="并发连接数（可给多个）")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn 进程数（与 deploy/ 中的单元相同）")
    parser.add_argument("--user", default="city_admin")
    parser.add_argument("--pages", choices=["required", "all"], default="required")
    parser.add_argument("--only", nargs="*", help="只测标签或路径含这些词的页面（如 members）")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("需要 wrk（Debian 软件包 wrk）", file=sys.stderr)
        return 1
    user = User.objects.get(username=args.user)
    pages = pages_for(args.pages)
    if args.only:
        pages = [p for p in pages if any(word in p[0] or word in p[1] for word in args.only)]
    keys = [session_for(user) for _ in range(max(args.connections))]
    port = free_port()
    env = {"DB_CONN_MAX_AGE": "60", **os.environ, "DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         "--timeout", "120", "--log-level", "warning"], cwd=ROOT, env=env)
    rows = []
    before = after = ""
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        for label, path in pages:
            status = answers_200(port, path, keys[0])
            if status != 200:
                print(f"{label}（{path}）应答 {status}，不是 200：会话或数据有问题，不测量", file=sys.stderr)
                return 1
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(f"cookie_name = {json.dumps(settings.SESSION_COOKIE_NAME)}\n")
            script.write("cookies = {" + ", ".join(json.dumps(k) for k in keys) + "}\n")
            script.write(LUA)
        before = uptime()
        for connections in args.connections:
            for label, path in pages:
                out = subprocess.run(
                    ["wrk", "-t", "2", "-c", str(connections), "-d", f"{args.seconds}s", "--timeout", "60s",
                     "-s", script.name, f"http://127.0.0.1:{port}{path}"],
                    capture_output=True, text=True, check=True).stdout
                rows.append((label, connections, json.loads(out.strip().splitlines()[-1])))
        after = uptime()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        for key in keys:
            SessionStore(session_key=key).delete()
    db = settings.DATABASES["default"]
    print(f"\n{args.workers} 个 gunicorn 进程（DB_CONN_MAX_AGE={env['DB_CONN_MAX_AGE']}），wrk 2 个线程，"
          f"每个并发客户端各自一个会话（用户 {args.user}），每页每种并发 {args.seconds} 秒；"
          f"数据库 {db['ENGINE'].rsplit('.', 1)[-1]}（{db['NAME']}）；{os.cpu_count()} 核 {cpu_model()}")
    print(f"\n开始时 `uptime`：{before}\n结束时 `uptime`：{after}\n")
    print("| 页面 | 并发 | 吞吐（请求/秒） | p50 ms | p95 ms | p99 ms | 请求数 | 错误 / 非 2xx |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    failed = False
    for label, connections, f in rows:
        rps = f["requests"] / f["seconds"]
        print(f"| {label} | {connections} | {rps:.1f} | {f['p50']:.0f} | {f['p95']:.0f} | {f['p99']:.0f} | "
              f"{f['requests']} | {f['errors']} / {f['non2xx']} |")
        failed |= bool(f["errors"] or f["non2xx"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
