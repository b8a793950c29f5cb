from django.apps import AppConfig


class SolicitationsConfig(AppConfig):
    name = "tokumei.web.solicitations"
    label = "solicitations"
    verbose_name = "提案の募集"
