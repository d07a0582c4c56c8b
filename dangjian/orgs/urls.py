from django.urls import path

from dangjian.orgs.views import local_documents, orgs, robot

app_name = "orgs"
urlpatterns = [
    path("", orgs.org_list, name="list"),
    path("tree/", orgs.tree, name="tree"),
    path("tree/<int:pk>/children/", orgs.tree_children, name="tree_children"),
    path("findings/", orgs.findings, name="findings"),
    path("<int:pk>/", orgs.org_detail, name="detail"),
    path("<int:pk>/edit/", orgs.org_edit, name="edit"),
    path("<int:pk>/robot/", robot.robot_settings, name="robot"),
    path("<int:pk>/robot/test/", robot.robot_test, name="robot_test"),
    path("<int:pk>/appoint/", orgs.org_appoint, name="appoint"),
    path("<int:pk>/positions/<int:position_pk>/end/", orgs.position_end, name="end_position"),
    path("schools/", orgs.school_list, name="school_list"),
    path("schools/<int:pk>/", orgs.school_detail, name="school_detail"),
    path("schools/<int:pk>/edit/", orgs.school_edit, name="school_edit"),
    path("local-documents/", local_documents.document_list, name="local_documents"),
    path("local-documents/new/", local_documents.document_new, name="local_document_new"),
    path("local-documents/<int:pk>/", local_documents.document_detail, name="local_document"),
    path("local-documents/<int:pk>/edit/", local_documents.document_edit, name="local_document_edit"),
    path("local-documents/<int:pk>/switch/", local_documents.document_switch, name="local_document_switch"),
]
