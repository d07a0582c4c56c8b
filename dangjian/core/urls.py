from django.urls import path

from dangjian.core import views

# The platform's own pages. The `core` namespace also holds home, search and switch_org, which
# live in the apps with their data and are added to it by config/urls.py.
app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("audit/", views.audit_log, name="audit"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
]
