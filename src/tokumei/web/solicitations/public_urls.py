from django.urls import path

from . import public_views

app_name = "portal_solicitations"

urlpatterns = [
    path("", public_views.solicitation_list, name="list"),
    path("<int:pk>/", public_views.solicitation_detail, name="detail"),
    path("<int:pk>/notice.<slug:fmt>", public_views.notice_file, name="notice_file"),
    path("<int:pk>/forms/<slug:kind>.<slug:fmt>", public_views.blank_form, name="form_file"),
]
