from django.urls import path

from . import views

app_name = "production"

urlpatterns = [
    path("", views.run_list, name="list"),
    path("new/<int:file_id>/", views.run_new, name="new"),
    path("<int:pk>/", views.run_detail, name="detail"),
    path("<int:pk>/output/", views.run_output, name="output"),
    path("<int:pk>/inspect/", views.run_inspect, name="inspect"),
    path("<int:pk>/rerun/", views.run_rerun, name="rerun"),
    path("<int:pk>/package/", views.run_package, name="package"),
    path("packages/<int:pk>/<str:name>", views.package_download, name="package_download"),
]
