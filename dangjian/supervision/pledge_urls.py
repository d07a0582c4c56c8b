"""Pages of 责任书 / 承诺书, under "supervision/pledges/" (composed by dangjian.supervision.urls)."""

from django.urls import path

from dangjian.supervision.views import pledge as views

urlpatterns = [
    path("pledges/", views.campaigns, name="pledges"),
    path("pledges/new/", views.campaign_new, name="pledge_new"),
    path("pledges/mine/", views.mine, name="pledges_mine"),
    path("pledges/<int:pk>/", views.campaign_detail, name="pledge"),
    path("pledges/<int:pk>/add/", views.add_signer, name="pledge_add"),
    path("pledges/letters/<int:pk>/", views.letter, name="pledge_letter"),
    path("pledges/letters/<int:pk>/sign/", views.sign, name="pledge_sign"),
    path("pledges/letters/<int:pk>/scan/", views.scan, name="pledge_scan"),
    path("pledges/letters/<int:pk>/scan/file", views.scan_file, name="pledge_scan_file"),
    path("pledges/letters/<int:pk>/letter.pdf", views.letter_pdf, name="pledge_pdf"),
]
