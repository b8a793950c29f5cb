from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("audit.csv", views.audit_log_csv, name="audit_log_csv"),
]
