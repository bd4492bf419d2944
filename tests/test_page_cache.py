"""The page cache answers before sessions, CSRF and authentication run
(``freshness.page_cache``), with exactly the answer the whole chain gives."""

from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

import pytest

from kassel_integration.freshness import PublicPage
from tests.factories import MetricFactory, ObservationFactory

pytestmark = pytest.mark.django_db

# The date header differs by the second; everything else must be equal.
PER_REQUEST = {"Date"}


def headers(response) -> dict:
    return {k: v for k, v in response.items() if k not in PER_REQUEST}


def forget_pages():
    """Empty the page cache; this worker still knows the paths as public."""
    caches["default"].clear()
    caches["local"].clear()


@pytest.fixture
def addresses(seed):
    metric = MetricFactory(key="sprachkurse", unit="Personen")
    ObservationFactory(metric=metric, year=2016, value=400)
    return [
        reverse("concept:index"),  # HTML
        "/oparl/v1.1/body/kassel/paper",  # JSON with CORS
        reverse("monitoring:metric-download", args=[metric.key, "csv"]),  # a file
    ]


def test_cached_answer_has_the_headers_of_a_rendered_one(client, addresses):
    """Security headers, CSP, Permissions-Policy, X-Frame-Options, Vary,
    Content-Language, the validators and the body are the same whether the
    page was rendered or came from the cache."""
    for url in addresses:
        forget_pages()
        rendered = client.get(url)
        cached = client.get(url)
        assert not hasattr(cached.wsgi_request, "user"), "answered before auth"
        assert hasattr(rendered.wsgi_request, "user")
        assert headers(cached) == headers(rendered), url
        assert cached.content == rendered.content
        assert "X-Frame-Options" in cached and "Content-Security-Policy" in cached
        assert "Permissions-Policy" in cached and "Accept-Language" in cached["Vary"]


def test_cached_304_has_the_headers_of_a_rendered_one(client, addresses):
    """A conditional request gets the same 304 from the cache as from the view."""
    for url in addresses:
        etag = client.get(url)["ETag"]
        forget_pages()
        from_view = client.get(url, HTTP_IF_NONE_MATCH=etag)
        client.get(url)  # cached again
        from_cache = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert from_view.status_code == from_cache.status_code == 304
        assert not hasattr(from_cache.wsgi_request, "user")
        assert headers(from_cache) == headers(from_view), url
        assert "Content-Type" not in from_cache


def test_logged_in_visitor_gets_the_same_page(client, addresses, django_user_model):
    """Public pages do not differ for staff: a page rendered for a logged-in
    member of staff is the one anonymous visitors get, and the other way round."""
    staff = django_user_model.objects.create_user("redaktion", is_staff=True)
    url = addresses[0]
    client.force_login(staff)
    for_staff = client.get(url)
    client.logout()
    anonymous = client.get(url)
    assert not hasattr(anonymous.wsgi_request, "user"), "from the cache"
    assert anonymous.content == for_staff.content
    assert headers(anonymous) == headers(for_staff)
    assert not anonymous.cookies


def test_cached_page_reads_only_the_data_version(
    client, addresses, django_assert_num_queries
):
    url = addresses[0]
    client.get(url)
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


def test_post_is_never_answered_from_the_cache(client, addresses):
    url = addresses[0]
    client.get(url)
    response = client.post(url)
    assert hasattr(response.wsgi_request, "user"), "went through the whole chain"
    assert "ETag" not in response


def test_answer_that_sets_a_cookie_or_varies_by_it_is_not_stored():
    request = RequestFactory().get("/konzept/")
    with_cookie = HttpResponse("für eine Person")
    with_cookie.set_cookie("sessionid", "abc")
    varying = HttpResponse("für eine Person")
    varying["Vary"] = "Cookie"
    for response in (with_cookie, varying):
        page = PublicPage.of(request)
        page.store(response)
        assert PublicPage(request).cached() is None


def test_admin_pages_are_never_cached(client):
    """The login page is rendered each time, with its CSRF cookie."""
    url = reverse("admin:login")
    client.get(url)
    again = client.get(url)
    assert "csrftoken" in again.cookies
    assert "ETag" not in again


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="terminates a PostgreSQL backend"
)
def test_version_read_reconnects_a_dropped_connection(transactional_db, client):
    """The version query is the connection's health check: a kept connection
    the server dropped between requests is replaced, and the page answers."""
    import psycopg

    url = reverse("concept:index")
    client.get(url)
    pid = connection.connection.info.backend_pid
    data = connection.settings_dict
    with psycopg.connect(
        host=data["HOST"], port=data["PORT"], user=data["USER"], dbname="postgres"
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    connection.close_if_unusable_or_obsolete()  # as a server's request begins
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert connection.connection.info.backend_pid != pid
