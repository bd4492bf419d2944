"""The staff admin site: titled for the reader's role, with the start panels
that registered admins offer (e.g. the Fachamt's "Ihre Ziele für <Jahr>").
This module imports no app."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from .permissions import role_title


class KasselAdminSite(admin.AdminSite):
    site_header = "Integrationskonzept Kassel – Verwaltung"
    site_title = "Integrationskonzept Kassel"

    def start_panels(self, request) -> list[dict]:
        """The panels the registered admins show this user on the start page
        (an admin offers one through a method ``start_panel(request)``)."""
        panels = []
        for model_admin in self._registry.values():
            panel = getattr(model_admin, "start_panel", None)
            if panel is not None and (shown := panel(request)):
                panels.append(shown)
        return panels

    def index(self, request, extra_context=None):
        return super().index(
            request,
            {
                "title": role_title(request.user),
                "start_panels": self.start_panels(request),
                **(extra_context or {}),
            },
        )


class KasselAdminConfig(AdminConfig):
    default_site = "kassel_integration.admin_site.KasselAdminSite"
