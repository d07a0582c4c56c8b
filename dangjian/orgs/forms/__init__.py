"""The orgs app's forms: the tree's (orgs) and the register of local documents' (local_documents).
DateInput, ServiceForm and _style are the base every app's forms build on."""

from dangjian.orgs.forms.orgs import (
    AppointForm,
    DateInput,
    EndPositionForm,
    GroupRobotForm,
    OrgForm,
    SchoolForm,
    ServiceForm,
    _style,
)

__all__ = ["AppointForm", "DateInput", "EndPositionForm", "GroupRobotForm", "OrgForm", "SchoolForm", "ServiceForm",
           "_style"]
