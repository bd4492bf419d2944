from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from . import private_files, views
from .admin import view_on_site

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="concept:index"), name="home"),
    path("konzept/ziele/", include("monitoring.goal_urls")),
    path("konzept/", include("concept.urls")),
    path("anfragen/", include("inquiries.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("runder-tisch/", include("roundtable.urls")),
    path("berichte/", include("monitoring.report.urls")),
    path("suche/", views.site_search, name="search"),
    path("feeds/", include("monitoring.report.feed_urls")),
    path("dateien/<path:name>", private_files.serve, name="private-file"),
    path("oparl/v1.1/", include("inquiries.oparl.urls")),
    path(
        f"{settings.ADMIN_PATH}r/<int:content_type_id>/<path:object_id>/",
        view_on_site,
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
]

# Uploaded files in development (`make run`); production serves MEDIA_ROOT
# from the web server.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
