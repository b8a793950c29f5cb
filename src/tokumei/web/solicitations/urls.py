from django.urls import path

from . import views

app_name = "solicitations"

urlpatterns = [
    path("", views.solicitation_list, name="list"),
    path("new/", views.solicitation_edit, name="new"),
    path("<int:pk>/", views.solicitation_detail, name="detail"),
    path("<int:pk>/edit/", views.solicitation_edit, name="edit"),
    path("<int:pk>/<slug:action>/", views.solicitation_transition, name="transition"),
]
