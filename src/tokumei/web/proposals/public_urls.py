from django.urls import path

from . import public_views as v

app_name = "proposals"

urlpatterns = [
    path("", v.mine, name="mine"),
    path("signup/", v.signup, name="signup"),
    path("start/", v.start, name="start"),
    path("<int:pk>/", v.detail, name="detail"),
    path("<int:pk>/edit/", v.edit, name="edit"),
    path("<int:pk>/precheck/", v.precheck, name="precheck"),
    path("<int:pk>/attachments/", v.attachments, name="attachments"),
    path("<int:pk>/attachments/<int:attachment_id>/", v.download_attachment, name="attachment"),
    path("<int:pk>/attachments/<int:attachment_id>/remove/", v.remove_attachment, name="remove_attachment"),
    path("<int:pk>/print/", v.print_forms, name="print"),
    path("<int:pk>/print/<int:index>.<slug:fmt>", v.print_file, name="print_file"),
    path("<int:pk>/submit/", v.submit, name="submit"),
    path("<int:pk>/withdraw/", v.withdraw, name="withdraw"),
]
