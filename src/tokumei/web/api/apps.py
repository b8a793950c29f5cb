from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tokumei.web.api"
    label = "api"
    verbose_name = "API"
