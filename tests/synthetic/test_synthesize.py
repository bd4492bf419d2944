"""manage.py synthesize: generated data on top of the seeds, at scale 1."""

import io

from django.apps import apps
from django.core.management import CommandError, call_command

import pytest

from concept.models import Concept
from inquiries.models import Inquiry
from monitoring.models import GoalStatus, Metric
from roundtable.models import Feedback
from synthetic import synthesis
from tests.factories import DistrictFactory, InquiryFactory

pytestmark = pytest.mark.django_db

# What the command's help and the module docstring promise for --scale 1.
SCALE_ONE = {
    "concepts": 1,
    "goals": 10,
    "goal_statuses": 200,
    "inquiries": 100,
    "questions": 600,
    "metrics": 2,
    "observations": 1000,
    "events": 1,
    "feedback": 50,
}
APP_LABELS = ["concept", "inquiries", "monitoring", "roundtable"]


def synthesize(**options) -> str:
    """The command at scale 1, on top of the seed (hence --force) unless the
    test says otherwise."""
    out = io.StringIO()
    call_command("synthesize", **{"scale": 1, "force": True, **options}, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows of every model of the four apps (history tables included)."""
    return {
        model._meta.label: model._default_manager.count()
        for label in APP_LABELS
        for model in apps.get_app_config(label).get_models()
    }


def synthetic_titles() -> list[str]:
    return list(
        Inquiry.objects.filter(reference_number__startswith=synthesis.REFERENCE_PREFIX)
        .order_by("reference_number")
        .values_list("title", flat=True)
    )


def test_scale_one_adds_the_documented_numbers(seed):
    """At scale 1 the command adds exactly the documented rows and says so."""
    output = synthesize()
    counts = synthesis.synthetic_counts()
    assert {key: counts[key] for key in SCALE_ONE} == SCALE_ONE
    assert synthesis.planned_counts(scale=1) == SCALE_ONE
    assert "Anfragen: 100/100" in output
    assert "Messwerte: 1.000/1.000" in output
    assert "Synthetische Daten (Größe 1, Startwert 2026)" in output


def test_seeds_stay_as_they_are(seed):
    """The seed edition stays the current one and the seed inquiries remain."""
    synthesize()
    assert Concept.objects.get(is_current=True).slug == "2012"
    assert Inquiry.objects.filter(reference_number="101.18.1671").exists()
    assert Inquiry.objects.count() == 3 + SCALE_ONE["inquiries"]


def test_mix_is_mostly_public_with_some_drafts(seed):
    """Most generated rows are public (answered, approved, published); some
    are still open, in review or unmoderated."""
    synthesize()
    inquiries = Inquiry.objects.filter(
        reference_number__startswith=synthesis.REFERENCE_PREFIX
    )
    answered = inquiries.filter(status=Inquiry.Status.ANSWERED)
    assert answered.count() >= 90
    assert answered.filter(answered_on__isnull=True).count() == 0
    assert inquiries.exclude(due_date=None).count() == 100
    statuses = GoalStatus.objects.filter(goal__concept__slug__startswith="synth-")
    assert statuses.filter(review=GoalStatus.Review.APPROVED).count() >= 160
    assert statuses.exclude(review=GoalStatus.Review.APPROVED).exists()
    feedback = Feedback.objects.filter(source=synthesis.SOURCE)
    assert feedback.filter(is_public=True).count() >= 35
    assert feedback.exclude(moderation=Feedback.Moderation.APPROVED).exists()


def test_public_pages_still_render(seed, client):
    """The public pages answer 200 and show generated rows."""
    synthesize()
    for url in ["/konzept/", "/anfragen/", "/monitoring/", "/runder-tisch/"]:
        assert client.get(url).status_code == 200, url
    inquiry = Inquiry.objects.filter(
        reference_number__startswith=synthesis.REFERENCE_PREFIX,
        status=Inquiry.Status.ANSWERED,
    ).first()
    response = client.get(inquiry.get_absolute_url())
    assert response.status_code == 200
    assert inquiry.title in response.content.decode()
    metric = Metric.objects.filter(key__startswith="synth-").first()
    response = client.get(metric.get_absolute_url())
    assert response.status_code == 200
    assert metric.name in response.content.decode()
    assert client.get("/runder-tisch/empfehlungen/").status_code == 200
    public = Feedback.objects.filter(
        source=synthesis.SOURCE,
        is_public=True,
        moderation=Feedback.Moderation.APPROVED,
    ).first()
    response = client.get(public.get_absolute_url().split("#")[0])
    assert response.status_code == 200
    assert public.title in response.content.decode()


def test_cached_pages_show_the_new_data(seed, client):
    """A page cached before the run shows the generated rows afterwards."""
    assert "synth-" not in client.get("/monitoring/").content.decode()
    synthesize()
    metric = Metric.objects.filter(key__startswith="synth-").first()
    assert metric.get_absolute_url() in client.get("/monitoring/").content.decode()


def test_second_run_without_replace_fails(seed):
    """Running twice stops with a German message and changes nothing."""
    synthesize()
    before = row_counts()
    with pytest.raises(CommandError, match="Es sind bereits synthetische Daten"):
        synthesize()
    assert row_counts() == before


def test_replace_gives_the_same_data(seed):
    """--replace with the same seed gives the same rows, without leftovers."""
    synthesize()
    counts, titles = row_counts(), synthetic_titles()
    synthesize(replace=True)
    assert row_counts() == counts
    assert synthetic_titles() == titles


def test_other_seed_gives_other_data(seed):
    """Another --seed gives other inquiry titles but the same numbers."""
    synthesize()
    titles = synthetic_titles()
    synthesize(replace=True, seed=7)
    assert synthetic_titles() != titles
    counts = synthesis.synthetic_counts()
    assert {key: counts[key] for key in SCALE_ONE} == SCALE_ONE


def test_deleting_restores_the_seeds(seed):
    """Removing the synthetic data leaves exactly the seed rows."""
    before = row_counts()
    synthesize()
    synthesis.synthetic_data_delete()
    assert row_counts() == before
    assert not synthesis.synthetic_data_exists()


def test_scale_must_be_positive(db):
    """--scale 0 is refused with a German message."""
    with pytest.raises(CommandError, match="mindestens 1"):
        call_command("synthesize", scale=0, stdout=io.StringIO())


def test_real_records_are_refused_without_force(seed):
    """On a database with real records (the seed) the command stops with a
    German message naming what it found and --force, and writes nothing."""
    before = row_counts()
    with pytest.raises(CommandError) as refusal:
        synthesize(force=False)
    message = str(refusal.value)
    assert "echte Datensätze, die nicht von synthesize stammen" in message
    assert "3 Anfragen" in message
    assert "99 Ziele" in message
    assert "--force" in message
    assert row_counts() == before


def test_force_adds_the_data_to_real_records(seed):
    """With --force the generated rows go on top of the real ones."""
    synthesize(force=True)
    assert Inquiry.objects.count() == 3 + SCALE_ONE["inquiries"]


def test_generated_rows_do_not_count_as_real(db):
    """A database holding only Stadtteile and generated rows needs no --force,
    also not to replace them; one record added by hand makes it real."""
    DistrictFactory.create_batch(3)
    synthesize(force=False)
    synthesize(force=False, replace=True)
    assert synthesis.synthetic_counts()["inquiries"] == SCALE_ONE["inquiries"]
    InquiryFactory()
    with pytest.raises(CommandError, match="echte Datensätze.*1 Anfrage[ ,)]"):
        synthesize(force=False, replace=True)
