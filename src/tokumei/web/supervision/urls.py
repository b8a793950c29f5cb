from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/<int:pk>/answer/", views.complaint_answer, name="complaint_answer"),
    path("<int:review_pk>/", views.case, name="case"),
    path("<int:review_pk>/change-form.<slug:fmt>", views.change_form, name="change_form"),
    path("<int:review_pk>/<slug:action>/", views.case_action, name="action"),
]
