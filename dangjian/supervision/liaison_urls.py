"""Pages of 党建工作联系点 and 巡回督导, under "supervision/liaison/" (composed by dangjian.supervision.urls)."""

from django.urls import path

from dangjian.supervision.views import inspection, liaison

urlpatterns = [
    path("liaison/", liaison.overview, name="liaison"),
    path("liaison/assign/", liaison.assign, name="liaison_assign"),
    path("liaison/schools/<int:pk>/", liaison.school_record, name="liaison_school"),
    path("liaison/schools/<int:pk>/visits/", liaison.visit_new, name="liaison_visit_new"),
    path("liaison/visits/<int:pk>/", liaison.visit_detail, name="liaison_visit"),
    path("liaison/visits/<int:pk>/findings/", liaison.visit_finding, name="liaison_visit_finding"),
    path("liaison/inspections/new/", inspection.round_new, name="inspection_new"),
    path("liaison/inspections/<int:pk>/", inspection.round_detail, name="inspection_round"),
    path("liaison/inspections/<int:pk>/close/", inspection.round_close, name="inspection_close"),
    path("liaison/inspections/results/<int:pk>/", inspection.result_detail, name="inspection_result"),
    path("liaison/inspections/results/<int:pk>/findings/", inspection.result_finding, name="inspection_finding"),
]
