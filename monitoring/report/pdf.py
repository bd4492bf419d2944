"""The Integrationsbericht as HTML and as PDF: one template for the staff
preview and the PDF, laid out by WeasyPrint as PDF/UA-1."""

import logging
import mimetypes
import re
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..models import AnnualReport
from .context import report_context

TEMPLATE = "monitoring/report/report.html"
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    page_count: int
    assembly_seconds: float
    layout_seconds: float
    snapshot: dict[str, str]


def _static_file(name: str) -> str | None:
    """The file on disk behind a static name: the collected copy (with
    ``DEBUG=False`` the template asks for the hashed ``report.<hash>.css``
    that only ``collectstatic`` wrote), else the source file the finders see
    (development)."""
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except (SuspiciousFileOperation, NotImplementedError, ValueError):
        return None
    return finders.find(name)


class StaticFileFetcher(URLFetcher):
    """Lets WeasyPrint read the site's static files from disk and ``data:``
    URLs; anything else (HTTP, other files) is refused, and a file that cannot
    be read stops the rendering instead of leaving the report unstyled."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = unquote(urlparse(url).path)
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        found = path.startswith(prefix) and _static_file(path[len(prefix) :])
        if not found:
            raise ValueError(f"Der Bericht lädt nur eigene statische Dateien: {url}")
        with open(found, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=body, headers={"Content-Type": content_type}
        )


class _PageProgress(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page 12" into "Seite 12 gesetzt"."""

    def __init__(self, progress):
        super().__init__(logging.INFO)
        self.progress = progress

    def emit(self, record):
        if match := re.search(r"Page (\d+)", record.getMessage()):
            self.progress(f"Seiten setzen (WeasyPrint): Seite {match[1]}")


@contextmanager
def _weasyprint_progress(progress):
    progress_logger = logging.getLogger("weasyprint.progress")
    handler = _PageProgress(progress)
    saved = progress_logger.level, progress_logger.propagate
    progress_logger.addHandler(handler)
    progress_logger.setLevel(logging.INFO)
    progress_logger.propagate = False
    try:
        yield
    finally:
        progress_logger.removeHandler(handler)
        progress_logger.level, progress_logger.propagate = saved


def report_html(context: dict) -> str:
    return render_to_string(TEMPLATE, context)


def report_render(
    *,
    year: int,
    baseline: AnnualReport | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> Rendered:
    """Assemble, lay out and write the PDF, reporting each step to ``progress``."""
    from weasyprint import HTML

    started = time.perf_counter()
    progress("Daten und Vorlage zusammenstellen …")
    context = report_context(year=year, baseline=baseline)
    html = report_html(context)
    assembled = time.perf_counter()
    progress(f"Seiten setzen (WeasyPrint) … Daten nach {assembled - started:.1f} s")
    with _weasyprint_progress(progress):
        document = HTML(
            string=html, base_url="file:///", url_fetcher=StaticFileFetcher()
        ).render(pdf_variant=PDF_VARIANT)
        progress(f"PDF schreiben ({len(document.pages)} Seiten) …")
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    finished = time.perf_counter()
    return Rendered(
        pdf=pdf,
        page_count=len(document.pages),
        assembly_seconds=assembled - started,
        layout_seconds=finished - assembled,
        snapshot=context["snapshot"],
    )
