"""Behind a reverse proxy, is each family counted on its own? (issue 11, "Proxy")

Builds a throw-away test database with the demo area, then sends the public form through a
simulated proxy: 15 families with their own X-Forwarded-For from one proxy address, one family
sending past the limit, and one visitor forging X-Forwarded-For from an untrusted address.
Prints what was accepted and refused and exits non-zero if the figures are not the expected
ones (15 of 15 accepted; the one address and the forger refused past the limit).

    PYTHONPATH=src .venv/bin/python benchmarks/proxy_families.py
"""

from __future__ import annotations

import logging
import os
import sys
import uuid

PROXY = "10.0.0.5"
LIMIT = 10


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saidanddone.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from saidanddone.demo.loader import demo_load
    from saidanddone.feedback.models import FeedbackItem

    setup_test_environment()
    logging.disable(logging.WARNING)  # each refusal is logged as "Too Many Requests"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        demo_load()
        url = reverse("public:feedback_form", args=["westmere"])

        def send(client: Client, remote: str, forwarded: str, text: str) -> int:
            return client.post(url, {
                "respondent_role": "parent", "topic": "transport", "consent": "paraphrase",
                "comment": text, "key": str(uuid.uuid4()), "website": ""},
                REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded).status_code

        with override_settings(SAIDANDDONE_TRUSTED_PROXIES=[PROXY],
                               SAIDANDDONE_RATE_LIMIT=LIMIT):
            client = Client()
            families = [send(client, PROXY, f"203.0.113.{n + 1}",
                             f"Family {n}: the bus was late again.") for n in range(15)]
            one = [send(client, PROXY, "198.51.100.20", f"Comment {n} from one address.")
                   for n in range(LIMIT + 2)]
            forged = [send(client, "192.0.2.99", f"203.0.113.{100 + n}",
                           f"Forged comment {n}.") for n in range(LIMIT + 2)]
        stored = FeedbackItem.objects.filter(text_original__contains="the bus was late").count()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    accepted = families.count(302)
    print(f"15 families behind one proxy: {accepted} accepted, {stored} stored")
    print(f"one address, {len(one)} sends: {one.count(302)} accepted, "
          f"{one.count(429)} refused (limit {LIMIT})")
    print(f"forged X-Forwarded-For from an untrusted address, {len(forged)} sends: "
          f"{forged.count(302)} accepted, {forged.count(429)} refused")
    ok = (accepted == 15 == stored and one.count(302) == LIMIT and one.count(429) == 2
          and forged.count(302) == LIMIT and forged.count(429) == 2)
    print("as expected" if ok else "NOT as expected")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
