from django.urls import path

from . import staff_views

app_name = "api_tokens"

urlpatterns = [
    path("", staff_views.token_list, name="list"),
    path("<int:pk>/revoke/", staff_views.token_revoke, name="revoke"),
]
