from django.urls import path

from . import views

app_name = "legacy"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("import/", views.import_view, name="import"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/documents/<slug:code>.<slug:fmt>", views.case_document, name="document"),
]
