"""The group-robot channel: an organization's notices posted to its 企业微信 or 钉钉 group.

The formats, as the vendors document them (checked against copies of their pages):
- 企业微信 群机器人 (developer.work.weixin.qq.com/document/path/91770, "群机器人配置说明"): POST
  JSON `{"msgtype": "text", "text": {"content": …}}` to the robot's address
  `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`; content at most 2048 bytes, UTF-8.
- 钉钉 自定义机器人 (open.dingtalk.com, "自定义机器人安全设置 · 加签"): the same JSON to
  `https://oapi.dingtalk.com/robot/send?access_token=…`; with 加签, `timestamp` (milliseconds,
  within an hour of the call) and `sign` = urlencode(base64(HMAC-SHA256(key=secret,
  msg=f"{timestamp}\\n{secret}"))) are added to the query string.
Both answer 200 with `{"errcode": 0, "errmsg": "ok"}`; a refusal is a 200 with another errcode.

What a group reads: organizations, steps and deadlines, never an ID number or a phone (the
emitters' `group_text`, and core.audit.scrub_text masks any that slipped in). The address holds the
robot's key: it is stored encrypted, shown masked, and never written to the audit log.

Outbound requests go only to the vendors' hosts over HTTPS (plus hosts the operator lists in
DANGJIAN_ROBOT_EXTRA_HOSTS, e.g. a gateway on a closed network), follow no redirect, and give up
after a few seconds: a keeper's typo cannot turn the server into a client of the local network.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from dangjian.core import audit, crypto
from dangjian.core.errors import Rule, RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.orgs.models import DeliveryState, GroupRobot, PartyOrg, RobotAttempt, RobotDelivery, RobotKind

R_ROBOT = Rule("group_robot", "群机器人地址须为企业微信或钉钉官方接口地址（https），签名密钥以 SEC 开头",
               "企业微信《群机器人配置说明》；钉钉《自定义机器人安全设置》")
VENDOR_HOSTS: dict[str, str] = {RobotKind.WECOM: "qyapi.weixin.qq.com", RobotKind.DINGTALK: "oapi.dingtalk.com"}
MAX_CONTENT_BYTES = 2048   # 企业微信: "文本内容，最长不超过2048个字节"
TIMEOUT_SECONDS = 5
_URL_AAD, _SECRET_AAD = "orgs.robot.url", "orgs.robot.secret"


# --- configuration -------------------------------------------------------------------------

def may_manage(user, org: PartyOrg) -> bool:
    """Those who keep the organization's details (书记, the higher committee's administrators)."""
    return scope_of(user).allows(Action.ORG_EDIT, org.path)


def _check_url(kind: str, url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    extra = set(getattr(settings, "ROBOT_EXTRA_HOSTS", ()) or ())
    host = parts.hostname or ""
    if parts.username or parts.password:
        raise RuleViolation("机器人地址不能含用户名或密码", rule=R_ROBOT, field="url")
    if host in extra and parts.scheme in ("http", "https"):
        return
    if parts.scheme != "https" or host != VENDOR_HOSTS[kind]:
        raise RuleViolation(f"{RobotKind(kind).label}的地址应以 https://{VENDOR_HOSTS[kind]}/ 开头", rule=R_ROBOT,
                            field="url")


def masked_url(robot: GroupRobot) -> str:
    """Where the robot posts, without its key: enough for a keeper to recognise it."""
    if not robot.url_encrypted:
        return ""
    url = crypto.decrypt(robot.url_encrypted, aad=_URL_AAD)
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}?…{url[-4:]}"


@transaction.atomic
def save_robot(org: PartyOrg, *, kind: str, enabled: bool, url: str = "", secret: str = "",
               clear_secret: bool = False, acting_user=None) -> GroupRobot:
    """Set an organization's robot. A blank address or secret keeps the stored one (it is never
    shown again); enabling needs an address."""
    if acting_user is not None and not may_manage(acting_user, org):
        raise PermissionDenied("只有本组织书记或上级党组织管理员可以设置群机器人")
    if kind not in RobotKind.values:
        raise RuleViolation("请选择机器人类型", rule=R_ROBOT, field="kind")
    robot, _ = GroupRobot.objects.select_for_update().get_or_create(org=org)
    before = {"kind": robot.kind, "enabled": robot.enabled}
    url, secret = (url or "").strip(), (secret or "").strip()
    stored_url = crypto.decrypt(robot.url_encrypted, aad=_URL_AAD) if robot.url_encrypted else ""
    if url or (stored_url and kind != robot.kind):
        _check_url(kind, url or stored_url)
    if secret and (kind != RobotKind.DINGTALK or not secret.startswith("SEC")):
        raise RuleViolation("签名密钥只用于钉钉机器人，以 SEC 开头", rule=R_ROBOT, field="secret")
    if enabled and not (url or stored_url):
        raise RuleViolation("启用前请填写机器人地址", rule=R_ROBOT, field="url")
    if url:
        robot.url_encrypted = crypto.encrypt(url, aad=_URL_AAD)
    if secret:
        robot.secret_encrypted = crypto.encrypt(secret, aad=_SECRET_AAD)
    elif clear_secret or kind != RobotKind.DINGTALK:
        robot.secret_encrypted = ""
    robot.kind, robot.enabled, robot.updated_by = kind, bool(enabled), acting_user
    robot.save()
    # The address and the secret are credentials: the log says that they changed, never what to.
    changes: dict[str, object] = {f"robot_{k}": [before[k], getattr(robot, k)] for k in before
                                  if before[k] != getattr(robot, k)}
    if url:
        changes["url_changed"] = True
    if secret or clear_secret:
        changes["secret_changed"] = True
    audit.record("org.robot_save", target=robot, actor=acting_user, changes=changes)
    return robot


# --- sending -------------------------------------------------------------------------------

def payload(text: str) -> bytes:
    content = audit.scrub_text(text).encode()[:MAX_CONTENT_BYTES].decode(errors="ignore")
    return json.dumps({"msgtype": "text", "text": {"content": content}}, ensure_ascii=False).encode()


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def target_url(robot: GroupRobot, now_ms: int | None = None) -> str:
    url = crypto.decrypt(robot.url_encrypted, aad=_URL_AAD)
    if robot.kind == RobotKind.DINGTALK and robot.secret_encrypted:
        secret = crypto.decrypt(robot.secret_encrypted, aad=_SECRET_AAD)
        stamp = now_ms if now_ms is not None else int(time.time() * 1000)
        query = urllib.parse.urlencode({"timestamp": stamp, "sign": dingtalk_sign(secret, stamp)})
        url = f"{url}{'&' if '?' in url else '?'}{query}"
    return url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None   # a redirect is answered as the error it is, never followed


_opener = urllib.request.build_opener(_NoRedirect)


def post(robot: GroupRobot, text: str) -> tuple[bool, int | None, str]:
    """One POST: (ok, HTTP status, error in words)."""
    # S310: the address was checked when it was saved (_check_url: https to the vendor's host, or
    # a host the operator listed), so no file: or custom scheme reaches this point.
    request = urllib.request.Request(target_url(robot), data=payload(text), method="POST",  # noqa: S310
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            status, body = answer.status, answer.read(4096)
    except urllib.error.HTTPError as exc:
        return False, exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        return False, None, f"无法连接：{getattr(exc, 'reason', exc)}"[:300]
    try:
        answer_json = json.loads(body or b"{}")
    except ValueError:
        answer_json = {}
    errcode = answer_json.get("errcode", 0) if isinstance(answer_json, dict) else 0
    if errcode:
        return False, status, f"errcode {errcode}：{str(answer_json.get('errmsg', ''))[:200]}"
    return True, status, ""


def attempt(delivery: RobotDelivery) -> bool:
    """Try a delivery once and record the try; True when the group has it."""
    if delivery.state == DeliveryState.SENT:
        return True
    ok, status, error = post(delivery.robot, delivery.text)
    RobotAttempt.objects.create(delivery=delivery, ok=ok, status=status, error=error)
    if ok:
        delivery.state, delivery.sent_at = DeliveryState.SENT, timezone.now()
        delivery.save(update_fields=["state", "sent_at"])
    return ok


def give_up(delivery: RobotDelivery) -> None:
    delivery.state = DeliveryState.FAILED
    delivery.save(update_fields=["state"])


def message_text(org_name: str, text: str) -> str:
    return f"【{org_name}】{text}\n（详情请登录党建工作系统，在“消息通知”中查看）"


def send_test(org: PartyOrg, *, acting_user=None) -> RobotDelivery:
    """The settings page's button: one message now, its answer shown to the keeper."""
    if acting_user is not None and not may_manage(acting_user, org):
        raise PermissionDenied("只有本组织书记或上级党组织管理员可以设置群机器人")
    robot = GroupRobot.objects.filter(org=org).first()
    if robot is None or not robot.url_encrypted:
        raise RuleViolation("请先填写并保存机器人地址", rule=R_ROBOT, field="url")
    delivery = RobotDelivery.objects.create(
        robot=robot, key=f"test:{timezone.now():%Y%m%d%H%M%S%f}",
        text=message_text(org.name, "测试消息：群机器人已接通，本组织的待办提醒将同时发送到本群。"))
    ok = attempt(delivery)
    if not ok:
        give_up(delivery)
    audit.record("org.robot_test", target=robot, actor=acting_user,
                 result=AuditEntry.Result.SUCCESS if ok else AuditEntry.Result.FAILURE,
                 changes={"delivered": ok})
    return delivery
