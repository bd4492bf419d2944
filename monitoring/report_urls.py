from django.urls import path

from . import report_views

app_name = "reports"

urlpatterns = [
    path("", report_views.report_list, name="list"),
    path(
        "<int:year>/fassung-<int:version>.pdf",
        report_views.report_download,
        name="download",
    ),
    path("<int:year>/vorschau/", report_views.report_preview, name="preview"),
]
