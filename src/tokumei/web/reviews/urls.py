from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("start/<int:proposal_id>/", views.review_start, name="start"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/panels/<slug:criterion>/", views.review_panel, name="panel"),
    path("<int:pk>/explanations/", views.review_explanation, name="explanation"),
    path("<int:pk>/explanations/<int:request_id>/answer/", views.review_answer, name="answer"),
    path("<int:pk>/consultation/", views.review_consultation, name="consultation"),
    path("<int:pk>/assess/", views.review_assess, name="assess"),
    path("<int:pk>/estimate/", views.review_estimate, name="estimate"),
    path("<int:pk>/submit/", views.review_submit, name="submit"),
    path("<int:pk>/sign-off/", views.review_sign_off, name="sign_off"),
    path("<int:pk>/notify/", views.review_notify, name="notify"),
    path("<int:pk>/fee-correction/", views.review_fee_correction, name="fee_correction"),
    path("<int:pk>/documents/<int:document_id>.<slug:fmt>", views.review_document, name="document"),
]
