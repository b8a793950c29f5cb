from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "tokumei.web.proposals"
    label = "proposals"
    verbose_name = "提案"
