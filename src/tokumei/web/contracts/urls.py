from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("<int:review_pk>/", views.contract_detail, name="detail"),
    path("<int:review_pk>/<slug:action>/", views.contract_action, name="action"),
]
