from django.apps import AppConfig


class ProductionConfig(AppConfig):
    name = "tokumei.web.production"
    label = "production"
    verbose_name = "匿名加工情報の作成"
