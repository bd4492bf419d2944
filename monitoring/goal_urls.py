"""/konzept/ziele/: the goals with their Umsetzungsstand (mounted before concept)."""

from django.urls import path

from . import views

app_name = "goals"

urlpatterns = [path("", views.goal_status_list, name="list")]
