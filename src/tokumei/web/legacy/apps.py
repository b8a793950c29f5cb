from django.apps import AppConfig


class LegacyConfig(AppConfig):
    name = "tokumei.web.legacy"
    label = "legacy"
    verbose_name = "旧制度の案件"
