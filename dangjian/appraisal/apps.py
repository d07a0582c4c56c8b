from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "dangjian.appraisal"
    label = "appraisal"
    verbose_name = "考评"

    def ready(self):
        # members sits below appraisal: it shows the 民主评议 results on a member's record
        # through the section registered here (dangjian.members.hooks).
        from dangjian.appraisal.views.review_member import record_section
        from dangjian.members.hooks import register_record_section

        register_record_section(record_section)
