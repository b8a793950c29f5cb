from django.urls import path

from . import public_views as v

app_name = "decisions"

urlpatterns = [
    path("<int:pk>/", v.decision, name="detail"),
    path("<int:pk>/documents/<int:document_id>.<slug:fmt>", v.decision_document, name="document"),
]
