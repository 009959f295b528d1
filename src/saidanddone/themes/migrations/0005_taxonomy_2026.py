"""The 2026 default taxonomy: six new themes and wider descriptions (a frozen copy).

Brings ``DefaultTheme`` up to date and gives every area the new themes. An area's copy of an
existing theme takes the new name and description only where the area has not edited them
(they still read exactly as the 2024 default did); an area's own wording is never touched, and
neither are its own themes, its order or a theme it retired.
"""

from collections.abc import Iterable
from typing import Any

from django.db import migrations

from saidanddone.themes.migrations import _taxonomy_2024

TAXONOMY_2026 = [
    ('ehc-plans', 'EHC needs assessments and plans',
     'Asking for an EHC needs assessment, the 20-week timescale, what the plan says, annual reviews, and provision in a plan that is not delivered.'),
    ('contact', 'Contact and communication with the SEND service',
     'Getting through to the SEND team, replies to e-mails and calls, knowing who the caseworker is, being kept informed.'),
    ('waiting-times', 'Waiting for assessment, diagnosis and treatment',
     'Waiting lists of every kind: the autism and ADHD pathway, paediatrics, speech and language therapy, occupational therapy, CAMHS.'),
    ('health-therapies', 'Health services and therapies',
     'Speech and language therapy, occupational therapy, physiotherapy, paediatrics, medical needs in school and health advice for plans.'),
    ('mental-health', 'Mental health and emotional wellbeing',
     'CAMHS, anxiety and low mood, support for wellbeing in school and at home.'),
    ('sen-support', 'Support in school without an EHC plan',
     'SEN support, the SENCo, teaching assistants, the graduated approach, reasonable adjustments and exam access arrangements.'),
    ('training', 'Staff training and awareness',
     'How well teachers and other staff understand needs such as autism, ADHD or dyslexia and adapt what they do.'),
    ('inclusion', 'Inclusion, exclusions and behaviour policies',
     'Exclusions and suspensions, behaviour rules that punish needs, reduced timetables, being left out of school trips and activities.'),
    ('out-of-school', 'Children out of school',
     'Part-time timetables, school avoidance and anxiety about attending, children missing education, home education, alternative provision and education otherwise than at school.'),
    ('bullying', 'Bullying',
     'Bullying and unkindness from other pupils, in person, online or on the way to school, and how schools respond.'),
    ('school-places', 'School places and specialist provision',
     'Special schools, resourced provision, choosing and getting a place, waiting for a specialist placement.'),
    ('early-years', 'Early years',
     'Support before school: nurseries and pre-schools, Portage, health visitors, two-year checks and starting reception.'),
    ('transitions', 'Transitions and preparing for adulthood',
     'Moving between stages and schools, college, apprenticeships, work, independent living and adult services, including life after 25.'),
    ('diagnosis', 'Diagnosis and recognising needs',
     'Needs not recognised or believed, disagreement with a diagnosis or being refused one, masking, conditions such as PDA.'),
    ('local-offer', 'Local Offer and information, advice and support',
     'The Local Offer website, finding out what support exists, SENDIASS and other advice.'),
    ('co-production', 'Co-production and being listened to',
     'Families and young people involved in decisions, having their views heard and acted on, and being told what happened.'),
    ('disagreements', 'Disagreements, mediation and tribunals',
     'Complaints, disagreement resolution, mediation, appeals and the SEND tribunal.'),
    ('parent-wellbeing', "Parents' and carers' own wellbeing",
     "The toll on families: exhaustion, having to fight for everything, giving up work, carers' own needs and support for parents."),
    ('funding', 'Funding, top-ups and personal budgets',
     'Top-up funding, direct payments, personal budgets and cuts to support because of money.'),
    ('short-breaks', 'Short breaks, social care and respite',
     'Short breaks, holiday and after-school clubs for disabled children, social care assessments and respite.'),
    ('transport', 'Home-to-school transport',
     'Eligibility, routes, drivers and escorts, and how reliable travel to school or college is; travel training.'),
    ('joint-working', 'Joint and cross-border working between services',
     'Education, health and care working together, sharing information, and neighbouring areas or services that pass families between them.'),
    ('equality', 'Equality, culture and diversity',
     "Fair access whatever a family's background, language, culture or where in the area they live."),
    ('praise', 'Praise and positive experience',
     'What is working well and who helped.'),
]


def forward(apps: Any, schema_editor: Any) -> None:
    _apply(apps, old={s: (n, d) for s, n, d in _taxonomy_2024.DEFAULT_THEMES}, new=TAXONOMY_2026,
           add_missing=True)


def backward(apps: Any, schema_editor: Any) -> None:
    _apply(apps, old={s: (n, d) for s, n, d in TAXONOMY_2026},
           new=_taxonomy_2024.DEFAULT_THEMES, add_missing=False)
    added = {s for s, _, _ in TAXONOMY_2026} - {s for s, _, _ in _taxonomy_2024.DEFAULT_THEMES}
    apps.get_model("themes", "DefaultTheme").objects.filter(slug__in=added).delete()


def _apply(apps: Any, *, old: dict[str, tuple[str, str]],
           new: Iterable[tuple[str, str, str]], add_missing: bool) -> None:
    DefaultTheme = apps.get_model("themes", "DefaultTheme")
    Theme = apps.get_model("themes", "Theme")
    Area = apps.get_model("areas", "Area")
    for position, (slug, name, description) in enumerate(new):
        DefaultTheme.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    for area in Area.objects.all():
        themes = {t.slug: t for t in Theme.objects.filter(area=area)}
        last = max((t.position for t in themes.values()), default=0)
        for slug, name, description in new:
            theme = themes.get(slug)
            if theme is None:
                if add_missing:
                    last += 1
                    Theme.objects.create(area=area, slug=slug, name=name,
                                         description=description, position=last)
                continue
            if old.get(slug) == (theme.name, theme.description):  # untouched by the area
                Theme.objects.filter(pk=theme.pk).update(name=name, description=description)


class Migration(migrations.Migration):
    dependencies = [("themes", "0004_theme_merged_into"), ("areas", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
