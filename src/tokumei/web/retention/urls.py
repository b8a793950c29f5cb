from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("", views.disposal_list, name="list"),
    path("consent/", views.record_consent, name="consent"),
    path("dispose/", views.dispose, name="dispose"),
]
