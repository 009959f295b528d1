"""A local fake of GOV.UK Notify's e-mail API: a real HTTP server on 127.0.0.1, in a thread of
the test process, that checks what the official client sends as Notify would.

It checks the JSON Web Token (HS256, ``iss`` the service id, signed with the key's secret,
``iat`` within 30 seconds of now), the path ``/v2/notifications/email``, the JSON body (only
the fields Notify knows, the template it was told about, every placeholder of that template
given), and answers as Notify does: 201 with the notification, 403 for a bad token, 400 for a
bad body, 404 for another path. It keeps what it accepted (``received``) and what it refused
(``refused``), and can be told to fail the next requests with 500 or 429 (``fail_next``: one
status a request, None to accept that one).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt

FIELDS = {"email_address", "template_id", "personalisation", "reference", "email_reply_to_id",
          "one_click_unsubscribe_url", "sanitise_content_for"}
PLACEHOLDERS = {"subject", "body"}
FAILURES = {
    500: {"error": "Exception", "message": "Internal server error"},
    429: {"error": "RateLimitError",
          "message": "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"},
}


class FakeNotify:
    def __init__(self, *, template_id: str) -> None:
        self.service_id = str(uuid.uuid4())
        self.secret = str(uuid.uuid4())
        self.template_id = template_id
        self.api_key = f"said_and_done_test-{self.service_id}-{self.secret}"
        self.received: list[dict[str, Any]] = []
        self.refused: list[tuple[int, str]] = []
        self.failed: list[int] = []
        self.fail_next: list[int | None] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def settings(self) -> dict[str, Any]:
        """The settings that send the product's e-mail to this server."""
        return {"EMAIL_BACKEND": "saidanddone.areas.notify.NotifyEmailBackend",
                "SAIDANDDONE_MAIL": "notify", "NOTIFY_API_KEY": self.api_key,
                "NOTIFY_BASE_URL": self.base_url, "NOTIFY_TEMPLATE_ID": self.template_id,
                "NOTIFY_REPLY_TO_ID": ""}

    def start(self) -> FakeNotify:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def addresses(self) -> list[str]:
        return [body["email_address"] for body in self.received]

    # What Notify checks ------------------------------------------------------------------

    def token_problem(self, authorization: str) -> str | None:
        if not authorization.startswith("Bearer "):
            return "Unauthorized: authentication token must be provided"
        token = authorization.removeprefix("Bearer ")
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != "HS256" or header.get("typ") != "JWT":
                return "Invalid token: algorithm used is not HS256"
            claims = jwt.decode(token, self.secret, algorithms=["HS256"],
                                options={"require": ["iss", "iat"], "verify_iat": False})
        except jwt.InvalidTokenError as error:
            return f"Invalid token: {error}"
        if claims["iss"] != self.service_id:
            return "Invalid token: service not found"
        if abs(time.time() - int(claims["iat"])) > 30:
            return "Error: Your system clock must be accurate to within 30 seconds"
        return None

    def body_problem(self, body: Any) -> str | None:
        if not isinstance(body, dict):
            return "JSON body required"
        unknown = set(body) - FIELDS
        if unknown:
            return f"Additional properties are not allowed ({', '.join(sorted(unknown))})"
        address = body.get("email_address")
        if not isinstance(address, str) or "@" not in address:
            return "email_address Not a valid email address"
        if body.get("template_id") != self.template_id:
            return "template_id is not a valid UUID or not this service's template"
        personalisation = body.get("personalisation")
        if not isinstance(personalisation, dict):
            return "Missing personalisation: body, subject"
        missing = PLACEHOLDERS - set(personalisation)
        if missing:
            return f"Missing personalisation: {', '.join(sorted(missing))}"
        if not all(isinstance(personalisation[name], str) for name in PLACEHOLDERS):
            return "personalisation values must be text"
        if "\n" in personalisation["subject"]:
            return "subject must be one line"
        unsubscribe = body.get("one_click_unsubscribe_url")
        if unsubscribe is not None and not str(unsubscribe).startswith(("https://", "http://")):
            return "one_click_unsubscribe_url is not a valid https url"
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def answer(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def refuse(self, status: int, error: str, message: str) -> None:
                with fake._lock:
                    fake.refused.append((status, message))
                self.answer(status, {"errors": [{"error": error, "message": message}],
                                     "status_code": status})

            def do_GET(self) -> None:
                self.refuse(404, "NotFound", "Not found")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                problem = fake.token_problem(self.headers.get("Authorization", ""))
                if problem:
                    self.refuse(403, "AuthError", problem)
                    return
                if self.path != "/v2/notifications/email":
                    self.refuse(404, "NotFound", f"No such path {self.path}")
                    return
                if not (self.headers.get("Content-Type") or "").startswith("application/json"):
                    self.refuse(400, "BadRequestError", "Content-Type must be application/json")
                    return
                try:
                    body = json.loads(raw)
                except ValueError:
                    self.refuse(400, "BadRequestError", "Invalid JSON supplied in POST data")
                    return
                problem = fake.body_problem(body)
                if problem:
                    self.refuse(400, "ValidationError", problem)
                    return
                with fake._lock:
                    status = fake.fail_next.pop(0) if fake.fail_next else None
                    if status is not None:
                        fake.failed.append(status)
                    else:
                        fake.received.append(body)
                if status is not None:
                    self.answer(status, {"errors": [FAILURES[status]], "status_code": status})
                    return
                personalisation = body["personalisation"]
                self.answer(201, {
                    "id": str(uuid.uuid4()), "reference": body.get("reference"),
                    "content": {"subject": personalisation["subject"],
                                "body": personalisation["body"],
                                "from_email": "said.and.done@notifications.service.gov.uk",
                                "one_click_unsubscribe_url":
                                    body.get("one_click_unsubscribe_url")},
                    "uri": f"{fake.base_url}/v2/notifications/{uuid.uuid4()}",
                    "template": {"id": fake.template_id, "version": 1,
                                 "uri": f"{fake.base_url}/v2/template/{fake.template_id}"},
                    "scheduled_for": None})

        return Handler
