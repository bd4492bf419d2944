"""Addresses of the public pages, shared by tests that visit them all."""


def public_paths() -> list[str]:
    """One address per public HTML page type, on the seed."""
    from inquiries.models import Inquiry
    from monitoring.models import Metric
    from roundtable.models import Event, Feedback

    inquiry = Inquiry.objects.get(reference_number="101.16.1784")
    recommendation = Feedback.objects.filter(is_public=True).order_by("pk").first()
    return [
        "/konzept/",
        "/konzept/handlungsfeld/1/",
        "/konzept/ziel/1.1.1/",
        "/konzept/organisation/jugendamt/",
        "/konzept/ziele/",
        "/konzept/ziele/?umsetzungsstand=ohne_angabe&handlungsfeld=1",
        "/anfragen/",
        inquiry.get_absolute_url(),
        "/monitoring/",
        Metric.objects.order_by("key").first().get_absolute_url(),
        "/runder-tisch/",
        Event.objects.order_by("pk").first().get_absolute_url(),
        "/runder-tisch/empfehlungen/",
        recommendation.get_absolute_url(),
        "/suche/?q=Markup",
    ]
