"""/feeds/: Atom feeds of the public changes."""

from django.urls import path

from . import feeds

app_name = "feeds"

urlpatterns = [
    path("aenderungen/", feeds.ChangeFeed(), name="changes"),
    path("handlungsfeld/<int:number>/", feeds.FieldChangeFeed(), name="field"),
]
