from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "tokumei.web.reviews"
    label = "reviews"
    verbose_name = "審査・手数料・審査結果の通知"
