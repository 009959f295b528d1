"""Stored public pages answered before the middleware stack (decision 0225): for every stored
page of the demo area the fast path and the full stack give the same status, headers and body,
and everything the fast path must not answer goes to the full stack."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import resolve, reverse

from saidanddone.publishing import fastpath, selectors
from saidanddone.publishing.models import Publication, PublicationVersion

pytestmark = pytest.mark.django_db


class Counting:
    """The full stack, counting the requests that reach it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def stacks(settings: Any) -> Iterator[tuple[Counting, fastpath.StoredPages]]:
    settings.SECURE_HSTS_SECONDS = 3600  # so that an https answer carries one more header
    # As Django's test client does: the request signals must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    selectors.forget_stored_pages()
    full = Counting()
    try:
        yield full, fastpath.StoredPages(full)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        selectors.forget_stored_pages()


def call(app: Callable[..., Any], path: str, method: str = "GET",
         **extra: Any) -> tuple[str, dict[str, str], bytes]:
    environ = RequestFactory().generic(method, path, **extra).environ
    environ.update({k: v for k, v in extra.items() if k == "PATH_INFO"})  # bytes as latin-1
    started: list[Any] = []
    result = app(environ, lambda status, headers, *exc: started.extend([status, headers]))
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    status, headers = started
    names = [k.lower() for k, _ in headers]
    assert len(names) == len(set(names)), headers
    return status, {k.lower(): v for k, v in headers if k.lower() != "date"}, body


def stored_paths(area_slug: str = "westmere") -> list[str]:
    paths = []
    for version in PublicationVersion.objects.filter(
            publication__area__slug=area_slug,
            publication__state=Publication.State.PUBLISHED).exclude(rendered_etag=""):
        publication = version.publication
        paths.append(reverse("public:publication_version",
                             args=[area_slug, publication.slug, version.number]))
        if version.number == publication.versions.order_by("-number").first().number:
            paths.append(reverse("public:publication", args=[area_slug, publication.slug]))
    return paths


def fast_answer(full: Counting, fast: fastpath.StoredPages, path: str,
                **extra: Any) -> tuple[str, dict[str, str], bytes]:
    """The fast path's answer, proved to come without the full stack."""
    call(fast, path, **extra)  # the view's lookup for this URL, and the full stack's answer
    call(fast, path, **extra)
    before = full.calls
    answer = call(fast, path, **extra)
    assert full.calls == before, f"{path} went through the full stack"
    return answer


VARIANTS: dict[str, dict[str, Any]] = {
    "GET": {},
    "HEAD": {"method": "HEAD"},
    "https": {"secure": True},
    "If-None-Match": {},  # filled in with the page's ETag
    "If-None-Match, another tag": {},
}


def test_every_stored_page_fast_and_full_give_the_same_answer(stacks: Any, demo: Any) -> None:
    """One fast path for every variant in turn, so that no answer is kept for the wrong one."""
    full, fast = stacks
    paths = stored_paths()
    assert len(paths) >= 2
    for variant, path in [(v, p) for v in VARIANTS for p in paths]:
        extra = dict(VARIANTS[variant])
        if variant.startswith("If-None-Match"):
            etag = call(full, path)[1]["etag"]
            extra["HTTP_IF_NONE_MATCH"] = etag if variant == "If-None-Match" else '"x", ' + etag
        method = extra.pop("method", "GET")
        quick = fast_answer(full, fast, path, method=method, **extra)
        assert quick == call(full, path, method=method, **extra), (path, variant)
        status, headers, body = quick
        if variant.startswith("If-None-Match"):
            assert status == "304 Not Modified" and body == b""
        else:
            assert status == "200 OK" and body.startswith(b"<!DOCTYPE html>")
            assert headers["content-type"] == "text/html; charset=utf-8"
            assert {"etag", "last-modified", "content-length"} <= set(headers)
        assert headers["cache-control"].startswith("public, max-age=")
        assert "set-cookie" not in headers and "vary" not in headers
        for name in ("content-security-policy", "x-content-type-options", "referrer-policy",
                     "x-frame-options", "permissions-policy", "cross-origin-opener-policy"):
            assert name in headers, (name, headers)
        assert ("strict-transport-security" in headers) == (variant == "https")


def test_a_signed_in_visitor_gets_the_anonymous_page_and_no_cookie(
        stacks: Any, demo: Any, client: Any, officer: Any) -> None:
    full, fast = stacks
    client.force_login(officer)
    cookie = "; ".join(f"{k}={m.value}" for k, m in client.cookies.items())
    for path in stored_paths():
        quick = fast_answer(full, fast, path, HTTP_COOKIE=cookie)
        assert quick == call(full, path, HTTP_COOKIE=cookie) == call(full, path)
        assert "set-cookie" not in quick[1]


