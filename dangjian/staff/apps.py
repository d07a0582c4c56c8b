from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "dangjian.staff"
    label = "staff"
    verbose_name = "教职工"
