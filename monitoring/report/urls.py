from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path(
        "<int:year>/fassung-<int:version>.pdf",
        views.report_download,
        name="download",
    ),
    path("<int:year>/vorschau/", views.report_preview, name="preview"),
]
