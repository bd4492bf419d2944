from django.urls import path

from . import views

app_name = "roundtable"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("empfehlungen/", views.recommendation_list, name="recommendations"),
    path(
        "empfehlungen/<int:pk>/",
        views.recommendation_detail,
        name="recommendation-detail",
    ),
    path("beteiligung/", views.consultation, name="consultation"),
    path("beteiligung/danke/", views.consultation_thanks, name="consultation-thanks"),
    path("<slug:slug>/", views.event_detail, name="event-detail"),
]
