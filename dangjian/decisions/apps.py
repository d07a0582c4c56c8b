from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "dangjian.decisions"
    label = "decisions"
    verbose_name = "议事决策"
