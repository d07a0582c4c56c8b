"""An organization's group robot (企业微信 / 钉钉) hears the events announced for it: a local HTTP
receiver on 127.0.0.1 stands in for the vendor and records what it is sent; the huey worker's
retries are run the way the consumer runs them (immediate mode, then the scheduled retries)."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry, Notification
from dangjian.core.notify import announce
from dangjian.orgs.models import DeliveryState, GroupRobot, RobotDelivery, RobotKind
from dangjian.orgs.services import robot as robots
from dangjian.testing import make_id_number


class Receiver:
    """A robot's host: answers each POST with the next status of `statuses` (the last one
    again when they run out) and keeps what it was sent."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                parts = urllib.parse.urlsplit(self.path)
                receiver.requests.append({"path": parts.path, "query": urllib.parse.parse_qs(parts.query),
                                          "type": self.headers.get("Content-Type"),
                                          "json": json.loads(self.rfile.read(length))})
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                body = json.dumps({"errcode": 0 if status == 200 else 1, "errmsg": "ok"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def worker(monkeypatch, settings):
    """The huey instance in immediate mode (in-memory storage), and a function that runs what the
    consumer would run later: the retries scheduled after a failure, at their time."""
    from huey.contrib.djhuey import HUEY

    settings.ROBOT_EXTRA_HOSTS = ["127.0.0.1"]
    monkeypatch.setattr(HUEY, "immediate", True)

    def run_scheduled() -> int:
        later = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(days=1)
        ran = 0
        while tasks := HUEY.read_schedule(later):
            for task in tasks:
                HUEY.execute(task, timestamp=later)
                ran += 1
        return ran

    return run_scheduled


def robot_for(world, receiver, *, kind=RobotKind.WECOM, secret="", enabled=True):
    path = "/cgi-bin/webhook/send?key=693a91f6-7xxx" if kind == RobotKind.WECOM else "/robot/send?access_token=abc"
    return robots.save_robot(world.branch_a, kind=kind, enabled=enabled, url=receiver.url + path, secret=secret,
                             acting_user=world.secretary_a)


def tell_branch_a(world, capture, key="test:event", title="东城区第一中学党支部本月尚未开展支部委员会"):
    with capture(execute=True):
        return announce([world.secretary_a, world.org_member_a], key=key, title=title, org=world.branch_a)


def test_an_event_reaches_the_wecom_group_as_the_documented_json_once(world, worker, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        robot_for(world, receiver)
        assert tell_branch_a(world, django_capture_on_commit_callbacks) == 2
        tell_branch_a(world, django_capture_on_commit_callbacks)   # the same event again: nobody hears it twice
    assert len(receiver.requests) == 1
    sent = receiver.requests[0]
    assert sent["path"] == "/cgi-bin/webhook/send" and sent["query"] == {"key": ["693a91f6-7xxx"]}
    assert sent["type"].startswith("application/json")
    assert set(sent["json"]) == {"msgtype", "text"} and sent["json"]["msgtype"] == "text"
    assert sent["json"]["text"]["content"].startswith("【东城区第一中学党支部】东城区第一中学党支部本月尚未开展支部委员会")
    delivery = RobotDelivery.objects.get()
    assert delivery.state == DeliveryState.SENT and [(a.ok, a.status) for a in delivery.attempts.all()] == [(True, 200)]
    assert Notification.objects.filter(key="test:event").count() == 2


def test_a_signed_dingtalk_robot_gets_the_timestamp_and_the_hmac_sign(world, worker, django_capture_on_commit_callbacks):
    secret = "SEC0123456789abcdef"
    with Receiver() as receiver:
        robot_for(world, receiver, kind=RobotKind.DINGTALK, secret=secret)
        tell_branch_a(world, django_capture_on_commit_callbacks)
    query = receiver.requests[0]["query"]
    stamp = query["timestamp"][0]
    expected = base64.b64encode(hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest())
    assert query["access_token"] == ["abc"] and query["sign"] == [expected.decode()]
    assert len(stamp) == 13   # milliseconds, as 钉钉 asks
    assert receiver.requests[0]["json"]["msgtype"] == "text"


def test_a_failure_is_retried_by_the_worker_and_then_delivered(world, worker, django_capture_on_commit_callbacks):
    with Receiver(statuses=(500, 200)) as receiver:
        robot_for(world, receiver)
        tell_branch_a(world, django_capture_on_commit_callbacks)
        delivery = RobotDelivery.objects.get()
        assert delivery.state == DeliveryState.PENDING   # the first try failed; a retry is scheduled
        assert worker() == 1
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT
    assert [(a.ok, a.status) for a in delivery.attempts.all()] == [(False, 500), (True, 200)]
    assert len(receiver.requests) == 2


def test_when_every_attempt_fails_the_in_app_notices_are_still_there(world, worker, django_capture_on_commit_callbacks):
    with Receiver(statuses=(500,)) as receiver:
        robot_for(world, receiver)
        tell_branch_a(world, django_capture_on_commit_callbacks)
        worker()
    delivery = RobotDelivery.objects.get()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts.count() == 5 and not delivery.attempts.filter(ok=True).exists()
    assert {n.user for n in Notification.objects.filter(key="test:event")} == {world.secretary_a, world.org_member_a}


def test_a_delivery_whose_task_was_lost_is_queued_again_by_the_periodic_sweep(world, worker):
    from django.utils import timezone

    from dangjian.orgs.tasks import requeue_stuck_deliveries

    with Receiver() as receiver:
        robot = robot_for(world, receiver)
        lost = RobotDelivery.objects.create(robot=robot, key="lost", text="【东城区第一中学党支部】丢失的任务")
        fresh = RobotDelivery.objects.create(robot=robot, key="fresh", text="刚排队，任务仍在")
        RobotDelivery.objects.filter(pk=lost.pk).update(created_at=timezone.now() - datetime.timedelta(hours=2))
        assert requeue_stuck_deliveries.call_local() == 1
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.state == DeliveryState.SENT and fresh.state == DeliveryState.PENDING
    assert [r["json"]["text"]["content"] for r in receiver.requests] == ["【东城区第一中学党支部】丢失的任务"]


def test_an_unreachable_robot_is_recorded_as_such_and_loses_no_notice(world, worker, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        robot_for(world, receiver)
    # the receiver is gone: nothing listens on that port any more
    tell_branch_a(world, django_capture_on_commit_callbacks)
    worker()
    delivery = RobotDelivery.objects.get()
    assert delivery.state == DeliveryState.FAILED and "无法连接" in delivery.attempts.first().error
    assert Notification.objects.filter(key="test:event").count() == 2


def test_the_robot_is_off_by_default_and_when_switched_off(world, worker, django_capture_on_commit_callbacks):
    tell_branch_a(world, django_capture_on_commit_callbacks, key="no-robot")
    with Receiver() as receiver:
        robot_for(world, receiver, enabled=False)
        tell_branch_a(world, django_capture_on_commit_callbacks, key="robot-off")
    assert receiver.requests == [] and not RobotDelivery.objects.exists()
    assert Notification.objects.filter(key__in=["no-robot", "robot-off"]).count() == 4


def test_the_group_never_reads_an_id_number_or_a_phone(world, worker, django_capture_on_commit_callbacks):
    number = make_id_number(datetime.date(1990, 1, 2), 11)
    with Receiver() as receiver:
        robot_for(world, receiver)
        tell_branch_a(world, django_capture_on_commit_callbacks, title=f"核对 {number} 13812345678")
    content = receiver.requests[0]["json"]["text"]["content"]
    assert number not in content and "13812345678" not in content and "138****5678" in content


def test_the_address_and_secret_are_stored_encrypted_shown_masked_and_never_logged(world, settings):
    settings.ROBOT_EXTRA_HOSTS = []
    robot = robots.save_robot(world.branch_a, kind=RobotKind.DINGTALK, enabled=True,
                              url="https://oapi.dingtalk.com/robot/send?access_token=SECRETTOKEN1234",
                              secret="SECabcdef", acting_user=world.secretary_a)
    assert "SECRETTOKEN" not in robot.url_encrypted and "SECabcdef" not in robot.secret_encrypted
    assert robots.masked_url(robot) == "https://oapi.dingtalk.com/robot/send?…1234"
    entry = AuditEntry.objects.filter(action="org.robot_save").latest("id")
    assert entry.actor == world.secretary_a and entry.changes["url_changed"] is True
    assert "SECRETTOKEN" not in json.dumps(entry.changes) and "SECabcdef" not in json.dumps(entry.changes)
    # saved again with blank fields: the stored address and secret stay
    robots.save_robot(world.branch_a, kind=RobotKind.DINGTALK, enabled=False, acting_user=world.secretary_a)
    robot.refresh_from_db()
    assert robot.url_encrypted and robot.secret_encrypted and not robot.enabled


@pytest.mark.parametrize("url", [
    "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",         # not HTTPS
    "https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send",  # not the vendor's host
    "https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",  # credentials in the address
    "https://127.0.0.1/cgi-bin/webhook/send?key=x",                   # the local network
])
def test_only_the_vendors_https_addresses_are_accepted(world, settings, url):
    settings.ROBOT_EXTRA_HOSTS = []
    with pytest.raises(RuleViolation) as refused:
        robots.save_robot(world.branch_a, kind=RobotKind.WECOM, enabled=True, url=url, acting_user=world.secretary_a)
    assert refused.value.field == "url" and not GroupRobot.objects.filter(enabled=True).exists()


def test_enabling_needs_an_address_and_a_signing_secret_is_only_for_dingtalk(world):
    with pytest.raises(RuleViolation) as refused:
        robots.save_robot(world.branch_a, kind=RobotKind.WECOM, enabled=True, acting_user=world.secretary_a)
    assert refused.value.field == "url"
    with pytest.raises(RuleViolation) as refused:
        robots.save_robot(world.branch_a, kind=RobotKind.WECOM, enabled=False, secret="SECx",
                          acting_user=world.secretary_a)
    assert refused.value.field == "secret"


def test_only_those_who_keep_the_organization_set_its_robot(world):
    for user in (world.org_member_a, world.principal_a, world.secretary_b):
        with pytest.raises(PermissionDenied):
            robots.save_robot(world.branch_a, kind=RobotKind.WECOM, enabled=False, acting_user=user)
    robots.save_robot(world.branch_a, kind=RobotKind.WECOM, enabled=False, acting_user=world.county_admin)
    assert GroupRobot.objects.get(org=world.branch_a).updated_by == world.county_admin
