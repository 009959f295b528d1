"""What a family can say their comment is about, in plain words, mapped to the area's themes
and to the three regulation 56 categories of Local Offer comments."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    young_label: str
    theme: str  # a default taxonomy slug
    reg56: str  # "", "provision", "accessibility" or "development"


TOPICS: tuple[Topic, ...] = (
    Topic("ehc", "Getting an education, health and care plan (EHC plan), or its review",
          "My EHC plan", "ehc-plans", "provision"),
    Topic("contact", "Getting in touch with the SEND team, or hearing back",
          "Talking to the people who help me", "contact", "provision"),
    Topic("diagnosis", "Waiting for an assessment or diagnosis (for example autism or ADHD)",
          "Waiting to be assessed", "waiting-times", "provision"),
    Topic("health", "Health services and therapies", "Health and therapy",
          "health-therapies", "provision"),
    Topic("wellbeing", "Mental health and wellbeing", "How I feel", "mental-health",
          "provision"),
    Topic("school", "Support at school or college", "School or college", "sen-support",
          "provision"),
    Topic("places", "School places and special schools", "Which school I go to",
          "school-places", "provision"),
    Topic("out-of-school", "Not in school full time, or educated at home",
          "Not being in school", "out-of-school", "provision"),
    Topic("bullying", "Bullying", "Being bullied", "bullying", "provision"),
    Topic("early-years", "Support before school: nursery and pre-school",
          "Nursery and pre-school", "early-years", "provision"),
    Topic("recognised", "Having needs recognised, or a diagnosis accepted",
          "People understanding my needs", "diagnosis", "provision"),
    Topic("transport", "Travel to school", "Getting to school", "transport", "provision"),
    Topic("adulthood", "Growing up: college, work and adult services", "Growing up",
          "transitions", "provision"),
    Topic("breaks", "Short breaks, clubs and social care", "Clubs and breaks", "short-breaks",
          "provision"),
    Topic("money", "Funding and personal budgets", "Money for my support", "funding",
          "provision"),
    Topic("info", "Finding information: the Local Offer website and advice",
          "Finding information", "local-offer", "accessibility"),
    Topic("involved", "Being involved in decisions and listened to", "Being listened to",
          "co-production", "development"),
    Topic("disagreeing", "Disagreeing with a decision: complaints, mediation or tribunal",
          "Disagreeing with a decision", "disagreements", "provision"),
    Topic("caring", "How caring is affecting you as a parent or carer",
          "How my family is coping", "parent-wellbeing", "provision"),
    Topic("praise", "Something that went well", "Something good", "praise", "provision"),
)
BY_KEY = {t.key: t for t in TOPICS}


# Words that say a comment on a Local Offer page is about the services themselves (gaps,
# waits, quality) or about how the Local Offer is made and reviewed, rather than about the
# information on the page. Whole words, lower case.
_PROVISION_WORDS = frozenset("""
    waiting wait waited waits gap gaps shortage nothing provision service services support
    therapy therapist therapists place places club clubs session sessions closed cut cuts
    respite funding staff quality""".split())
_DEVELOPMENT_WORDS = frozenset("""
    consult consulted consultation coproduce coproduced coproduction co-produced co-production
    involve involved involving asked ask review reviewed forum survey panel""".split())


_ACCESSIBILITY_WORDS = frozenset("""
    link links broken page pages website site phone number email e-mail address wrong
    outdated out-of-date date find found search read confusing jargon pdf download translate
    translation language map menu error missing typo spelling contact""".split())


def reg56_for_page_comment(text: str) -> str:
    """The regulation 56 category of a comment left with the page-feedback widget.

    Every such comment was written on a Local Offer page, so it is a Local Offer comment: by
    default about the accessibility of information (a wrong phone number, a broken link, a
    page hard to find or read), unless what it says is mainly about gaps and quality of the
    provision itself, or about how the Local Offer was developed and families involved.
    """
    import re

    words = set(re.findall(r"[a-z][a-z-]*", text.lower()))
    provision = len(words & _PROVISION_WORDS)
    development = len(words & _DEVELOPMENT_WORDS)
    information = len(words & _ACCESSIBILITY_WORDS)
    if development > information and development >= provision:
        return "development"
    if provision > information:
        return "provision"
    return "accessibility"
