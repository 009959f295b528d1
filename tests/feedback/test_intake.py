"""Hearing families: the public forms, their protections, triage e-mails, bulk themes,
retraining, emerging themes and the data protection tools."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from saidanddone.feedback import services
from saidanddone.feedback.models import FeedbackItem, RateBucket
from saidanddone.themes.models import AreaModel, Theme
from tests.helpers import check_page, sign_in, text_of

pytestmark = pytest.mark.django_db


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {"respondent_role": "parent", "topic": "transport", "consent": "paraphrase",
            "comment": "The school bus keeps changing its time without telling us.",
            "key": str(uuid.uuid4()), "website": ""}
    data.update(overrides)
    return data


def post_form(client: Any, **overrides: Any) -> Any:
    return client.post(reverse("public:feedback_form", args=["westmere"]), form_data(**overrides))


def test_public_form_says_it_is_anonymous_and_where_to_go_instead(client: Any, demo: Any) -> None:
    for name in ("public:feedback_form", "public:feedback_form_young"):
        page = client.get(reverse(name, args=["westmere"]))
        check_page(page.content, name)
        text = text_of(page.content)
        assert "nobody will reply" in text.lower() or "Nobody will write back" in text
        assert "999" in text


def test_public_comment_is_stored_once_and_thanked(client: Any, demo: Any,
                                                   django_capture_on_commit_callbacks: Any
                                                   ) -> None:
    before = FeedbackItem.objects.count()
    data = form_data()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("public:feedback_form", args=["westmere"]), data)
        second = client.post(reverse("public:feedback_form", args=["westmere"]), data)
    assert first.status_code == second.status_code == 302
    assert FeedbackItem.objects.count() == before + 1
    item = FeedbackItem.objects.get(idempotency_key=data["key"])
    assert item.channel.kind == "web_form" and item.reg56_category == "provision"
    assert item.theme_suggestions.filter(theme__slug="transport").exists()
    thanks = client.get(first["Location"])
    check_page(thanks.content)
    assert "nobody will reply" in text_of(thanks.content).lower()


def test_honeypot_submission_is_thanked_but_not_stored(client: Any, demo: Any) -> None:
    before = FeedbackItem.objects.count()
    assert post_form(client, website="http://spam.example").status_code == 302
    assert FeedbackItem.objects.count() == before


def test_missing_answers_are_summarised_and_nothing_is_stored(client: Any, demo: Any) -> None:
    before = FeedbackItem.objects.count()
    page = post_form(client, comment="", respondent_role="")
    soup = check_page(page.content)
    summary = soup.select_one(".govuk-error-summary").get_text()
    assert "Enter your comment" in summary and "Select who you are" in summary
    assert FeedbackItem.objects.count() == before


def test_fifty_megabyte_paste_is_refused_clearly(client: Any, demo: Any) -> None:
    before = FeedbackItem.objects.count()
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=None):
        page = post_form(client, comment="a" * 50_000_000)
    assert page.status_code == 200
    assert "2,000 characters or fewer" in text_of(page.content)
    assert FeedbackItem.objects.count() == before


def test_request_over_the_upload_limit_gets_a_clear_page_and_saves_nothing(
        client: Any, demo: Any) -> None:
    before = FeedbackItem.objects.count()
    page = post_form(client, comment="a" * 3_000_000)  # over Django's 2.5 MB request limit
    assert page.status_code == 400
    check_page(page.content)
    assert "Nothing was saved" in text_of(page.content)
    assert FeedbackItem.objects.count() == before


def test_unknown_page_gets_a_plain_english_not_found_page(client: Any, demo: Any) -> None:
    page = client.get("/areas/nowhere-at-all/")
    assert page.status_code == 404
    check_page(page.content)
    assert "Page not found" in text_of(page.content)


def test_script_in_a_public_comment_is_shown_as_text(client: Any, demo: Any, officer: Any,
                                                     django_capture_on_commit_callbacks: Any
                                                     ) -> None:
    data = form_data(comment="<script>alert(1)</script><b>bold</b> the taxi was late")
    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, **data)
    item = FeedbackItem.objects.get(idempotency_key=data["key"])
    sign_in(client, officer)
    for url in (reverse("workspace:feedback_detail", args=["westmere", item.pk]),
                reverse("workspace:feedback_list", args=["westmere"])):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html and "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@override_settings(SAIDANDDONE_RATE_LIMIT=3)
def test_rate_limit_answers_with_a_clear_page_and_keeps_no_address(client: Any,
                                                                   demo: Any) -> None:
    codes = [post_form(client).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    page = post_form(client)
    assert "sent a lot of comments" in text_of(page.content)
    check_page(page.content)
    keys = list(RateBucket.objects.values_list("key", flat=True))
    assert keys and all("127.0.0.1" not in k and len(k) == 64 for k in keys)


def test_page_feedback_widget_records_the_page_and_can_be_framed(client: Any, demo: Any
                                                                 ) -> None:
    url = reverse("public:page_feedback", args=["westmere"])
    page = client.get(url, {"page": "https://localoffer.westmere.example/short-breaks"})
    check_page(page.content)
    assert "X-Frame-Options" not in page.headers
    assert "frame-ancestors 'self' https://localoffer.westmere.example" in \
        page["Content-Security-Policy"]
    key = str(uuid.uuid4())
    sent = client.post(url, {"comment": "The opening times here are wrong.", "key": key,
                             "page": "https://localoffer.westmere.example/short-breaks"})
    assert "Thank you" in text_of(sent.content)
    item = FeedbackItem.objects.get(idempotency_key=key)
    assert item.page_url == "https://localoffer.westmere.example/short-breaks"
    assert item.channel.kind == "page_feedback"


@pytest.mark.parametrize(("sent", "stored"), [
    ("/short-breaks?x=1", "https://localoffer.westmere.example/short-breaks?x=1"),
    ("javascript:alert(1)", ""),
    ("not a url at all", ""),
    ("short-breaks", ""),
    ("https://localoffer.westmere.example/" + "a" * 600, ""),
    ("//evil.example/page", ""),
])
def test_page_feedback_keeps_the_comment_whatever_the_page_value(
        client: Any, demo: Any, sent: str, stored: str) -> None:
    demo.local_offer_url = "https://localoffer.westmere.example/"
    demo.save()
    url = reverse("public:page_feedback", args=["westmere"])
    key = str(uuid.uuid4())
    answer = client.post(url, {"comment": "The phone number on this page is wrong.",
                               "key": key, "page": sent})
    text = text_of(answer.content)
    assert "Thank you" in text and "valid URL" not in text
    item = FeedbackItem.objects.get(idempotency_key=key)
    assert item.page_url == stored
    assert item.text_original == "The phone number on this page is wrong."


@pytest.mark.parametrize(("comment", "category"), [
    ("The phone number on this page is wrong.", "accessibility"),
    ("This page is hard to find and the link is broken.", "accessibility"),
    ("Hello", "accessibility"),
    ("There is nothing for teenagers in the holidays and the waiting list for therapy is "
     "two years.", "provision"),
    ("Were parents consulted when this was written? Nobody asked our forum.", "development"),
])
def test_page_feedback_is_a_local_offer_comment_classed_by_what_it_says(
        client: Any, demo: Any, comment: str, category: str) -> None:
    key = str(uuid.uuid4())
    client.post(reverse("public:page_feedback", args=["westmere"]),
                {"comment": comment, "key": key, "page": ""})
    assert FeedbackItem.objects.get(idempotency_key=key).reg56_category == category


def test_flagged_comment_emails_designated_contacts_a_link_never_the_text(
        client: Any, demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    demo.safeguarding_contacts = "dsl@westmere.example\ndeputy@westmere.example"
    demo.save()
    text = "My son told me his stepdad hits him when mum is out."
    data = form_data(comment=text)
    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, **data)
    item = FeedbackItem.objects.get(idempotency_key=data["key"])
    assert item.safeguarding_state == "flagged"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {"dsl@westmere.example", "deputy@westmere.example"}
    assert "stepdad" not in message.body and "hits" not in message.body
    assert f"/workspace/westmere/feedback/{item.pk}/" in message.body


def test_triage_queue_shows_waiting_time_and_the_decision_is_recorded(
        client: Any, demo: Any, officer: Any) -> None:
    sign_in(client, officer)
    page = client.get(reverse("workspace:triage", args=["westmere"]))
    check_page(page.content)
    flagged = FeedbackItem.objects.filter(area=demo, safeguarding_state="flagged").first()
    assert f"Feedback {flagged.reference}" in text_of(page.content)
    assert "hours" in text_of(page.content)
    client.post(reverse("workspace:feedback_detail", args=["westmere", flagged.pk]), {
        "action": "triage", "decision": "referred", "reason": "Referred to the front door."})
    flagged.refresh_from_db()
    assert flagged.safeguarding_state == "referred"


def test_forum_reviewer_adds_an_aggregated_report_that_counts_with_its_size(
        client: Any, demo: Any, forum: Any) -> None:
    sign_in(client, forum)
    client.post(reverse("workspace:forum_report", args=["westmere"]), {
        "text": "37 parents at our coffee morning said the new phone line is better.",
        "represents": 37, "received_on": "2026-10-01"})
    item = FeedbackItem.objects.get(area=demo, represents=37)
    assert item.channel.kind == "forum_report" and item.respondent_role == "forum"


def test_bulk_confirm_sets_themes_and_queues_retraining(client: Any, demo: Any,
                                                        analyst: Any) -> None:
    sign_in(client, analyst)
    items = list(FeedbackItem.objects.filter(area=demo, theme_assignments__isnull=True,
                                             safeguarding_state="none")[:3])
    client.post(reverse("workspace:feedback_bulk", args=["westmere"]), {
        "items": [str(i.pk) for i in items], "theme": "transport"})
    for item in items:
        assert list(item.theme_assignments.values_list("theme__slug", flat=True)) == [
            "transport"]


def test_confirmed_themes_train_the_areas_own_model_which_is_then_used(
        demo: Any, analyst: Any, officer: Any, django_capture_on_commit_callbacks: Any) -> None:
    from saidanddone.themes.services import feedback_confirm_themes

    themes = {t.slug: t for t in Theme.objects.filter(area=demo)}
    examples = [("The taxi to school was late again", "transport"),
                ("Our bus escort changed without warning", "transport"),
                ("The EHC plan review paperwork came late", "ehc-plans"),
                ("We waited months for the draft plan", "ehc-plans")]
    channel = services.channel_get_or_create(area=demo, kind="staff")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            for text, slug in examples:
                item = services.feedback_create(area=demo, text=f"{text} ({n})",
                                                channel=channel, respondent_role="parent",
                                                by=officer)
                services.feedback_apply_analysis(item=item)
                feedback_confirm_themes(feedback=item, themes=[themes[slug]], by=analyst)
    model = AreaModel.objects.filter(area=demo).first()
    assert model is not None and model.examples >= 40
    with django_capture_on_commit_callbacks(execute=True):
        item = services.feedback_create(area=demo, text="The minibus to school never came",
                                        channel=channel, respondent_role="parent", by=officer)
    item.refresh_from_db()
    assert item.theme_suggestions.filter(model_version="trained").exists()


EMERGING = [  # a topic the default taxonomy has no theme for
    "Our assisted bin collection was missed again this week",
    "The bin men forgot our assisted collection three weeks running",
    "Assisted bin collections keep getting missed on our road",
    "Please sort out assisted bin collections, they never come",
    "We asked for an assisted bin collection and nothing happened",
    "Assisted bin collection is unreliable on our estate",
]
UNRELATED = [
    "The library story time is too noisy for my daughter",
    "The park playground has no swings she can use",
    "The swimming pool changing rooms are too small for his wheelchair",
    "Street lights on our estate are broken",
    "The bus station lift is out of order",
    "Cinema relaxed screenings are only once a month",
    "The football club would not take my son",
    "The museum has no quiet room",
    "Church hall toddler group was lovely",
]


def test_emerging_group_can_be_adopted_or_dismissed(client: Any, demo: Any, analyst: Any,
                                                    officer: Any) -> None:
    channel = services.channel_get_or_create(area=demo, kind="staff")
    for text in EMERGING + UNRELATED:
        item = services.feedback_create(area=demo, channel=channel, respondent_role="parent",
                                        text=text, by=officer)
        services.feedback_apply_analysis(item=item)
    sign_in(client, analyst)
    url = reverse("workspace:emerging", args=["westmere"])
    page = client.get(url)
    check_page(page.content)
    soup = __import__("bs4").BeautifulSoup(page.content, "lxml")
    words = [i["value"] for i in soup.select("input[name=words]")]
    chosen = next(w for w in words if "collection" in w)
    assert "assisted bin collection" in text_of(page.content).lower()  # a representative quote
    client.post(url, {"action": "adopt", "name": "Assisted bin collections", "words": chosen})
    assert Theme.objects.filter(area=demo, name="Assisted bin collections").exists()
    client.post(url, {"action": "dismiss", "words": chosen})
    assert f'value="{chosen}"' not in client.get(url).content.decode()


def test_admin_erases_an_item_everywhere_and_it_is_audited(client: Any, demo: Any,
                                                           admin_user: Any) -> None:
    from saidanddone.core.models import AuditEntry

    item = FeedbackItem.objects.filter(area=demo, responses__isnull=False).first()
    sign_in(client, admin_user)
    client.post(reverse("workspace:feedback_erase", args=["westmere", item.pk]),
                {"reason": "Subject access and erasure request."})
    assert not FeedbackItem.objects.filter(pk=item.pk).exists()
    entry = AuditEntry.objects.get(action="feedback.erase", object_id=str(item.pk))
    assert entry.actor == admin_user and item.text_original not in str(entry.after)


@pytest.mark.parametrize("username", ["officer", "analyst", "forum"])
def test_only_administrators_erase_or_search_for_a_person(client: Any, demo: Any,
                                                         username: str) -> None:
    from django.contrib.auth import get_user_model

    item = FeedbackItem.objects.filter(area=demo).first()
    sign_in(client, get_user_model().objects.get(username=username))
    assert client.post(reverse("workspace:feedback_erase", args=["westmere", item.pk]),
                       {"reason": "x"}).status_code == 403
    assert client.get(reverse("workspace:data_protection", args=["westmere"])).status_code == 403
    assert FeedbackItem.objects.filter(pk=item.pk).exists()


def test_subject_access_search_exports_matching_comments(client: Any, demo: Any,
                                                         admin_user: Any) -> None:
    sign_in(client, admin_user)
    url = reverse("workspace:data_protection", args=["westmere"])
    page = client.post(url, {"terms": "07700 900123"})
    check_page(page.content)
    assert "1 comment found" in text_of(page.content)
    export = client.post(url, {"terms": "07700 900123", "format": "json"})
    assert export["Content-Type"] == "application/json"
    assert "07700 900123" in export.content.decode()


def test_subject_access_terms_never_travel_in_a_url(client: Any, demo: Any,
                                                     admin_user: Any) -> None:
    """Search terms identify a person: a URL ends up in server and proxy logs, a POST body
    does not. The form posts, the results and downloads come from the POST, and nothing the
    search answers with (a redirect, a link, a form action) carries the terms."""
    sign_in(client, admin_user)
    url = reverse("workspace:data_protection", args=["westmere"])
    term = "07700 900123"
    soup = check_page(client.get(url).content)
    assert soup.select_one("textarea[name=terms]").find_parent("form")["method"] == "post"
    # A search typed into the address bar (an old bookmark) finds nothing.
    assert "comment found" not in text_of(client.get(url, {"terms": term}).content)
    for data in ({"terms": term}, {"terms": term, "format": "csv"}):
        response = client.post(url, data)
        assert response.status_code == 200
        assert term not in response.request["PATH_INFO"]
        assert term not in response.request.get("QUERY_STRING", "")
        assert term not in response.get("Location", "")
    page = client.post(url, {"terms": term})
    assert "1 comment found" in text_of(page.content)
    soup = check_page(page.content)
    for tag in soup.select("a[href], form[action]"):
        assert "900123" not in (tag.get("href") or tag.get("action") or "")
    assert "no-store" in page["Cache-Control"]


def test_retention_deletes_original_text_after_publication(demo: Any) -> None:
    item = FeedbackItem.objects.filter(area=demo).exclude(text_original="").exclude(
        safeguarding_state="flagged").order_by("received_on").first()
    today = timezone.localdate()
    assert services.feedback_purge_originals(area=demo, today=today) == 0
    later = today + dt.timedelta(days=demo.retention_days + 1)
    assert services.feedback_purge_originals(area=demo, today=later) > 0
    item.refresh_from_db()
    assert item.text_original == "" and item.text_redacted
    assert item.original_deleted_at is not None
    assert FeedbackItem.objects.filter(area=demo, safeguarding_state="flagged").exclude(
        text_original="").exists()
