"""Stored public pages answered before Django (issue 15, part 5; decision 0225).

``StoredPages`` wraps the WSGI application. A GET or HEAD of a published "You said, we did"
page (``/areas/<slug>/you-said-we-did/<pub>/`` and its ``version-<n>/``) is answered here,
without the middleware stack, URL resolving or the view, when this process already knows that
page:

- the view's micro-cached answer for that URL is fresh (``selectors.public_stored_page_cached``,
  at most ``STORED_PAGE_SECONDS`` old, so a withdrawn page stops within the same two seconds as
  through the view), and
- the stored rendering may be sent as it is (``views.stored_page_servable``: not waiting for a
  re-render, rendered today), and
- the full stack has already answered an anonymous request for that rendering (same ETag, same
  scheme, 200 or 304): its status, headers and body are replayed.

Everything else goes to the full stack unchanged: other URLs, a query string, another method,
a host that is not allowed, plain http when https is required, a page this process has not
looked up in the last two seconds, and any replayed answer that would have carried a cookie or
varied by one. The replayed answer is made by the full stack itself, from a request built here
with none of the visitor's headers (no cookie, no credentials), so nothing of one visitor can
reach another, and every header the middleware adds (ETag, Last-Modified, Cache-Control,
Content-Security-Policy, X-Frame-Options and the rest) is the stack's own.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest, get_path_info
from django.utils import timezone

from saidanddone.publishing import selectors, views

# The two URL patterns of public:publication and public:publication_version (Django's slug and
# int converters); tests/publishing/test_fastpath.py proves they agree with the URLconf.
PATH = re.compile(r"/areas/(?P<slug>[-a-zA-Z0-9_]+)/you-said-we-did/(?P<pub>[-a-zA-Z0-9_]+)/"
                  r"(?:version-(?P<number>[0-9]+)/)?")

# What the replayed request copies from the visitor's: where it was sent, never who sent it.
_ADDRESS_KEYS = ("HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "PATH_INFO",
                 "wsgi.url_scheme", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")
# Bounded: a few publications per area, a few areas; cleared whole when full.
_MAX_ANSWERS = 128

StartResponse = Callable[..., Any]
Answer = tuple[str, list[tuple[str, str]], bytes]


class StoredPages:
    """WSGI middleware in front of Django's handler: see the module's docstring."""

    def __init__(self, application: Callable[[dict[str, Any], StartResponse], Iterable[bytes]],
                 ) -> None:
        self.application = application
        # (ETag, https, If-None-Match hit) -> the full stack's answer for an anonymous request.
        self.answers: dict[tuple[str, bool, bool], Answer] = {}
        # The environ keys that Django reads for the host and the scheme -> (allowed, https).
        self.address_keys = ("HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "wsgi.url_scheme",
                             "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT") + (
            (settings.SECURE_PROXY_SSL_HEADER[0],) if settings.SECURE_PROXY_SSL_HEADER else ())
        self.addresses: dict[tuple[Any, ...], tuple[bool, bool]] = {}
        # Nothing before the view activates a time zone, so "today" is the default zone's.
        self.tz = timezone.get_default_timezone()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        answer = self.stored_answer(environ)
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, list(headers))
        return [body]

    def stored_answer(self, environ: dict[str, Any]) -> Answer | None:
        if (environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or environ.get("QUERY_STRING")
                or not settings.SAIDANDDONE_STORED_PAGES_FAST):
            return None
        match = PATH.fullmatch(get_path_info(environ))  # as Django reads it; environ unchanged
        if match is None:
            return None
        allowed, secure = self.address(environ)
        if not allowed or (settings.SECURE_SSL_REDIRECT and not secure):
            return None
        number = match["number"]
        stored = selectors.public_stored_page_cached(
            slug=match["slug"], pub=match["pub"], number=int(number) if number else None)
        if stored is None or not views.stored_page_servable(stored, tz=self.tz):
            return None
        etag = f'"{stored["rendered_etag"]}"'
        hit = views.etag_matches(etag, environ.get("HTTP_IF_NONE_MATCH", ""))
        key = (etag, secure, hit)
        answer = self.answers.get(key)
        if answer is None:
            answer = self.full_stack_answer(environ, etag if hit else None)
            if answer is None or _header(answer, "ETag") != etag:
                return None
            if len(self.answers) >= _MAX_ANSWERS:
                self.answers.clear()
            self.answers[key] = answer
        return answer

    def address(self, environ: dict[str, Any]) -> tuple[bool, bool]:
        """Whether the host is allowed (as CommonMiddleware checks it) and the request came by
        https (as SecurityMiddleware reads it): Django's own answers, kept per distinct set of
        the headers they read."""
        key = tuple(environ.get(k) for k in self.address_keys)
        known = self.addresses.get(key)
        if known is None:
            request = WSGIRequest({**{k: environ[k] for k in self.address_keys if k in environ},
                                   "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()})
            try:
                request.get_host()
                allowed = True
            except DisallowedHost:
                allowed = False
            known = (allowed, request.is_secure())
            if len(self.addresses) >= _MAX_ANSWERS:
                self.addresses.clear()
            self.addresses[key] = known
        return known

    def full_stack_answer(self, environ: dict[str, Any], if_none_match: str | None,
                          ) -> Answer | None:
        """The full stack's answer to a request for the same address with nothing of the
        visitor's in it, or None when it is not one that may be given to everyone."""
        clean = {k: environ[k] for k in _ADDRESS_KEYS if k in environ}
        if settings.SECURE_PROXY_SSL_HEADER:
            header = settings.SECURE_PROXY_SSL_HEADER[0]
            if header in environ:
                clean[header] = environ[header]
        clean.update({"REQUEST_METHOD": "GET", "QUERY_STRING": "", "wsgi.input": io.BytesIO(),
                      "wsgi.errors": environ.get("wsgi.errors", io.StringIO()),
                      "wsgi.version": environ.get("wsgi.version", (1, 0)),
                      "wsgi.multithread": True, "wsgi.multiprocess": True,
                      "wsgi.run_once": False})
        if if_none_match:
            clean["HTTP_IF_NONE_MATCH"] = if_none_match
        started: list[Any] = []
        result = self.application(clean, lambda status, headers, *exc: started.extend(
            [status, headers]))
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = started[0], [(str(k), str(v)) for k, v in started[1]]
        names = {k.lower() for k, _ in headers}
        vary = (_header((status, headers, body), "Vary") or "").lower()
        if (status.split()[0] not in ("200", "304") or "set-cookie" in names
                or "cookie" in vary or "*" in vary):
            return None
        return status, headers, body


def _header(answer: Answer, name: str) -> str | None:
    return next((v for k, v in answer[1] if k.lower() == name.lower()), None)
