"""The Integrationsbericht on the site: public list and downloads of issued
versions, and the staff preview of the live data."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import condition

from kassel_integration.freshness import public_page

from .. import selectors
from .context import report_context
from .pdf import report_html


@public_page
def report_list(request):
    """Every issued report with date, size and SHA-256 checksum."""
    reports = selectors.annual_report_issued_summaries()
    return render(request, "monitoring/report/report_list.html", {"reports": reports})


def _report_etag(request, year, version):
    report = selectors.annual_report_issued_list().filter(year=year, version=version)
    return next(iter(report.values_list("sha256", flat=True)), None)


@condition(etag_func=_report_etag)
def report_download(request, year, version):
    """The stored PDF, byte for byte as issued; its ETag is the SHA-256."""
    report = get_object_or_404(
        selectors.annual_report_issued_list(), year=year, version=version
    )
    try:
        handle = report.pdf.open("rb")
    except FileNotFoundError:
        raise Http404("Die Datei dieses Berichts fehlt im Speicher.") from None
    return FileResponse(
        handle,
        content_type="application/pdf",
        filename=report.filename,
        as_attachment=False,
    )


@staff_member_required
@permission_required("monitoring.view_annualreport", raise_exception=True)
def report_preview(request, year):
    """The report for ``year`` as HTML from today's data (not issued)."""
    if not 1990 <= year <= 2100:
        raise Http404("Kein gültiges Berichtsjahr.")
    context = report_context(
        year=year,
        baseline=selectors.annual_report_baseline(year=year),
        stand=timezone.localdate(),
    )
    response = HttpResponse(report_html(context))
    response["Cache-Control"] = "private, no-store"
    return response
