"""Pages of party dues (党费), included under "dues/" by config/urls.py."""

from django.urls import path

from dangjian.dues import views, views_member, views_reports

app_name = "dues"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("generate/", views.generate, name="generate"),
    path("lines/<int:pk>/pay/", views.pay, name="pay"),
    path("bulk-pay/", views.bulk_pay, name="bulk_pay"),
    path("members/<int:pk>/", views_member.member_page, name="member"),
    path("members/<int:pk>/base/", views_member.set_base, name="set_base"),
    path("members/<int:pk>/extra/", views_member.extra, name="extra"),
    path("members/<int:pk>/hardship/", views_member.hardship, name="hardship"),
    path("payments/<int:pk>/reverse/", views_member.reverse_entry, name="reverse"),
    path("mine/", views_member.mine, name="mine"),
    path("arrears/", views_reports.arrears, name="arrears"),
    path("collection/", views_reports.collection, name="collection"),
    path("collection.xlsx", views_reports.collection_xlsx, name="collection_xlsx"),
    path("disclosure.xlsx", views_reports.disclosure_xlsx, name="disclosure_xlsx"),
    path("yearly/", views_reports.yearly, name="yearly"),
    path("remittances/", views_reports.remittances, name="remittances"),
]
