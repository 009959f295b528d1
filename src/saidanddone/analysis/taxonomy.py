"""The default SEND theme taxonomy: the starting point every new area gets (editable per area).

Slugs are stable identifiers shared with the web application's data migration
(``themes/migrations/0002_default_taxonomy.py``, a frozen copy) and with trained models.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeDefinition:
    slug: str
    name: str
    description: str


DEFAULT_TAXONOMY: tuple[ThemeDefinition, ...] = (
    ThemeDefinition("ehc-plans", "EHC needs assessments and plans",
                    "Requests, 20-week timeliness, quality of plans and annual reviews."),
    ThemeDefinition("contact", "Contact and communication with the SEND service",
                    "Getting through, replies, named caseworkers, being kept informed."),
    ThemeDefinition("waiting-times", "Waiting times for assessment and diagnosis",
                    "Neurodevelopmental pathway: autism and ADHD assessment queues."),
    ThemeDefinition("health-therapies", "Health services and therapies",
                    "Speech and language, occupational therapy, physiotherapy, paediatrics, "
                    "medical needs in school."),
    ThemeDefinition("mental-health", "Mental health and emotional wellbeing",
                    "CAMHS and support for wellbeing in school."),
    ThemeDefinition("sen-support", "Support in school without an EHC plan",
                    "SEN support, the SENCo, the graduated approach."),
    ThemeDefinition("training", "Staff training and awareness",
                    "How well staff understand and adapt for needs."),
    ThemeDefinition("inclusion", "Inclusion, exclusions, attendance and behaviour policies",
                    "Part-time timetables, exclusions, school avoidance, behaviour rules."),
    ThemeDefinition("school-places", "School places and specialist provision",
                    "Special schools, resourced provision, placements and waiting for a place."),
    ThemeDefinition("transitions", "Transitions and preparing for adulthood",
                    "Moving between stages, college, employment, adult services."),
    ThemeDefinition("local-offer", "Local Offer and information, advice and support",
                    "The Local Offer website, finding information, SENDIASS."),
    ThemeDefinition("co-production", "Co-production and being listened to",
                    "Families involved in decisions and hearing back."),
    ThemeDefinition("funding", "Funding, top-ups and personal budgets",
                    "Top-up funding, direct payments and personal budgets."),
    ThemeDefinition("short-breaks", "Short breaks, social care and respite",
                    "Short breaks, holiday clubs, social care assessments, respite."),
    ThemeDefinition("transport", "Home-to-school transport",
                    "Eligibility, routes, escorts and reliability of travel to school."),
    ThemeDefinition("joint-working", "Joint and cross-border working between services",
                    "Education, health and care working together; neighbouring areas."),
    ThemeDefinition("equality", "Equality, culture and diversity",
                    "Fair access whatever a family's background, language or culture."),
    ThemeDefinition("praise", "Praise and positive experience",
                    "What is working well and who helped."),
)

REG56_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("provision", "Content and quality of provision, and gaps"),
    ("accessibility", "Accessibility of information"),
    ("development", "How the Local Offer was developed or reviewed, and involvement"),
)
