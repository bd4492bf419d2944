from django.urls import path

from . import views

app_name = "concept"

urlpatterns = [
    path("", views.concept_index, name="index"),
    path("handlungsfeld/<int:number>/", views.field_detail, name="field-detail"),
    path("ziel/<str:code>/", views.goal_detail, name="goal-detail"),
    path(
        "organisation/<slug:slug>/",
        views.organisation_detail,
        name="organisation-detail",
    ),
]
