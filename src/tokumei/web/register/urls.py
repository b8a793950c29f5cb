from django.urls import path

from . import public_views, staff_views

app_name = "register"

urlpatterns = [
    path("", public_views.register_list, name="list"),
    path("<int:file_id>/", public_views.file_detail, name="detail"),
    path("export.csv", public_views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.json", public_views.export, {"fmt": "json"}, name="export_json"),
]

staff_urlpatterns = (
    [
        path("", staff_views.file_list, name="list"),
        path("new/", staff_views.file_edit, name="new"),
        path("import/", staff_views.import_view, name="import"),
        path("<int:file_id>/", staff_views.file_detail, name="detail"),
        path("<int:file_id>/edit/", staff_views.file_edit, name="edit"),
        path("<int:file_id>/items/", staff_views.record_items_edit, name="items"),
        path("<int:file_id>/determination/", staff_views.determination_edit, name="determination"),
        path("<int:file_id>/policy/", staff_views.policy_edit, name="policy"),
        path("<int:file_id>/count/", staff_views.count_subjects, name="count"),
    ],
    "register_staff",
)
