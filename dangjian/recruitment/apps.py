from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "dangjian.recruitment"
    label = "recruitment"
    verbose_name = "发展党员"
