"""Public search in families' words: "EHCP" finds the EHC plan response, "austism" finds
autism, "speach therapy" finds speech and language therapy; nonsense finds nothing."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.publishing import search
from saidanddone.publishing.models import Publication
from tests.helpers import check_page, text_of

pytestmark = pytest.mark.django_db


def titles(client: Any, q: str) -> list[str]:
    soup = check_page(client.get(reverse("public:search", args=["westmere"]), {"q": q}).content)
    return [h.get_text() for h in soup.select("section h3")]


@pytest.fixture
def speech_response(demo: Any) -> str:
    """A published response about speech and language therapy, added to the stored content of
    the published version (the public pages read only that)."""
    version = Publication.objects.get(area=demo, state="published").versions.get()
    response = copy.deepcopy(version.content["responses"][0])
    response.update(id="speech", title="Speech and language therapy sooner",
                    you_said="You told us children wait too long for speech and language "
                             "therapy.", themes=[], commitments=[])
    version.content["responses"].append(response)
    version.save(update_fields=["content"])
    return response["title"]


def test_ehcp_finds_the_ehc_plan_response(client: Any, demo: Any) -> None:
    assert "EHC plans on time and written for my child" in titles(client, "EHCP")
    assert "EHC plans on time and written for my child" in titles(client, "ehcp")


def test_a_small_misspelling_still_finds_autism(client: Any, demo: Any) -> None:
    assert "Less time waiting for an autism or ADHD assessment" in titles(client, "austism")
    assert "Less time waiting for an autism or ADHD assessment" in titles(client, "ASD")


def test_speach_therapy_finds_speech_and_language_therapy(client: Any, demo: Any,
                                                         speech_response: str) -> None:
    assert titles(client, "speach therapy") == [speech_response]
    assert titles(client, "SALT") == [speech_response]


def test_a_nonsense_word_finds_nothing(client: Any, demo: Any, speech_response: str) -> None:
    assert titles(client, "zebrafrog") == []
    assert "Nothing matched" in text_of(
        client.get(reverse("public:search", args=["westmere"]), {"q": "qwxzv"}).content)


@pytest.mark.parametrize(("query", "text", "found"), [
    ("EHCP", "an education, health and care plan", True),
    ("education health and care plan", "my EHCP review", True),
    ("SENCo", "the special educational needs coordinator", True),
    ("CAMHS", "child and adolescent mental health services", True),
    ("OT", "occupational therapy at school", True),
    ("educational psychologist", "an EP visit", True),
    ("council", "the local authority will", True),
    ("respite", "short breaks for every child", True),
    ("ADHD", "attention deficit hyperactivity disorder", True),
    ("austism assesment", "an autism assessment", True),
    ("speach therapy", "more SALT sessions in school", True),  # corrected, then a synonym
    ("austism", "the ASD pathway", True),
    ("autism", "a new bus timetable", False),
    ("OT", "it is not", False),  # short words are never stretched to a near word
    ("sen", "see the page", False),
])
def test_synonyms_and_tolerance(query: str, text: str, found: bool) -> None:
    assert search.matches(search.query_terms(query), text) is found
