from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tokumei.web.core"
    label = "core"
    verbose_name = "基盤（監査ログ）"
