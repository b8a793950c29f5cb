from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "tokumei.web.supervision"
    label = "supervision"
    verbose_name = "提供後の監督"
