from django.urls import path

from . import views

app_name = "proposals_staff"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("arrival/", views.record_arrival, name="arrival"),
    path("paper/<int:solicitation_id>/<int:file_id>/", views.paper_entry, name="paper"),
    path("paper-dataset/<int:dataset_id>/<slug:kind>/", views.paper_dataset_entry, name="paper_dataset"),
    path("consultations/", views.consultation_list, name="consultations"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.case_attachment, name="attachment"),
    path("<int:pk>/<slug:action>/", views.case_action, name="action"),
]
