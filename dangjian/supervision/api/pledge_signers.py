"""API of 补充列入: one more signer on a 责任书 / 承诺书 campaign (someone who joined the staff, or took
a seat, after it opened), as the campaign page's form, through services.pledge.add_signer: only a
current member of one of the campaign's schools who is one of its signers (422 naming the rule),
by whoever records signatures there (pledge.manage, 403). The campaign and the person are looked
up in the caller's scope (404 / 422 without saying whose id it is). Adding someone already listed
answers their letter again."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.staff.models import StaffMember
from dangjian.supervision.api.pledge import CampaignId, LetterOut, _letter
from dangjian.supervision.models import PledgeSignature
from dangjian.supervision.rules import pledge as R
from dangjian.supervision.selectors import pledge as S
from dangjian.supervision.services import pledge as services

router = Router(tags=["责任书签订"])


class SignerIn(Schema):
    model_config = {"extra": "forbid"}

    staff: int = Field(..., ge=1, le=2**62, description="教职工编号（本校在职、属于本次签订对象）")


@router.post("/pledges/campaigns/{int:id}/letters", response={201: LetterOut}, url_name="pledge_signer_add",
             summary="补充列入签订人（活动发起后入职或任职的）；不属于签订对象的 422 并写明依据")
def add_signer(request, payload: SignerIn, id: int = CampaignId):
    campaign = get_visible_or_404(S.campaigns_seen(request.auth), pk=id)
    if not scope_of(request.auth).allows(Action.PLEDGE_MANAGE):
        raise PermissionDenied("您的职务不含“登记责任书、承诺书签订情况”的权限")
    staff = StaffMember.objects.visible_to(request.auth, Action.PLEDGE_MANAGE).filter(pk=payload.staff) \
        .select_related("school").first()
    if staff is None:
        raise RuleViolation("请选择本校在职、且属于本次签订对象的人员", rule=R.R_SIGNER, field="staff")
    signature = services.add_signer(campaign, staff, acting_user=request.auth)
    letter = PledgeSignature.objects.select_related("campaign", "campaign__org", "school").get(pk=signature.pk)
    return 201, _letter(letter)
