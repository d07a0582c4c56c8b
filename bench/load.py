#!/usr/bin/env python
"""Pages under concurrent load: gunicorn on loopback, wrk as the client (QUALITY.md).

    DATABASE_URL=postgres://…/dangjian_demo .venv/bin/python bench/load.py [--seconds 20] [--connections 8]

Runs against an already seeded database (e.g. `seed_demo --scale city`), as the city
administrator with the second factor verified, and prints throughput and p50/p95/p99 latency per
page as a Markdown table. It creates one session row for the run and deletes it afterwards;
nothing else is written except what the pages themselves write (the session's idle timestamp).
"""

from __future__ import annotations

import argparse
import datetime
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
from dangjian.orgs.models import OrgKind, PartyOrg  # noqa: E402

# wrk reports mean and a fixed set of percentiles; this script asks its histogram for ours.
LUA = """
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
    store["login_at"] = time.time()
    store.create()
    return store.session_key


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--user", default="city_admin")
    parser.add_argument("--only", nargs="*", help="只测标签或路径含这些词的页面（如 members）")
    args = parser.parse_args()
    last_dec31 = datetime.date(datetime.date.today().year - 1, 12, 31)
    load_before = os.getloadavg()
    if not shutil.which("wrk"):
        print("需要 wrk（Debian 软件包 wrk）", file=sys.stderr)
        return 1
    user = User.objects.get(username=args.user)
    county = PartyOrg.objects.filter(kind=OrgKind.EDUCATION_COMMITTEE, depth=2).order_by("path").first()
    city = PartyOrg.objects.filter(depth=1).order_by("path").first()
    pages = [("工作台 /", "/"), ("组织架构 /orgs/tree/", "/orgs/tree/"),
             ("展开市级节点", f"/orgs/tree/{city.pk}/children/"),
             ("县级组织列表", f"/orgs/?within={county.pk}"), ("学校列表", "/orgs/schools/"),
             ("党员列表 /members/（市，第 1 页）", "/members/"),
             ("党员列表（县内专任教师）", f"/members/?within={county.pk}&job=teacher"),
             ("党员按首字母搜索 q=zw", "/members/?q=zw"),
             ("党员统计 /members/stats/（市，今天）", "/members/stats/"),
             (f"党员统计（截至 {last_dec31}）", f"/members/stats/?as_of={last_dec31}")]
    if args.only:
        pages = [p for p in pages if any(word in p[0] or word in p[1] for word in args.only)]
    key = session_for(user)
    port = free_port()
    env = {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning"], cwd=ROOT, env=env)
    rows = []
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA)
        for label, path in pages:
            out = subprocess.run(
                ["wrk", "-t", "2", "-c", str(args.connections), "-d", f"{args.seconds}s", "--timeout", "30s", "-s", script.name,
                 "-H", f"Cookie: {settings.SESSION_COOKIE_NAME}={key}", f"http://127.0.0.1:{port}{path}"],
                capture_output=True, text=True, check=True).stdout
            figures = json.loads(out.strip().splitlines()[-1])
            rows.append((label, figures))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        SessionStore(session_key=key).delete()
    db = settings.DATABASES["default"]
    load_after = os.getloadavg()
    print(f"\n{args.workers} 个 gunicorn 进程，wrk {args.connections} 个并发连接，每页 {args.seconds} 秒；"
          f"数据库 {db['ENGINE'].rsplit('.', 1)[-1]}（{db['NAME']}）；用户 {args.user}；"
          f"{os.cpu_count()} 核；负载（1/5/15 分钟）开始时 {' / '.join(f'{x:.2f}' for x in load_before)}，"
          f"结束时 {' / '.join(f'{x:.2f}' for x in load_after)}\n")
    print("| 页面 | 吞吐（请求/秒） | p50 ms | p95 ms | p99 ms | 错误 / 非 2xx |")
    print("|---|---:|---:|---:|---:|---:|")
    failed = False
    for label, f in rows:
        rps = f["requests"] / f["seconds"]
        print(f"| {label} | {rps:.1f} | {f['p50']:.0f} | {f['p95']:.0f} | {f['p99']:.0f} | {f['errors']} / {f['non2xx']} |")
        failed |= bool(f["errors"] or f["non2xx"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
