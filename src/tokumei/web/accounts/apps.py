from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tokumei.web.accounts"
    label = "accounts"
    verbose_name = "機関・利用者"

    def ready(self) -> None:
        from . import signals  # noqa: F401
