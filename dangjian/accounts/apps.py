from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dangjian.accounts"
    label = "accounts"
    verbose_name = "账号与登录"

    def ready(self):
        from dangjian.accounts import signals  # noqa: F401  (connects the audit receivers)
