"""The default SEND theme taxonomy: the starting point every new area gets (editable per area).

Slugs are stable identifiers shared with the web application's data migrations (frozen copies:
``themes/migrations/0002_default_taxonomy.py``, then ``0004_taxonomy_2026.py``) and with trained
models. The 2026 revision added what families raise and the first taxonomy had no home for
(bullying, children out of school, early years, diagnosis, disagreements and tribunals, parents'
own wellbeing) and widened themes that were too narrow (waiting for any service, exam access
arrangements, where in the area a family lives): docs/decisions/0109-themes-that-read-meaning.md.
``praise`` means compliments and thanks: docs/decisions/0114-themes-conventions-and-registers.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeDefinition:
    slug: str
    name: str
    description: str
    examples: tuple[str, ...] = ()


DEFAULT_TAXONOMY: tuple[ThemeDefinition, ...] = (
    ThemeDefinition(
        "ehc-plans", "EHC needs assessments and plans",
        "Asking for an EHC needs assessment, the 20-week timescale, what the plan says, "
        "annual reviews, and provision in a plan that is not delivered.",
        ("The plan took eleven months and still says nothing specific.",
         "His annual review was cancelled twice.")),
    ThemeDefinition(
        "contact", "Contact and communication with the SEND service",
        "Getting through to the SEND team, replies to e-mails and calls, knowing who the "
        "caseworker is, being kept informed.",
        ("Nobody answers the phone and e-mails go unanswered for weeks.",
         "Our caseworker changed three times and nobody told us.")),
    ThemeDefinition(
        "waiting-times", "Waiting for assessment, diagnosis and treatment",
        "Waiting lists of every kind: the autism and ADHD pathway, paediatrics, speech and "
        "language therapy, occupational therapy, CAMHS.",
        ("We have waited two years for an autism assessment.",
         "The speech therapy waiting list is eighteen months.")),
    ThemeDefinition(
        "health-therapies", "Health services and therapies",
        "Speech and language therapy, occupational therapy, physiotherapy, paediatrics, "
        "medical needs in school and health advice for plans.",
        ("Speech therapy stopped when she started secondary school.",
         "The OT gave us exercises that really helped.")),
    ThemeDefinition(
        "mental-health", "Mental health and emotional wellbeing",
        "CAMHS, anxiety and low mood, support for wellbeing in school and at home.",
        ("CAMHS said he was not unwell enough to be seen.",
         "The school counsellor helped me cope with my anxiety.")),
    ThemeDefinition(
        "sen-support", "Support in school without an EHC plan",
        "SEN support, the SENCo, teaching assistants, the graduated approach, reasonable "
        "adjustments and exam access arrangements.",
        ("The SENCo only works two days a week.",
         "I was not given extra time in my exams even though I need it.")),
    ThemeDefinition(
        "training", "Staff training and awareness",
        "How well teachers and other staff understand needs such as autism, ADHD or dyslexia "
        "and adapt what they do.",
        ("Teachers need training in autism.",
         "Supply staff do not know about my needs.")),
    ThemeDefinition(
        "inclusion", "Inclusion, exclusions and behaviour policies",
        "Exclusions and suspensions, behaviour rules that punish needs, reduced timetables, "
        "being left out of school trips and activities.",
        ("He has been excluded four times this term for meltdowns.",
         "My daughter was left out of the school trip.")),
    ThemeDefinition(
        "out-of-school", "Children out of school",
        "Part-time timetables, school avoidance and anxiety about attending, children missing "
        "education, home education, alternative provision and education otherwise than at school.",
        ("She has been on a part-time timetable for a year.",
         "We had no choice but to home educate.")),
    ThemeDefinition(
        "bullying", "Bullying",
        "Bullying and unkindness from other pupils, in person, online or on the way to school, "
        "and how schools respond.",
        ("I get bullied every day and teachers do nothing.",
         "The school dealt with the name-calling quickly.")),
    ThemeDefinition(
        "school-places", "School places and specialist provision",
        "Special schools, resourced provision, choosing and getting a place, waiting for a "
        "specialist placement.",
        ("There are no special school places for children like mine.",
         "We were not offered the school we asked for.")),
    ThemeDefinition(
        "early-years", "Early years",
        "Support before school: nurseries and pre-schools, Portage, health visitors, "
        "two-year checks and starting reception.",
        ("The nursery noticed his speech delay early and got help.",
         "There is nothing for under-fives while you wait.")),
    ThemeDefinition(
        "transitions", "Transitions and preparing for adulthood",
        "Moving between stages and schools, college, apprenticeships, work, independent "
        "living and adult services, including life after 25.",
        ("There is nothing for him after college.",
         "The move to secondary school was planned really well.")),
    ThemeDefinition(
        "diagnosis", "Diagnosis and recognising needs",
        "Needs not recognised or believed, disagreement with a diagnosis or being refused one, "
        "masking, conditions such as PDA.",
        ("School says she is fine because she masks all day.",
         "They would not accept his PDA profile.")),
    ThemeDefinition(
        "local-offer", "Local Offer and information, advice and support",
        "The Local Offer website, finding out what support exists, SENDIASS and other advice.",
        ("I could not find anything on the Local Offer website.",
         "SENDIASS explained my rights clearly.")),
    ThemeDefinition(
        "co-production", "Co-production and being listened to",
        "Families and young people involved in decisions, having their views heard and acted "
        "on, and being told what happened.",
        ("Include me in meetings about me.",
         "We filled in the survey and never heard back.")),
    ThemeDefinition(
        "disagreements", "Disagreements, mediation and tribunals",
        "Complaints, disagreement resolution, mediation, appeals and the SEND tribunal.",
        ("We had to go to tribunal to get the right school.",
         "Mediation helped us agree a plan without an appeal.")),
    ThemeDefinition(
        "parent-wellbeing", "Parents' and carers' own wellbeing",
        "The toll on families: exhaustion, having to fight for everything, giving up work, "
        "carers' own needs and support for parents.",
        ("I am exhausted from fighting for every bit of help.",
         "The parent support group kept me going.")),
    ThemeDefinition(
        "funding", "Funding, top-ups and personal budgets",
        "Top-up funding, direct payments, personal budgets and cuts to support because of "
        "money.",
        ("The school says there is no funding for a teaching assistant.",
         "Direct payments gave us control over his care.")),
    ThemeDefinition(
        "short-breaks", "Short breaks, social care and respite",
        "Short breaks, holiday and after-school clubs for disabled children, social care "
        "assessments and respite.",
        ("The holiday club was the only break we had all summer.",
         "We were refused a social care assessment.")),
    ThemeDefinition(
        "transport", "Home-to-school transport",
        "Eligibility, routes, drivers and escorts, and how reliable travel to school or "
        "college is; travel training.",
        ("The taxi is late most mornings.",
         "Travel training means I can take the bus on my own.")),
    ThemeDefinition(
        "joint-working", "Joint and cross-border working between services",
        "Education, health and care working together, sharing information, and neighbouring "
        "areas or services that pass families between them.",
        ("Health and education blame each other and nothing happens.",
         "We tell our story again to every service.")),
    ThemeDefinition(
        "equality", "Equality, culture and diversity",
        "Fair access whatever a family's background, language, culture or where in the area "
        "they live.",
        ("Support depends on which part of the county you live in.",
         "There was no interpreter at the meeting.")),
    ThemeDefinition(
        "praise", "Praise and positive experience",
        "Compliments and thanks: the comment says a service, team or person is doing well or "
        "thanks them, usually beside the theme of what is praised. A comment that is only "
        "positive (what is in place, what has improved) keeps its own theme.",
        ("The SENCo has been amazing.",
         "Thank you to the short breaks team.")),
)

REG56_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("provision", "Content and quality of provision, and gaps"),
    ("accessibility", "Accessibility of information"),
    ("development", "How the Local Offer was developed or reviewed, and involvement"),
)
