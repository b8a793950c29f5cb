from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "tokumei.web.retention"
    label = "retention"
    verbose_name = "関係書類の保存・廃棄と統計"
