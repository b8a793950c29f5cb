from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "tokumei.web.contracts"
    label = "contracts"
    verbose_name = "利用契約・提供"
