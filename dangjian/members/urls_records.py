# URL patterns of the members app (records); included by dangjian/members/urls.py under app_name "members".
from django.urls import path

from dangjian.members import views, views_self, views_transfers

urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_create, name="create"),
    path("receive/", views.member_receive, name="receive"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/events/", views.member_event, name="record_event"),
    path("<int:pk>/reveal/", views.member_reveal, name="reveal"),
    path("<int:pk>/transfer/", views_transfers.transfer_start, name="transfer_start"),
    path("transfers/", views_transfers.transfer_list, name="transfers"),
    path("transfers/orgs/", views_transfers.org_lookup, name="org_lookup"),
    path("transfers/<int:pk>/accept/", views_transfers.transfer_accept, name="transfer_accept"),
    path("transfers/<int:pk>/reject/", views_transfers.transfer_reject, name="transfer_reject"),
    path("transfers/<int:pk>/cancel/", views_transfers.transfer_cancel, name="transfer_cancel"),
    path("corrections/", views_self.correction_list, name="corrections"),
    path("corrections/<int:pk>/decide/", views_self.correction_decide, name="correction_decide"),
    path("me/", views_self.me, name="me"),
    path("me/correction/", views_self.correction_request, name="correction_request"),
]
