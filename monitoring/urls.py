from django.urls import path, re_path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.monitoring_index, name="index"),
    path("<slug:key>/", views.metric_detail, name="metric-detail"),
    re_path(
        r"^(?P<key>[-a-zA-Z0-9_]+)/werte\.(?P<file_format>csv|json)$",
        views.metric_download,
        name="metric-download",
    ),
]
