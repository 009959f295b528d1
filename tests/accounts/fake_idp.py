"""A fake identity provider on 127.0.0.1: a real HTTP server in a thread that speaks OpenID
Connect's code flow (authorize, token, userinfo, JWKS), signing ID tokens with an RSA key made
for the test. What it says about the person, and how it misbehaves, is set per test."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "said-and-done-test"
CLIENT_SECRET = "not-a-real-secret"
KID = "test-key-1"


@dataclass
class Person:
    email: str = "officer@westmere.example"
    email_verified: bool | None = True
    sub: str = "fake-subject-1"
    given_name: str = "Olu"
    family_name: str = "Officer"
    amr: list[str] | None = None


@dataclass
class FakeIdP:
    person: Person = field(default_factory=Person)
    # Misbehaviour, for the tests that prove each is refused.
    tamper_signature: bool = False
    expired: bool = False
    audience: str = CLIENT_ID
    issuer_override: str = ""
    wrong_nonce: bool = False
    userinfo_sub: str = ""  # a different subject at userinfo
    userinfo_amr: list[str] | None = None  # an 'amr' at userinfo (unsigned: never believed)
    sign_with_other_key: bool = False
    port: int = 0
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return self.base

    def settings(self, **extra: str) -> dict[str, str]:
        """The OIDC_* variables pointing at this provider."""
        return {
            "OIDC_PROVIDER_NAME": "Westmere Council",
            "OIDC_ISSUER": self.issuer,
            "OIDC_AUTHORIZATION_ENDPOINT": self.base + "/authorize",
            "OIDC_TOKEN_ENDPOINT": self.base + "/token",
            "OIDC_USERINFO_ENDPOINT": self.base + "/userinfo",
            "OIDC_JWKS_ENDPOINT": self.base + "/jwks",
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            **extra,
        }

    def jwks(self) -> dict[str, Any]:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": KID, "use": "sig", "alg": "RS256"}]}

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        p = self.person
        claims: dict[str, Any] = {
            "iss": self.issuer_override or self.issuer, "sub": p.sub, "aud": self.audience,
            "iat": now - (7200 if self.expired else 0),
            "exp": now - 3600 if self.expired else now + 600,
            "nonce": "not-the-nonce-sent" if self.wrong_nonce else nonce,
            "email": p.email, "given_name": p.given_name, "family_name": p.family_name,
        }
        if p.email_verified is not None:
            claims["email_verified"] = p.email_verified
        if p.amr is not None:
            claims["amr"] = p.amr
        key = self.other_key if self.sign_with_other_key else self.key
        token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})
        if self.tamper_signature:
            head, body, signature = token.split(".")
            changed = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            changed["email"] = "someone.else@westmere.example"
            body = base64.urlsafe_b64encode(json.dumps(changed).encode()).rstrip(b"=").decode()
            token = ".".join((head, body, signature))
        return token


def _handler(idp: FakeIdP) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _json(self, body: Any, status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/authorize":
                if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                    self._json({"error": "invalid_request"}, 400)
                    return
                code = secrets.token_urlsafe(16)
                idp.codes[code] = {"nonce": query.get("nonce", ""),
                                   "redirect_uri": query["redirect_uri"],
                                   "challenge": query.get("code_challenge", "")}
                back = query["redirect_uri"] + "?" + urlencode(
                    {"code": code, "state": query.get("state", "")})
                self.send_response(302)
                self.send_header("Location", back)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif url.path == "/jwks":
                self._json(idp.jwks())
            elif url.path == "/userinfo":
                if self.headers.get("Authorization") != "Bearer fake-access-token":
                    self._json({"error": "invalid_token"}, 401)
                    return
                p = idp.person
                info: dict[str, object] = {"sub": idp.userinfo_sub or p.sub, "email": p.email,
                        "given_name": p.given_name, "family_name": p.family_name}
                if p.email_verified is not None:
                    info["email_verified"] = p.email_verified
                if idp.userinfo_amr is not None:
                    info["amr"] = idp.userinfo_amr
                self._json(info)
            else:
                self._json({"error": "not_found"}, 404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlsplit(self.path).path != "/token":
                self._json({"error": "not_found"}, 404)
                return
            idp.token_requests.append(form)
            grant = idp.codes.pop(form.get("code", ""), None)
            if (grant is None or form.get("client_id") != CLIENT_ID
                    or form.get("client_secret") != CLIENT_SECRET
                    or form.get("redirect_uri") != grant["redirect_uri"]):
                self._json({"error": "invalid_grant"}, 400)
                return
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(
                hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if grant["challenge"] and challenge != grant["challenge"]:
                self._json({"error": "invalid_grant", "error_description": "PKCE"}, 400)
                return
            self._json({"access_token": "fake-access-token", "token_type": "Bearer",
                        "expires_in": 600, "id_token": idp.id_token(grant["nonce"])})

    return Handler


class Running:
    """Start and stop the fake provider around a test."""

    def __init__(self, idp: FakeIdP) -> None:
        self.idp = idp
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(idp))
        idp.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeIdP:
        self.thread.start()
        return self.idp

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
