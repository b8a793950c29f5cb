from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tokumei.web.portal"
    label = "portal"
    verbose_name = "公開ポータル"
