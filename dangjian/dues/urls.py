"""Pages of party dues (党费), included under "dues/" by config/urls.py."""

from django.urls import path

from dangjian.dues.views import ledger, member, reports

app_name = "dues"
urlpatterns = [
    path("", ledger.ledger, name="ledger"),
    path("generate/", ledger.generate, name="generate"),
    path("lines/<int:pk>/pay/", ledger.pay, name="pay"),
    path("bulk-pay/", ledger.bulk_pay, name="bulk_pay"),
    path("members/<int:pk>/", member.member_page, name="member"),
    path("members/<int:pk>/base/", member.set_base, name="set_base"),
    path("members/<int:pk>/extra/", member.extra, name="extra"),
    path("members/<int:pk>/hardship/", member.hardship, name="hardship"),
    path("payments/<int:pk>/reverse/", member.reverse_entry, name="reverse"),
    path("mine/", member.mine, name="mine"),
    path("arrears/", reports.arrears, name="arrears"),
    path("collection/", reports.collection, name="collection"),
    path("collection.xlsx", reports.collection_xlsx, name="collection_xlsx"),
    path("disclosure.xlsx", reports.disclosure_xlsx, name="disclosure_xlsx"),
    path("yearly/", reports.yearly, name="yearly"),
    path("remittances/", reports.remittances, name="remittances"),
]
