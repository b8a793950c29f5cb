from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "tokumei.web.records"
    label = "records"
    verbose_name = "記録（監査ログ）"
