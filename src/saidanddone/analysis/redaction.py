"""Redaction of personal details in free-text feedback (SEND.md "Privacy").

Hand-written recognisers, tuned for recall (see docs/decisions/0100-analysis-redaction.md):
names of children, parents and staff (relationship and title patterns, a list of first names
and surnames, the area's own staff list), school and setting names (a pattern and the area's
own list), addresses, postcodes, UK phone numbers, e-mail addresses, NHS numbers (checksum, or
named as such), national insurance numbers, unique pupil numbers and dates of birth.

Every span keeps its type and its position in the *original* text; the redacted text replaces
only the detail, so it still reads naturally: "my son Jack" becomes "my son [child's name]".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from saidanddone.analysis.names import NameFinder, name_lists

__all__ = ["REDACTION_TYPES", "Redaction", "RedactionSpan", "Redactor", "redact"]


@dataclass(frozen=True, slots=True)
class RedactionSpan:
    type: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Redaction:
    text: str
    spans: tuple[RedactionSpan, ...]


PLACEHOLDERS: dict[str, str] = {
    "child_name": "[child's name]",
    "person_name": "[name]",
    "address": "[address]",
    "postcode": "[postcode]",
    "phone": "[phone number]",
    "email": "[email address]",
    "nhs_number": "[NHS number]",
    "ni_number": "[NI number]",
    "upn": "[pupil number]",
    "date_of_birth": "[date of birth]",
    "school": "[school]",
    "case_reference": "[reference number]",
    "description": "[identifying description]",
}
REDACTION_TYPES: tuple[str, ...] = tuple(PLACEHOLDERS)

# Higher wins when two candidate spans overlap (then longer, then earlier).
_PRIORITY = {
    "email": 9,
    "case_reference": 8,
    "nhs_number": 8,
    "upn": 8,
    "ni_number": 8,
    "date_of_birth": 7,
    "phone": 7,
    "postcode": 6,
    "address": 5,
    "school": 4,
    "description": 4,
    "child_name": 3,
    "person_name": 2,
}


# Capitalised words that follow a relationship or title but are not names.
_NOT_NAMES = frozenset(
    [
        "A", "An", "And", "As", "At", "But", "By", "For", "From", "He", "Her", "Hers", "Him", "His",
        "How", "I", "If", "In", "Is", "It", "Its", "Me", "My", "No", "Not", "Now", "Of", "On", "Or",
        "Our", "She", "So", "That", "The", "Their", "Them", "Then", "There", "They", "This", "To",
        "Us", "Was", "We", "Were", "What", "When", "Where", "Which", "Who", "Why", "With", "Yes",
        "You", "Your", "Has", "Had", "Have", "Who", "Whom", "Did", "Does", "Do", "Can", "Could",
        "Would", "Should", "Might", "Must", "Also", "Just", "Only", "Still", "Even",
        "Year", "Years", "Reception", "Nursery", "School", "College", "Class", "Primary",
        "Secondary", "SEN", "SEND", "EHCP", "EHC", "CAMHS", "ADHD", "ASD", "OT", "SALT", "SENCo",
        "SENCO", "SENDCo", "SENDCO", "Autism", "Autistic", "Dyslexia", "Down", "Downs", "Mum",
        "Dad", "Mother", "Father", "Nan", "Gran", "Grandma", "Grandad", "Monday", "Tuesday",
        "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
        "April", "June", "July", "August", "September", "October", "November", "December",
        "Council", "Local", "Offer", "Team", "Service", "Services", "NHS", "GP", "Age", "Aged",
        "After", "Before", "During", "Since", "Until", "Today", "Yesterday", "Tomorrow", "Last",
        "Next", "Every", "All", "Some", "Any", "Both", "Each", "Being", "Getting", "Going",
        "Please", "Thank", "Thanks", "Sorry", "Dear", "Hi", "Hello", "Ok", "Okay", "Because",
        "Although", "Though", "While", "Whilst", "However", "Also", "Plus", "Currently", "Recently",
        "Finally", "Eventually", "Sadly", "Luckily", "Unfortunately", "Fortunately", "Hopefully",
        "Basically", "Apparently", "Despite", "English", "Maths", "Science", "PE", "Speech",
        "Special", "Mainstream", "Head", "Deputy", "Teacher", "Teachers", "Assistant", "TA", "Miss",
        "Mr", "Mrs", "Ms", "Dr",
    ]
)

_NAME = r"[A-Z][a-z]+(?:['\u2019-](?!s\b)[A-Za-z]+)?"
_CHILD_WORDS = (
    r"son|daughter|child|boy|girl|kid|grandson|granddaughter|stepson|stepdaughter|step-son|"
    r"step-daughter|twins?|foster (?:son|daughter|child)|youngest|eldest|oldest|middle one|"
    r"little one|baby|brother|sister|nephew|niece|grandchild|children|sons|daughters|boys|girls|"
    r"young person|little boy|little girl|teenager|teen|toddler"
)
_CHILD_RE = re.compile(
    r"\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir|[Tt]he|[Aa])\s+"
    r"(?:(?:\d{1,2}|[a-z]+)[ -](?:year|yr)s?[ -]old\s+|(?:[a-z]+\s+){0,2})?"
    rf"(?:{_CHILD_WORDS})(?:\s*\((?:age[d]?\s*)?\d{{1,2}}\))?\s*,?\s+"
    rf"(?:(?:who\s+is\s+)?(?:called|named)\s+)?(?P<n1>{_NAME})(?:\s+(?P<n2>{_NAME}))?"
)
_CHILD_NAME_IS_RE = re.compile(
    rf"\b(?:son|daughter|child|grandson|granddaughter)(?:'s|\u2019s)\s+name\s+is\s+(?P<n1>{_NAME})"
    rf"(?:\s+(?P<n2>{_NAME}))?"
)
_NAME_AGED_RE = re.compile(
    rf"\b(?P<n1>{_NAME})(?:\s+(?P<n2>{_NAME}))?(?:,\s*|\s+\(|\s+)"
    r"(?:aged?\s+\d{1,2}|who\s+is\s+(?:\d{1,2}|[a-z]+)(?:\s+years?\s+old)?\b|"
    r"\d{1,2}\s*(?:yrs?|years?)\s*(?:old)?\b|\(\d{1,2}\)|is\s+\d{1,2}\s+(?:years?|yrs?)\b)"
)
_ADULT_WORDS = (
    r"husband|wife|partner|ex-partner|ex|mum|mom|mother|dad|father|stepdad|stepmum|nan|nanna|gran|"
    r"grandma|grandad|grandpa|grandmother|grandfather|aunt|auntie|uncle|carer|friend|neighbour|"
    r"teacher|class teacher|form tutor|tutor|SENCo|SENCO|SENDCo|SENDCO|senco|sendco|head|"
    r"headteacher|head teacher|deputy head|TA|teaching assistant|keyworker|key worker|"
    r"caseworker|case worker|case officer|social worker|support worker|worker|therapist|"
    r"paediatrician|consultant|nurse|doctor|psychologist|educational psychologist|EP|manager|"
    r"officer|coordinator|co-ordinator|advisor|adviser|practitioner|called|named|contact|"
    r"colleague|lady|man|woman|guy|driver|escort"
)
_ADULT_RE = re.compile(
    r"\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir|[Tt]he|[Aa]n?|[Ww]ith|[Ff]rom|[Tt]o)?\s*"
    rf"(?:{_ADULT_WORDS})\s*,?\s+(?P<n1>{_NAME})(?:\s+(?P<n2>{_NAME}))?"
)
_TITLE_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Mister|Missus|mr|mrs|ms|dr)\.?\s+"
    rf"(?P<n1>(?:[A-Z]\.?\s*)?{_NAME}(?:[- ](?!(?:{'|'.join(['and', 'or'])})\b){_NAME})?)"
)
_CAP_WORD_RE = re.compile(r"\b[A-Z][a-z]+(?:['\u2019-](?!s\b)[A-Z]?[a-z]+)?\b")

_EMAIL_RE = re.compile(
    r"[A-Za-z0-9._%+\-']+\s?(?:@|\(at\)|\[at\]| at )\s?[A-Za-z0-9\-]+"
    r"(?:\s?(?:\.|\(dot\)|\[dot\]| dot )\s?[A-Za-z0-9\-]+)*\s?(?:\.|\(dot\)|\[dot\]| dot )\s?"
    r"(?:com|org|net|uk|co|gov|nhs|sch|ac|info|io|me|email|mail)\b(?:\s?(?:\.|dot)\s?uk\b)?",
    re.IGNORECASE,
)
_POSTCODE_RE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:[A-HK-Y]?\d[A-Z\d]?|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRVWXY])"
    r"\s?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"(?<![\w/.])(?:\+\s?)?\(?\d[\d \-().]{7,20}\d(?![\w/])")
_NI_RE = re.compile(
    r"\b[A-Z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]?\b",
    re.IGNORECASE,
)
_UPN_RE = re.compile(r"\b[A-HJ-NP-RT-Z](?:[ -]?\d){11}[ -]?[0-9A-HJ-NP-RT-Z]\b", re.I)
# A published service's number is not a personal detail ("the SENDIASS helpline (01632 ...)");
# a number that is someone's own ("my mobile", "ring me") always is.
_SERVICE_NUMBER_RE = re.compile(
    r"(?:helpline|help\s+line|advice\s+line|sendiass|iass|childline|samaritans|nhs\s*111|"
    r"switchboard|freephone|textphone|minicom)\W{0,4}(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
_NHS_CONTEXT_RE = re.compile(r"nhs|hospital|patient|health", re.IGNORECASE)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = (
    r"(?:\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:19|20)?\d{2}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+(?:19|20)\d{{2}}|"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}})"
)
_DOB_RE = re.compile(
    r"\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth(?:\s+of\s+(?:the\s+)?(?:child|pupil|young\s+"
    r"person|my\s+\w+))?|birth\s?date|born(?:\s+on|\s+in)?|"
    r"birthday(?:\s+is|\s+on|\s+was)?)\s*(?:is|was|:|-|=)?\s*(?:the\s+)?"
    rf"(?P<d>{_DATE})",
    re.IGNORECASE,
)
_STREET = (
    r"Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Crescent|Cres|Court|Ct|Place|Pl|"
    r"Gardens|Gdns|Grove|Gr|Terrace|Hill|Park|View|Walk|Row|Square|Sq|Mews|Rise|Green|Parade|Vale|"
    r"Meadow|Meadows|Fields|Croft|Chase|End|Gate|Wharf|Yard|Boulevard|Mount|Heights|Bank|Brow"
)
_ADDRESS_RE = re.compile(
    r"\b(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){0,3}"
    r"(?:House|Court|Lodge|Mansions|Tower|Buildings)?,?\s*)?"
    rf"\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Za-z][a-z'\-]+\s+){{1,3}}(?:{_STREET})\b\.?"
    r"(?:,\s*(?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+){0,2}(?=\s*(?:,|\.|$|\s[A-Z]{1,2}\d)))?",
)
_ADDRESS_CASELESS_RE = re.compile(
    rf"\b\d{{1,4}}[a-z]?,?\s+(?:(?!(?:in|the|a|an|and|of|to|for|on|at|by|or|is|was|per|"
    rf"times?|days?|weeks?|months?|years?|hours?|minutes?)\b)[a-z][a-z'\-]+\s+){{1,3}}"
    rf"(?:{_STREET})\b",
    re.IGNORECASE,
)
# A description that fits one child only: "the only girl in year 5 with pink hearing aids".
_UNIQUE_RE = re.compile(
    r"\b(?:the\s+)?only\s+(?:[a-z\-]+\s+){0,2}(?:boy|girl|lad|lass|child|kid|pupil|student|"
    r"teenager|twins?|family|wheelchair\s+user)\s+(?:in|at|on|with|who|from)\b[^.;!?\n]{3,80}",
    re.IGNORECASE,
)
# Case and plan references: "EHC/2023/04411", "WM-12345", "ref SEN-88213", "case no 774512".
_CASE_REF_RE = re.compile(
    r"\b(?:[A-Z]{2,5}(?:[/\-][A-Z0-9]{1,6})*[/\-]\s?\d{3,}(?:[/\-][A-Z0-9]+)*|"
    r"[A-Z]{2,4}\d{5,})\b"
)
_CASE_REF_CUED_RE = re.compile(
    r"\b(?:ref(?:erence)?|case|file|plan|ehcp?|ehcna|claim|appeal|complaint|tribunal|request|"
    r"application|assessment|referral)\.?\s*"
    r"(?:(?:no|num|number|id|ref|reference)\.?\s*)?(?:is\s+|[:#=]\s*)?"
    r"(?P<r>[A-Z]{0,5}[/\-]?\d[\dA-Z/\-]{3,}\d)\b",
    re.IGNORECASE,
)
# Addresses with no street word, as in Welsh ("5 Heol Y Felin", "Flat 3, Maes yr Haf").
_WELSH_STREET = (
    r"Heol|Ffordd|Stryd|L[oô]n|Maes|Bryn|Cae|Pant|T[yŷ]|Nant|Bro|Cwrt|Llys|Parc|Rhodfa|Teras|"
    r"Clos|Tan|Pen|Erw|Gwel|Dol|Dôl|Cilgant|Allt|Rhes|Glan|Llwyn|Coed|Min|Plas"
)
_WELSH_ADDRESS_RE = re.compile(
    r"\b(?:(?:Flat|Fflat|Apartment|Unit)\s+\d+[A-Za-z]?,?\s+)?(?:\d{1,4}[A-Za-z]?,?\s+)?"
    rf"(?:{_WELSH_STREET})(?:\s+(?:[Yy]r?|[Aa]r|[Ll]e|'r))?(?:\s+[A-ZÂÊÎÔÛŴŶ][\w'\u2019]+){{1,2}}"
)
_NUMBERED_PLACE_RE = re.compile(
    r"\b(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+"
    r"(?P<words>(?:[A-Z][a-zà-ÿ'\u2019\-]+\s?){1,3})(?=\s*(?:,|\.|$|\s[A-Z]{1,2}\d|\s(?:in|near)\b))"
)
_ADDRESS_CUE_RE = re.compile(r"(?:live|lives|living|lived|moved|address|at|flat|house)\b"
                             r"[^.!?]{0,12}$", re.IGNORECASE)
_LIVE_ON_RE = re.compile(
    rf"\b(?:live|lives|living|lived|moved)\s+(?:on|in|at|to)\s+(?P<a>(?:[A-Z][a-z'\-]+\s+){{1,3}}"
    rf"(?:{_STREET}))\b"
)
_SCHOOL_KIND = (
    r"Primary|Infants?|Junior|Secondary|High|Grammar|Special|Community|C of E|CofE|CE|RC|"
    r"Catholic|Church of England|Academy|College|School|Nursery|Pre-school|Preschool|Federation|"
    r"Free School|Studio School|Sixth Form|PRU|Pupil Referral Unit|Learning Centre|"
    r"Day Nursery|Montessori"
)
_SCHOOL_RE = re.compile(
    rf"\b(?P<s>(?:(?:St\.?|Saint|The)\s+)?(?:[A-Z][A-Za-z'\-]+\s+){{1,4}}(?:(?:{_SCHOOL_KIND})\s+)*"
    r"(?:School|Academy|College|Primary|Infants|Juniors?|Nursery|Pre-school|PRU|Federation|"
    r"High)\b)"
)
_SCHOOL_GENERIC_WORDS = frozenset(
    [
        "The", "A", "An", "My", "Our", "His", "Her", "Their", "Local", "Mainstream", "Special",
        "Primary", "Secondary", "High", "Grammar", "Independent", "Private", "State", "Free",
        "Studio", "Sixth", "Form", "New", "Old", "Current", "Previous", "Nursery", "Junior",
        "Infant", "Infants", "Junior", "Juniors", "Community", "Academy", "College", "School",
        "Catholic", "Church", "England", "Of", "Day", "Further", "Higher", "Residential",
        "Residental", "Specialist", "Alternative", "Outstanding", "Good", "This", "That", "Every",
        "Each", "Any", "Some", "SEN", "SEND", "EHC", "EHCP", "Autism", "Autistic", "ASD", "ADHD",
        "At", "In", "To", "From", "For", "And", "But", "When", "Where", "If", "After", "Before",
        "Since", "Year", "Years", "Reception", "Forest", "Boarding", "Village", "Our", "Local",
        "Secondary", "School", "Primary", "Pupil", "Referral", "Unit", "PRU", "Learning", "Centre",
        "Resourced", "Provision", "Base", "Unit", "Hub", "Mainstream", "Comprehensive", "Senior",
        "Middle", "First", "Upper", "Lower", "Prep", "Preparatory", "Public", "Faith", "Church",
        "Christian", "Muslim", "Jewish", "Trust", "Multi", "Academies", "Federation", "Sixth",
        "Nurseries", "Schools", "Colleges", "Academies", "All", "Most", "Many", "Both", "Two",
        "Three", "Their", "Your", "Its", "Virtual", "Hospital", "Sunday", "Forest",
    ]
)


_Adder = Callable[[str, int, int], None]


def _nhs_checksum_ok(digits: str) -> bool:
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


class Redactor:
    """A reusable redactor for one area (its staff, school and allow-listed names compiled once).

    ``keep`` is the area's allow-list: its public services and helplines ("Hope House",
    "Childline 0800 1111"), never redacted.
    """

    def __init__(self, *, names: Iterable[str] = (), schools: Iterable[str] = (),
                 keep: Iterable[str] = ()) -> None:
        lists = name_lists()
        self._first, self._surnames = lists.first, lists.surnames
        extra_names: set[str] = set()
        full_names: list[str] = []
        for raw in names:
            name = " ".join(raw.split())
            if not name:
                continue
            full_names.append(name)
            for part in name.split():
                if len(part) >= 3 and part[0].isupper():
                    extra_names.add(part)
        keep_phrases = [" ".join(k.split()) for k in keep if k.strip()]
        keep_words = frozenset(w.lower() for k in keep_phrases for w in re.findall(r"\w+", k))
        self._names = NameFinder(frozenset(extra_names), keep_words)
        self._known_name_re = self._phrase_re(full_names)
        self._keep_re = self._phrase_re(keep_phrases)
        self._school_list_re = self._phrase_re(
            [" ".join(s.split()) for s in schools if s.strip()]
        )

    @staticmethod
    def _phrase_re(phrases: list[str]) -> re.Pattern[str] | None:
        if not phrases:
            return None
        alternatives = sorted({re.escape(p).replace(r"\ ", r"\s+") for p in phrases}, key=len)
        return re.compile(r"\b(?:" + "|".join(reversed(alternatives)) + r")\b", re.IGNORECASE)

    @staticmethod
    def _is_name(word: str) -> bool:
        """After a relationship or title cue, any capitalised word but a function word."""
        return word not in _NOT_NAMES and len(word) > 1

    def find(self, text: str) -> list[RedactionSpan]:
        """Every personal detail found in ``text`` (overlaps resolved), in order."""
        found: list[tuple[int, int, int, str]] = []  # (start, end, priority, type)

        def add(kind: str, start: int, end: int) -> None:
            if end > start:
                found.append((start, end, _PRIORITY[kind], kind))

        has_digit = any(c.isdigit() for c in text)
        if "@" in text or " at " in text or "(at)" in text or "[at]" in text:
            for m in _EMAIL_RE.finditer(text):
                add("email", m.start(), m.end())
        if has_digit:
            self._find_numbers(text, add)
        self._find_names(text, add, found)
        if "only" in text.lower():
            for m in _UNIQUE_RE.finditer(text):
                add("description", m.start(), m.end())
        if self._school_list_re is not None:
            for m in self._school_list_re.finditer(text):
                add("school", m.start(), m.end())
        for m in _SCHOOL_RE.finditer(text):
            start = m.start("s")
            words = m.group("s").split()
            # Skip leading generic words ("The", "Our", "Local"): a school's own name must remain.
            k = 0
            while k < len(words) and words[k].rstrip(".") in _SCHOOL_GENERIC_WORDS:
                start = text.index(words[k], start) + len(words[k])
                k += 1
            if k >= len(words) or all(w in _SCHOOL_GENERIC_WORDS for w in words[k:]):
                continue
            start = text.index(words[k], start)
            if m.group("s").startswith(("St ", "St. ", "Saint ")) and k <= 1:
                start = m.start("s")
            add("school", start, m.end("s"))
        found = self._drop_kept(text, found)
        found.extend(self._later_mentions(text, found))
        return _resolve(found, len(text))

    def _drop_kept(self, text: str, found: list[tuple[int, int, int, str]]
                   ) -> list[tuple[int, int, int, str]]:
        """Nothing inside an allow-listed service or helpline is redacted."""
        if self._keep_re is None:
            return found
        kept = [(m.start(), m.end()) for m in self._keep_re.finditer(text)]
        return [f for f in found if not any(a <= f[0] and f[1] <= b for a, b in kept)]

    @staticmethod
    def _later_mentions(text: str, found: list[tuple[int, int, int, str]]
                        ) -> list[tuple[int, int, int, str]]:
        """Every other mention of a name already found ("my daughter Noor ... now Noor says")."""
        words: dict[str, tuple[int, str]] = {}
        for start, end, priority, kind in found:
            if kind in ("child_name", "person_name"):
                for word in re.findall(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*", text[start:end]):
                    if len(word) >= 2:
                        words.setdefault(word.lower(), (priority, kind))
        if not words:
            return []
        pattern = re.compile(
            r"(?<![\w'\u2019-])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len,
                                                                         reverse=True))
            + r")(?![\w\u2019-]|'(?!s\b))", re.IGNORECASE)
        return [(m.start(), m.end(), *words[m.group(0).lower()]) for m in pattern.finditer(text)]

    def _find_numbers(self, text: str, add: _Adder) -> None:
        for m in _DOB_RE.finditer(text):
            add("date_of_birth", m.start("d"), m.end("d"))
        for m in _POSTCODE_RE.finditer(text):
            add("postcode", m.start(), m.end())
        for m in _UPN_RE.finditer(text):
            add("upn", m.start(), m.end())
        for m in _NI_RE.finditer(text):
            s = m.group(0)
            n_digits = sum(c.isdigit() for c in s)
            if n_digits == 6 and (s[-1].isalpha() or s[:2].isupper()):
                add("ni_number", m.start(), m.end())
        for m in _ADDRESS_RE.finditer(text):
            add("address", m.start(), m.end())
        for m in _ADDRESS_CASELESS_RE.finditer(text):
            add("address", m.start(), m.end())
        for m in _NUMBER_RE.finditer(text):
            raw = m.group(0).rstrip(" -().")
            start = m.start()
            if raw.startswith("(") and ")" not in raw:
                raw, start = raw[1:].lstrip(), start + 1
            digits = "".join(c for c in raw if c.isdigit())
            n = len(digits)
            before = text[max(0, start - 40) : start]
            end = start + len(raw)
            if n == 10 and (
                _nhs_checksum_ok(digits) or ("nhs" in before.lower() and digits[0] != "0")
            ):
                add("nhs_number", start, end)
            elif raw.lstrip().startswith("+") or digits.startswith(("44", "0")):
                national = digits[2:] if digits.startswith("44") else digits
                if national.startswith("0"):
                    national = national[1:]
                if 9 <= len(national) <= 10 and not _SERVICE_NUMBER_RE.search(before):
                    add("phone", start, end)
            elif n == 10 and _NHS_CONTEXT_RE.search(before):
                add("nhs_number", start, end)
        for m in _LIVE_ON_RE.finditer(text):
            add("address", m.start("a"), m.end("a"))
        for m in _CASE_REF_RE.finditer(text):
            if sum(c.isdigit() for c in m.group(0)) >= 4:
                add("case_reference", m.start(), m.end())
        for m in _CASE_REF_CUED_RE.finditer(text):
            add("case_reference", m.start("r"), m.end("r"))
        for m in _WELSH_ADDRESS_RE.finditer(text):
            if any(c.isdigit() for c in m.group(0)) or m.group(0).startswith(("Flat", "Fflat")):
                add("address", m.start(), m.end())
        for m in _NUMBERED_PLACE_RE.finditer(text):
            # "12 Bryn Glas", "7 Cherry Tree": a number and a name, where an address is cued.
            if _ADDRESS_CUE_RE.search(text[max(0, m.start() - 30) : m.start()]):
                add("address", m.start(), m.end("words") - (1 if m.group("words").endswith(" ")
                                                             else 0))

    def _find_names(self, text: str, add: _Adder,
                    found: list[tuple[int, int, int, str]]) -> None:
        if self._known_name_re is not None:
            for m in self._known_name_re.finditer(text):
                add("person_name", m.start(), m.end())
        for pattern, kind in (
            (_CHILD_RE, "child_name"),
            (_CHILD_NAME_IS_RE, "child_name"),
            (_NAME_AGED_RE, "child_name"),
            (_TITLE_RE, "person_name"),
            (_ADULT_RE, "person_name"),
        ):
            for m in pattern.finditer(text):
                for group in ("n1", "n2"):
                    if group not in pattern.groupindex or m.group(group) is None:
                        continue
                    word = m.group(group)
                    if pattern is _TITLE_RE:
                        first = word.split()[0].rstrip(".")
                        if first in _NOT_NAMES and len(word.split()) == 1:
                            continue
                    elif not self._is_name(word) or (pattern is _NAME_AGED_RE and not (
                        word in self._first or word in self._surnames
                    )):
                        break
                    add(kind, m.start(group), _word_end(text, m.end(group)))
        seeds = [(f[0], f[1]) for f in found if f[3] in ("child_name", "person_name")]
        for start, end in self._names.find(text, seeds):
            add("person_name", start, end)


def _word_end(text: str, end: int) -> int:
    """The end of the word that a match stopped inside ("Zieli|ński" -> "Zieliński")."""
    while end < len(text) and (text[end].isalpha() or (
            text[end] in "'\u2019-" and end + 1 < len(text) and text[end + 1].isalpha()
            and text[end + 1 : end + 3] not in ("s ", "s.", "s,"))):
        end += 1
    return end


def _resolve(found: list[tuple[int, int, int, str]], length: int) -> list[RedactionSpan]:
    """Keep the best of overlapping spans: higher priority, then longer, then earlier."""
    if not found:
        return []
    found.sort(key=lambda f: (-f[2], -(f[1] - f[0]), f[0]))
    taken = bytearray(length + 1)
    kept: list[tuple[int, int, str]] = []
    for start, end, _, kind in found:
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, kind))
    kept.sort()
    merged: list[RedactionSpan] = []
    for start, end, kind in kept:
        last = merged[-1] if merged else None
        if last is not None and last.type == kind and start - last.end <= 1:
            merged[-1] = RedactionSpan(kind, last.start, end)
        else:
            merged.append(RedactionSpan(kind, start, end))
    return merged


def apply_spans(text: str, spans: Iterable[RedactionSpan]) -> str:
    """Replace each span of ``text`` with its placeholder."""
    out: list[str] = []
    pos = 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(PLACEHOLDERS[span.type])
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


@lru_cache(maxsize=8)
def _redactor(names: tuple[str, ...], schools: tuple[str, ...], keep: tuple[str, ...]
              ) -> Redactor:
    return Redactor(names=names, schools=schools, keep=keep)


def redact(text: str, *, names: Iterable[str] = (), schools: Iterable[str] = (),
           keep: Iterable[str] = ()) -> Redaction:
    """Redact personal details from ``text``; ``names``/``schools`` are the area's own lists
    to remove, ``keep`` its allow-list of services and helplines to leave in."""
    redactor = _redactor(tuple(names), tuple(schools), tuple(keep))
    spans = tuple(redactor.find(text))
    return Redaction(apply_spans(text, spans), spans)
