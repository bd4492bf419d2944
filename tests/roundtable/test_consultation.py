"""Online feedback on an open consultation: moderation, spam and limits."""

import datetime

from django.core import mail
from django.urls import reverse

import pytest

from roundtable.models import Consultation, Feedback

pytestmark = pytest.mark.django_db
URL = reverse("roundtable:consultation")


@pytest.fixture
def open_consultation(seed):
    today = datetime.date.today()
    return Consultation.objects.create(
        title="Entwurf Integrationskonzept 2027",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
    )


def post(client, **overrides):
    data = {
        "kind": "anregung",
        "text": "Mehr Sprachkurse am Abend für Berufstätige anbieten.",
        "handlungsfeld": "1",
        "organisation": "Verein Nachbarschaft e. V.",
        "name": "Erika Muster",
        "email": "erika@example.org",
        "reply_wanted": "on",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return client.post(URL, data)


def test_submission_enters_moderation_and_notifies_staff(client, open_consultation):
    """A submission is stored unpublished, the submitter sees a confirmation,
    staff get an e-mail."""
    response = post(client)
    assert response.status_code == 302
    assert "Danke" in client.get(response.url).content.decode()
    feedback = Feedback.objects.get(consultation=open_consultation)
    assert feedback.moderation == "eingegangen" and not feedback.is_public
    assert feedback.fields_of_action.get().number == 1
    assert feedback.submitter_email == "erika@example.org"
    assert len(mail.outbox) == 1 and "Neue Rückmeldung" in mail.outbox[0].subject
    page = client.get(reverse("roundtable:recommendations")).content.decode()
    assert "Sprachkurse am Abend" not in page


def test_published_feedback_hides_personal_data(client, open_consultation):
    """After approval the text is public, name and e-mail are not."""
    post(client)
    Feedback.objects.filter(consultation=open_consultation).update(
        moderation="freigegeben", is_public=True, disposition="geprueft"
    )
    page = client.get(reverse("roundtable:recommendations")).content.decode()
    assert "Sprachkurse am Abend" in page and "Verein Nachbarschaft" in page
    assert "Erika" not in page and "erika@example.org" not in page


def test_honeypot_submission_is_discarded(client, open_consultation):
    """A bot filling the hidden field sees a thank-you, but nothing is stored."""
    response = post(client, website="http://spam.example")
    assert response.status_code == 302
    assert not Feedback.objects.filter(consultation=open_consultation).exists()
    assert not mail.outbox


def test_rate_limit_per_address(client, open_consultation, settings):
    """After the limit, further submissions from one address get a 429."""
    settings.ROUNDTABLE_SUBMISSIONS_PER_HOUR = 2
    assert post(client).status_code == 302
    assert post(client, text="Eine zweite, andere Rückmeldung.").status_code == 302
    response = post(client, text="Eine dritte Rückmeldung zu viel.")
    assert response.status_code == 429
    assert "später noch einmal" in response.content.decode()
    assert Feedback.objects.filter(consultation=open_consultation).count() == 2


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"consent": ""}, "Bitte stimmen Sie der Verarbeitung zu."),
        ({"text": "x" * 5001}, "höchstens 5000 Zeichen"),
        ({"email": "", "reply_wanted": "on"}, "brauchen wir Ihre E-Mail-Adresse"),
        ({"email": "kein-mail"}, "gültige E-Mail-Adresse"),
    ],
)
def test_bad_input_is_refused_in_german(client, open_consultation, overrides, message):
    """Invalid input keeps the form with a German message and stores nothing."""
    response = post(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Feedback.objects.filter(consultation=open_consultation).exists()


def test_no_open_consultation_says_so(client, seed):
    """Without an open consultation the page says so and offers no form."""
    page = client.get(URL).content.decode()
    main = page.split("<main")[1]  # the header's site search is a form too
    assert "keine Beteiligung geöffnet" in main and "<form" not in main


def test_rate_limit_keys_on_the_client_behind_the_proxy(
    client, open_consultation, settings
):
    """Behind one trusted proxy (nginx) two citizens with the proxy's address
    are limited separately; a forged X-Forwarded-For entry is ignored."""
    settings.TRUSTED_PROXIES = 1
    settings.ROUNDTABLE_SUBMISSIONS_PER_HOUR = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}

    def from_(forwarded, text):
        return client.post(
            URL,
            {
                "kind": "anregung",
                "text": text,
                "consent": "on",
                "website": "",
            },
            HTTP_X_FORWARDED_FOR=forwarded,
            **proxy,
        )

    assert (
        from_("203.0.113.7", "Erste Rückmeldung aus Bettenhausen.").status_code == 302
    )
    assert from_("203.0.113.7", "Zweite aus Bettenhausen.").status_code == 429
    assert from_("6.6.6.6, 203.0.113.7", "Gefälschter Kopf.").status_code == 429
    assert from_("198.51.100.9", "Rückmeldung aus Wehlheiden.").status_code == 302


def test_rate_limit_counter_lives_in_the_shared_cache(
    client, open_consultation, shared_cache
):
    """The counter is in the shared cache (the database by default), which
    every gunicorn worker shares, not in one worker's memory."""
    from django.core.cache import caches

    post(client)
    assert caches["default"].get("beteiligung:127.0.0.1") == 1
    assert type(caches["default"]).__name__ == "DatabaseCache"


def test_dummy_cache_switches_the_limit_off(client, open_consultation, settings):
    """DJANGO_CACHE_URL=dummycache:// keeps no counter: no limit, no error."""
    import environ

    settings.CACHES = {
        **settings.CACHES,
        "default": environ.Env.cache_url_config("dummycache://"),
    }
    settings.ROUNDTABLE_SUBMISSIONS_PER_HOUR = 1
    for number in range(3):
        assert post(client, text=f"Rückmeldung Nummer {number}.").status_code == 302
