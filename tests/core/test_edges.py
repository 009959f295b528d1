"""The edge of the site (issue 11): the client's address behind a reverse proxy, the public
form's rate limit keyed on it, and control bytes that never reach a view as a 500."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory, override_settings
from django.urls import reverse

from saidanddone.core.checks import check_proxies_named, check_trusted_proxies
from saidanddone.core.clientaddress import client_address, rate_limit_key
from saidanddone.feedback.models import FeedbackItem, RateBucket
from tests.helpers import check_page, sign_in, text_of

PROXY = "10.0.0.5"


def request_from(remote: str, **headers: Any) -> Any:
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@override_settings(SAIDANDDONE_TRUSTED_PROXIES=["10.0.0.0/24", "2001:db8::/32"])
@pytest.mark.parametrize(("remote", "headers", "expected"), [
    # The proxy appended the family's address: believed.
    (PROXY, {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}, "203.0.113.7"),
    # The family wrote its own X-Forwarded-For; the proxy appended the real address after it.
    (PROXY, {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7"}, "203.0.113.7"),
    # Two proxies of ours in a row: the right-most address that is not ours.
    (PROXY, {"HTTP_X_FORWARDED_FOR": "203.0.113.7, 10.0.0.9"}, "203.0.113.7"),
    (PROXY, {"HTTP_X_FORWARDED_FOR": "203.0.113.7:51234"}, "203.0.113.7"),
    (PROXY, {"HTTP_FORWARDED": 'for=198.51.100.1, for="[2001:db9::17]:4711";proto=https'},
     "2001:db9::17"),
    (PROXY, {"HTTP_FORWARDED": "for=203.0.113.7;by=10.0.0.5"}, "203.0.113.7"),
    # No header from a proxy: the proxy's own address, as before.
    (PROXY, {}, PROXY),
    # Not from a trusted proxy: whatever the headers say is ignored.
    ("203.0.113.99", {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "203.0.113.99"),
    ("203.0.113.99", {"HTTP_FORWARDED": "for=198.51.100.1"}, "203.0.113.99"),
    (PROXY, {"HTTP_X_FORWARDED_FOR": "unknown"}, PROXY),
])
def test_client_address_believes_only_trusted_proxies(remote: str, headers: dict[str, str],
                                                      expected: str) -> None:
    assert client_address(request_from(remote, **headers)) == expected


@override_settings(SAIDANDDONE_TRUSTED_PROXIES=[])
@pytest.mark.parametrize(("remote", "expected"), [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb::/64"),
    ("2001:db8:aa:bb:ffff::9", "2001:db8:aa:bb::/64"),
    ("2001:db8:aa:bc::1", "2001:db8:aa:bc::/64"),
    ("::ffff:203.0.113.7", "203.0.113.7"),
])
def test_the_rate_limit_counts_an_ipv6_household_by_its_64(remote: str, expected: str) -> None:
    assert rate_limit_key(request_from(remote)) == expected


@pytest.mark.django_db
@override_settings(SAIDANDDONE_RATE_LIMIT=3, SAIDANDDONE_RATE_WINDOW=600)
def test_rotating_ipv6_addresses_inside_one_64_do_not_escape_the_limit(client: Any,
                                                                     demo: Any) -> None:
    url = reverse("public:feedback_form", args=["westmere"])
    codes = [client.post(url, form_data(f"Comment {n}"),
                         REMOTE_ADDR=f"2001:db8:5:6::{n + 1:x}").status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]
    neighbour = client.post(url, form_data("Next door's comment."), REMOTE_ADDR="2001:db8:5:7::1")
    assert neighbour.status_code == 302


def test_with_no_trusted_proxy_the_headers_are_ignored() -> None:
    request = request_from(PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_address(request) == PROXY


def test_system_checks_name_a_missing_or_wrong_proxy_setting() -> None:
    with override_settings(SAIDANDDONE_TRUSTED_PROXIES=[]):
        assert [w.id for w in check_proxies_named(None)] == ["saidanddone.W020"]
    for silenced in (["none"], ["127.0.0.1"], ["10.0.0.0/8", "::1"]):
        with override_settings(SAIDANDDONE_TRUSTED_PROXIES=silenced):
            assert check_proxies_named(None) == [] and check_trusted_proxies(None) == []
    with override_settings(SAIDANDDONE_TRUSTED_PROXIES=["10.0.0.0/33"]):
        assert [e.id for e in check_trusted_proxies(None)] == ["saidanddone.E020"]
        with pytest.raises(SystemCheckError):
            call_command("check")


def form_data(comment: str) -> dict[str, Any]:
    return {"respondent_role": "parent", "topic": "transport", "consent": "paraphrase",
            "comment": comment, "key": str(uuid.uuid4()), "website": ""}


@pytest.mark.django_db
@override_settings(SAIDANDDONE_TRUSTED_PROXIES=[PROXY], SAIDANDDONE_RATE_LIMIT=10)
def test_fifteen_families_behind_one_proxy_are_all_heard(client: Any, demo: Any) -> None:
    url = reverse("public:feedback_form", args=["westmere"])
    for family in range(15):
        sent = client.post(url, form_data(f"Family {family}: the bus was late again."),
                           REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.{family + 1}")
        assert sent.status_code == 302, family
    assert FeedbackItem.objects.filter(text_original__contains="the bus was late again").count() \
        == 15
    keys = RateBucket.objects.values_list("key", flat=True)
    assert all("203.0.113" not in key and PROXY not in key for key in keys)


@pytest.mark.django_db
@override_settings(SAIDANDDONE_TRUSTED_PROXIES=[PROXY], SAIDANDDONE_RATE_LIMIT=3,
                   SAIDANDDONE_RATE_WINDOW=600)
def test_one_address_over_the_limit_is_refused_and_keeps_its_words(client: Any,
                                                                   demo: Any) -> None:
    url = reverse("public:feedback_form", args=["westmere"])
    same = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.50"}
    codes = [client.post(url, form_data(f"Comment {n}"), **same).status_code for n in range(3)]
    assert codes == [302, 302, 302]
    words = "My son's taxi did not come for a week and nobody told us why."
    refused = client.post(url, form_data(words), **same)
    assert refused.status_code == 429
    assert 60 <= int(refused["Retry-After"]) <= 600
    soup = check_page(refused.content)
    assert soup.find("textarea", {"name": "comment"}).get_text().strip() == words
    summary = text_of(str(soup.select_one(".govuk-error-summary")))
    assert "sent a lot of comments" in summary
    assert "Try again in" in summary and "minute" in summary
    assert not FeedbackItem.objects.filter(text_original=words).exists()
    # Another family behind the same proxy is still heard.
    other = client.post(url, form_data("Another family's comment."), REMOTE_ADDR=PROXY,
                        HTTP_X_FORWARDED_FOR="203.0.113.51")
    assert other.status_code == 302


@pytest.mark.django_db
@override_settings(SAIDANDDONE_TRUSTED_PROXIES=[PROXY], SAIDANDDONE_RATE_LIMIT=3)
def test_a_spoofed_forwarded_for_from_an_untrusted_address_is_ignored(client: Any,
                                                                      demo: Any) -> None:
    url = reverse("public:feedback_form", args=["westmere"])
    codes = [client.post(url, form_data(f"Comment {n}"), REMOTE_ADDR="198.51.100.9",
                         HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]


# Control bytes -------------------------------------------------------------------------------

NASTY = "bus\x00\x01\x1b\x7ftimes"


@pytest.mark.django_db
def test_control_bytes_in_search_parameters_are_never_a_500(client: Any, demo: Any,
                                                            officer: Any,
                                                            admin_user: Any) -> None:
    public = client.get(reverse("public:search", args=["westmere"]),
                        {"q": NASTY, "period": "2026\x00", "theme": "transport\x00"})
    assert public.status_code == 200
    assert "\x00" not in public.content.decode()
    sign_in(client, officer)
    listing = client.get(reverse("workspace:feedback_list", args=["westmere"]),
                         {"q": NASTY, "status": "new\x00", "page": "1\x00"})
    assert listing.status_code == 200
    client.logout()
    sign_in(client, admin_user)
    found = client.post(reverse("workspace:data_protection", args=["westmere"]),
                        {"terms": "07700 900\x00123\nparent\x00@example.org"})
    assert found.status_code == 200


@pytest.mark.django_db
def test_control_bytes_in_a_comment_are_dropped_and_the_comment_kept(client: Any,
                                                                     demo: Any) -> None:
    data = form_data("The ramp\x00 at the\x07 library\tis broken.\r\nPlease fix it.")
    sent = client.post(reverse("public:feedback_form", args=["westmere"]), data)
    assert sent.status_code == 302
    item = FeedbackItem.objects.get(idempotency_key=data["key"])
    assert item.text_original.startswith("The ramp at the library\tis broken.")
    assert "Please fix it." in item.text_original


@pytest.mark.django_db
def test_a_control_byte_in_the_path_gets_the_plain_400_page(client: Any, demo: Any) -> None:
    page = client.get("/areas/west%00mere/search/")
    assert page.status_code == 400
    assert "We could not read what you sent" in text_of(page.content)


@pytest.mark.django_db
@override_settings(SAIDANDDONE_RATE_LIMIT=1)
def test_the_page_feedback_widget_also_keeps_the_words_when_refused(client: Any,
                                                                    demo: Any) -> None:
    url = reverse("public:page_feedback", args=["westmere"])
    first = client.post(url, {"comment": "The opening times are wrong.", "key": str(uuid.uuid4())})
    assert first.status_code == 200
    refused = client.post(url, {"comment": "The map link is broken.", "key": str(uuid.uuid4())})
    assert refused.status_code == 429
    soup = check_page(refused.content)
    assert soup.find("textarea", {"name": "comment"}).get_text().strip() == \
        "The map link is broken."
    assert "Try again in" in text_of(refused.content)


def test_the_sign_in_lockout_gets_a_real_address_or_none() -> None:
    """django-axes stores the address in an IP address column: a request made inside the
    process (a test's force_login) has none, and PostgreSQL refuses a placeholder."""
    from django.http import HttpRequest

    from saidanddone.core.clientaddress import sign_in_address

    bare = HttpRequest()
    assert sign_in_address(bare) is None
    bare.META["REMOTE_ADDR"] = "192.0.2.7"
    assert sign_in_address(bare) == "192.0.2.7"
