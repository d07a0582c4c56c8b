"""群机器人通知: an organization's group robot, set by those who keep the organization's details
(书记, the higher committee's administrators). Out of scope is a 404 like anything else; in
scope without the right a 403. Every write goes through dangjian.orgs.services.robot."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.scoping import get_visible_or_404
from dangjian.orgs.forms import GroupRobotForm
from dangjian.orgs.models import DeliveryState, GroupRobot, PartyOrg, RobotDelivery
from dangjian.orgs.services import robot as robots

RECENT = 10


def _managed_org(request, pk: int) -> PartyOrg:
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.user), pk=pk)
    if not robots.may_manage(request.user, org):
        raise PermissionDenied("只有本组织书记或上级党组织管理员可以设置群机器人")
    return org


def robot_settings(request, pk: int):
    org = _managed_org(request, pk)
    robot = GroupRobot.objects.filter(org=org).first()
    initial = {"kind": robot.kind, "enabled": robot.enabled} if robot else {"enabled": False}
    form = GroupRobotForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            robots.save_robot(org, acting_user=request.user, **form.cleaned_data)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, "已保存群机器人设置。")
            return redirect("orgs:robot", pk=org.pk)
    deliveries = (RobotDelivery.objects.filter(robot__org=org).prefetch_related("attempts")[:RECENT]
                  if robot else [])
    return render(request, "orgs/robot.html", {
        "org": org, "robot": robot, "form": form, "masked_url": robots.masked_url(robot) if robot else "",
        "has_secret": bool(robot and robot.secret_encrypted), "deliveries": deliveries,
        "states": DeliveryState, "rule": robots.R_ROBOT,
    })


@require_POST
def robot_test(request, pk: int):
    org = _managed_org(request, pk)
    try:
        delivery = robots.send_test(org, acting_user=request.user)
    except RuleViolation as violation:
        messages.error(request, violation.message)
    else:
        if delivery.state == DeliveryState.SENT:
            messages.success(request, "测试消息已发送到群，请在群聊中查看。")
        else:
            error = delivery.attempts.last()
            messages.error(request, f"测试消息未能送达：{error.error if error else '未知原因'}")
    return redirect("orgs:robot", pk=org.pk)
