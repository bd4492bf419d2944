"""Files that are not for everyone: stored outside the public media folder
(``PRIVATE_MEDIA_ROOT``) and handed out only by ``serve`` after the app that
owns the file has checked the user and the record.

An app registers, in its ``AppConfig.ready()``, the folder its private
uploads go to and a function ``access(request, name) -> Access | None``
(None: no such record, or the user may not see it). In production the bytes
go out through nginx (``X-Accel-Redirect`` to an ``internal`` location, see
``deploy/nginx-site.conf``); without ``PRIVATE_MEDIA_ACCEL_REDIRECT`` Django
streams the file itself.
"""

import mimetypes
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.views.decorators.http import require_safe


@dataclass(frozen=True)
class Access:
    public: bool  # public files open in the browser, the others download


_owners: dict[str, Callable] = {}


def register_private_files(folder: str, access: Callable) -> None:
    """``access(request, name)`` decides for files under ``folder``."""
    _owners[folder.rstrip("/") + "/"] = access


def private_media_root() -> str:
    """PRIVATE_MEDIA_ROOT, by default beside MEDIA_ROOT ("media-privat"), so
    whatever moves the media folder (a test, a second instance) moves it too."""
    return str(
        settings.PRIVATE_MEDIA_ROOT or f"{str(settings.MEDIA_ROOT).rstrip('/')}-privat"
    )


@deconstructible(path="kassel_integration.private_files.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT whose URL is the checking view."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, private_media_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        return reverse("private-file", kwargs={"name": name})


def private_storage():
    """The storage of private uploads (``FileField(storage=private_storage)``)."""
    return storages["private"]


@require_safe
def serve(request, name):
    """One private file, if the owning app lets this user see it."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise Http404
    access = next(
        (
            check(request, name)
            for folder, check in _owners.items()
            if name.startswith(folder)
        ),
        None,
    )
    storage = private_storage()
    try:
        exists = access is not None and storage.exists(name)
    except SuspiciousFileOperation:
        exists = False
    if not exists:
        raise Http404("Diese Datei gibt es nicht, oder sie ist nicht öffentlich.")
    filename = path.name
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    prefix = settings.PRIVATE_MEDIA_ACCEL_REDIRECT
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    disposition = "inline" if access.public else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename*=UTF-8''{quote(filename)}"
    )
    if not access.public:
        response["Cache-Control"] = "private, no-store"
    return response