def test_a_page_no_longer_published_is_never_served(stacks: Any, demo: Any) -> None:
    full, fast = stacks
    path = stored_paths()[0]
    assert fast_answer(full, fast, path)[0] == "200 OK"
    Publication.objects.filter(area=demo).update(state=Publication.State.DRAFT)
    selectors.forget_stored_pages()  # as every service that changes a publication does
    assert call(fast, path)[0].startswith("404")
    assert call(fast, path)[0].startswith("404")


def test_a_stale_or_yesterdays_page_goes_through_the_full_stack(stacks: Any, demo: Any) -> None:
    full, fast = stacks
    for path in stored_paths():
        fast_answer(full, fast, path)
    PublicationVersion.objects.filter(publication__area=demo).update(rendered_stale=True)
    selectors.forget_stored_pages()
    for path in stored_paths():
        for _ in range(2):  # the second time the view's lookup is fresh in this process
            before = full.calls
            status, headers, _ = call(fast, path)
            assert status == "200 OK" and "etag" not in headers  # rendered live
            assert full.calls == before + 1


def test_yesterdays_rendering_is_not_sent_by_the_fast_path(demo: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    stored = {"id": 1, "rendered_etag": "abc", "rendered_stale": False,
              "rendered_at": timezone.now() - dt.timedelta(days=1)}
    from saidanddone.publishing.views import stored_page_servable
    assert not stored_page_servable(stored)
    assert stored_page_servable(dict(stored, rendered_at=timezone.now()))
    assert not stored_page_servable(dict(stored, rendered_at=None))


def test_another_areas_address_never_gets_the_page(stacks: Any, demo: Any,
                                                   other_area: Any) -> None:
    full, fast = stacks
    for path in stored_paths():
        fast_answer(full, fast, path)
        elsewhere = path.replace("/westmere/", f"/{other_area.slug}/")
        assert call(fast, elsewhere)[0].startswith("404")


@pytest.mark.parametrize("extra", [
    {"method": "POST"},
    {"QUERY_STRING": "utm_source=newsletter"},
    {"HTTP_HOST": "evil.example"},
])
def test_other_requests_for_the_address_go_through_the_full_stack(
        stacks: Any, demo: Any, extra: dict[str, Any]) -> None:
    full, fast = stacks
    path = stored_paths()[0]
    fast_answer(full, fast, path)
    extra = dict(extra)
    method = extra.pop("method", "GET")
    before = full.calls
    quick = call(fast, path, method=method, **extra)
    assert full.calls == before + 1
    assert quick == call(full, path, method=method, **extra)


def test_https_as_a_proxy_reports_it(demo: Any, settings: Any, stacks: Any) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as in production
    full = Counting()
    fast = fastpath.StoredPages(full)
    path = stored_paths()[0]
    for proto in ("http", "https", "http"):
        quick = fast_answer(full, fast, path, HTTP_X_FORWARDED_PROTO=proto)
        assert quick == call(full, path, HTTP_X_FORWARDED_PROTO=proto)
        assert ("strict-transport-security" in quick[1]) == (proto == "https")


def test_plain_http_goes_through_the_full_stack_when_https_is_required(
        stacks: Any, demo: Any, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True  # read when the middleware is made
    full = Counting()
    fast = fastpath.StoredPages(full)
    path = stored_paths()[0]
    fast_answer(full, fast, path, secure=True)
    assert call(fast, path)[0].startswith("301")
    assert call(fast, path, secure=True)[0] == "200 OK"


def test_the_pattern_agrees_with_the_urlconf(demo: Any) -> None:
    for path in stored_paths():
        match = fastpath.PATH.fullmatch(path)
        assert match is not None, path
        resolved = resolve(path)
        assert resolved.url_name in {"publication", "publication_version"}
        assert {k: v for k, v in match.groupdict().items() if v is not None} == {
            k: str(v) for k, v in resolved.kwargs.items()}
    pk = Publication.objects.filter(area=demo).first().pk
    for name, args in (("public:easy_read", ["westmere", "x"]),
                       ("public:local_offer_report", ["westmere", "x"]),
                       ("public:publication_csv", ["westmere", "x"]),
                       ("workspace:publication_preview", ["westmere", pk]),
                       ("workspace:publication_detail", ["westmere", pk])):
        assert fastpath.PATH.fullmatch(reverse(name, args=args)) is None, name


@pytest.mark.parametrize("path", ["/areas/westm\xc3\xa9re/", "/areas/w\xc3\xa9/you-said-we-did/x/",
                                  "/areas/westmere/you-said-we-did/\xe2\x80\x8b/"])
def test_an_address_in_another_alphabet_is_answered_as_by_the_full_stack(
        stacks: Any, demo: Any, path: str) -> None:
    """PATH_INFO arrives as bytes read as latin-1: the fast path reads it without changing it."""
    full, fast = stacks
    fast_answer(full, fast, stored_paths()[0])
    quick = call(fast, "/", PATH_INFO=path)
    assert quick == call(full, "/", PATH_INFO=path)
    assert quick[0].startswith(("404", "301"))
