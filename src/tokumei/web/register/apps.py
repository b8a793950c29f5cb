from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "tokumei.web.register"
    label = "register"
    verbose_name = "個人情報ファイル簿"
