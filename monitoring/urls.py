from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.monitoring_index, name="index"),
    path("<slug:key>/", views.metric_detail, name="metric-detail"),
]
