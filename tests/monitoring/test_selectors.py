"""Monitoring's read queries: what the report's evidence may show."""

import pytest

from monitoring import selectors
from tests.factories import GoalStatusFactory, InquiryFactory

pytestmark = pytest.mark.django_db


def test_evidence_inquiries_come_from_the_public_queryset(replace_rule):
    """A status's evidence lists only inquiries the public queryset yields,
    without their internal columns: withholding one there hides it here."""
    status = GoalStatusFactory(year=2025)
    hidden, shown = InquiryFactory(), InquiryFactory()
    status.evidence_inquiries.set([hidden, shown])
    rule = selectors.public_inquiries
    replace_rule(rule, lambda: rule().exclude(pk=hidden.pk))

    found = selectors.goal_status_year_map(concept=status.goal.concept, year=2025)

    evidence = found[status.goal_id].inquiry_list
    assert [inquiry.reference_number for inquiry in evidence] == [
        shown.reference_number
    ]
    assert {"internal_contact", "internal_note"} <= evidence[0].get_deferred_fields()
