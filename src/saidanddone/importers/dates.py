"""Periods, dates in running text, and a status guess from tense.

A month-only date means the last day of that month; a season or term means its last day; a
year alone means 31 December.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from saidanddone.importers.model import CommitmentStatus

_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
M = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
Y = r"(?:19|20)\d\d"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_SEASON = r"(?:spring|summer|autumn|winter)(?:\s+term)?"
_DASH = r"(?:/|-|\u2010|\u2011|\u2012|\u2013|\u2014|\bto\b|\band\b|\bor\b)"

# Any date phrase; the groups are read by ``phrase_to_date``.
DATE = (
    rf"(?:{_DAY}\s+(?:of\s+)?{M},?\s+{Y}"
    rf"|{M}\s+{_DAY},?\s+{Y}"
    rf"|{M}(?:\s*{_DASH}\s*{M})?,?\s+{Y}"
    rf"|(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(?:the\s+)?(?:{M}\s+)?(?:{Y}|year)"
    rf"|(?:early|mid|late)[\s-]+{Y}"
    rf"|(?:the\s+)?{_SEASON}(?:\s+(?:of\s+)?{Y}(?:\s*/\s*\d\d)?)?"
    rf"|{Y}(?:\s*/\s*\d\d(?!\d))?"
    rf"|[0-3]?\d/[01]?\d/{Y})"
)
DATE_RE = re.compile(rf"\b{DATE}\b", re.IGNORECASE)

_SEASON_END = {"spring": (5, 31), "summer": (8, 31), "autumn": (11, 30), "winter": (2, 28)}
_TERM_END = {"spring": (4, 15), "summer": (7, 31), "autumn": (12, 31), "winter": (4, 15)}


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _month(token: str) -> int | None:
    return _MONTHS.get(token.lower().rstrip("."))


def phrase_to_date(phrase: str, ref_year: int | None = None) -> date | None:
    """The date a phrase stands for, at the end of the period it names."""
    text = " ".join(phrase.lower().replace(",", " ").split())
    years = [int(y) for y in re.findall(rf"\b{Y}\b", text)]
    short = re.search(rf"\b{Y}\s*/\s*(\d\d)\b", text)
    year = years[-1] if years else ref_year
    if short and years:
        year = years[-1] // 100 * 100 + int(short.group(1))
    numeric = re.fullmatch(r"([0-3]?\d)/([01]?\d)/(\d{4})", text)
    if numeric:
        day, mon, yr = (int(g) for g in numeric.groups())
        try:
            return date(yr, mon, day)
        except ValueError:
            return None
    if year is None:
        return None
    months = [m for m in (_month(t) for t in re.findall(r"[a-z]+\.?", text)) if m]
    season = re.search(r"(spring|summer|autumn|winter)(\s+term)?", text)
    try:
        if months:
            month = months[-1]
            day_match = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", re.sub(rf"\b{Y}\b", "", text))
            if day_match and len(months) == 1:
                return date(year, month, int(day_match.group(1)))
            return month_end(year, month)
        if season:
            table = _TERM_END if season.group(2) else _SEASON_END
            mon, day = table[season.group(1)]
            if season.group(1) == "winter" and not season.group(2):
                return month_end(year + 1, 2)
            return date(year, mon, day)
        if "early" in text:
            return date(year, 3, 31)
        if "mid" in text or "middle" in text:
            return date(year, 6, 30)
        if short and "/" in text:
            return date(year, 8, 31)
        return date(year, 12, 31)
    except ValueError:
        return None


# ----------------------------------------------------------------------------------- periods

_PERIOD_WORDS = frozenset(
    [
        "to",
        "and",
        "until",
        "till",
        "from",
        "for",
        "in",
        "during",
        "the",
        "of",
        "-",
        "\u2013",
        "\u2014",
        "/",
        "(",
        ")",
        ",",
        ":",
        "quarter",
        "q1",
        "q2",
        "q3",
        "q4",
        "1",
        "2",
        "3",
        "4",
        "spring",
        "summer",
        "autumn",
        "winter",
        "term",
        "academic",
        "financial",
        "school",
        "year",
        "years",
        "period",
    ]
)
_FILLER = frozenset(
    [
        "you",
        "said",
        "we",
        "did",
        "feedback",
        "responses",
        "response",
        "update",
        "updates",
        "what",
        "changed",
        "our",
        "your",
        "is",
        "are",
        "was",
        "here",
        "page",
        "report",
    ]
)


def _period_tokens(text: str) -> list[str]:
    return re.findall(r"[a-z]+|\d+|[()/\u2013\u2014-]", text.lower())


def is_period(text: str) -> bool:
    """Does the heading name a period (a year, a range, a quarter, a month, a term)?"""
    tokens = [t for t in _period_tokens(text) if t not in _FILLER]
    if not tokens or len(tokens) > 14:
        return False
    dated = False
    for token in tokens:
        if re.fullmatch(Y, token) or _month(token):
            dated = True
        elif re.fullmatch(r"\d\d", token):
            continue
        elif token not in _PERIOD_WORDS:
            return False
    return dated


def period_text(text: str) -> str:
    """The period part of a heading ("You said, we did 2019" -> "2019")."""
    match = re.search(
        rf"(?:quarter|q[1-4]\b|academic|financial|{_SEASON}|{M}\s|{Y})", text, re.IGNORECASE
    )
    result = text[match.start() :] if match else text
    result = result.strip(" :-\u2013\u2014")
    if result.endswith(")") and result.count("(") < result.count(")"):
        result = result[:-1].strip()
    return result


_YEAR_SPAN = rf"{Y}(?:\s*(?:/|-|\u2013|\u2014|\bto\b)\s*(?:{Y}|\d\d)(?!\d))?"
_PERIOD_IN_TEXT = re.compile(
    rf"(?:\b(?:quarter|qtr)\s*[1-4]|\bq[1-4]\b)(?:\s*(?:of|,|-|\u2013)?\s*{_YEAR_SPAN})?"
    rf"|\b{M}(?:\s+{Y})?\s*(?:-|\u2013|\u2014|\bto\b|\band\b)\s*{M}\s+{Y}"
    rf"|\b{M}\s+{Y}(?:\s*(?:-|\u2013|\u2014|\bto\b)\s*{M}\s+{Y})?"
    rf"|\b{_SEASON}\s+{_YEAR_SPAN}"
    rf"|\b(?:academic|financial)\s+year\s+{_YEAR_SPAN}"
    rf"|(?<![\d/.-]){_YEAR_SPAN}(?![\d/.-])",
    re.IGNORECASE,
)
# A date with a day ("26 March 2024") is when something was posted or held, not a period.
_DAY_BEFORE = re.compile(rf"{_DAY}\s+(?:of\s+)?$", re.IGNORECASE)


def find_period(text: str) -> str | None:
    """The first period a title, heading or sentence names ("Quarter 1 2019/20", "January 2017",
    "2019 to 2021", "September - October 2022"), or None. Dates with a day are not periods."""
    for match in _PERIOD_IN_TEXT.finditer(text):
        if _DAY_BEFORE.search(text[: match.start()]):
            continue
        return " ".join(match.group(0).split()).strip(" ,")
    return None


_DATED = re.compile(rf"\b{_DAY}\s+(?:of\s+)?(?P<month>{M}),?\s+(?P<year>{Y})\b", re.IGNORECASE)


def dated_month(text: str) -> str | None:
    """The month and year of the first full date in a short line ("Posted 14 June 2022" ->
    "June 2022"): the month a page was written, where it states no period of its own."""
    if len(text.split()) > 12:
        return None
    match = _DATED.search(text)
    if match is None:
        return None
    month = match["month"].rstrip(".")
    full = next((m for m in _MONTH_NAMES if m.startswith(month.lower()[:3])), month.lower())
    return f"{full.capitalize()} {match['year']}"


_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()


def period_year(period: str | None) -> int | None:
    """The year a period ends in, for dates written without one ("in the spring")."""
    if not period:
        return None
    found = phrase_to_date(period)
    return found.year if found else None


# ----------------------------------------------------------------------------------- status

_NOT_POSSIBLE = re.compile(
    r"\b(?:not\s+(?:be\s+)?(?:possible|feasible|practical|viable)|(?:are|were|is|was|be)\s+unable\s+to"
    r"|we\s+(?:cannot|can't|can\s+not|won't\s+be\s+able|will\s+not\s+be\s+able|are\s+not\s+able"
    r"|were\s+not\s+able|couldn't|could\s+not|have\s+decided\s+not|will\s+not|won't)"
    r"|(?:no|not\s+any)\s+plans?\s+to|not\s+in\s+a\s+position\s+to|unable\s+to"
    r"|not\s+(?:been\s+)?(?:taken\s+forward|agreed|approved|progressed))\b",
    re.IGNORECASE,
)
_IN_PROGRESS = re.compile(
    r"\b(?:currently|underway|under\s+way|ongoing|on-going|in\s+progress|is\s+being|are\s+being"
    r"|continues?\s+to|continuing|in\s+the\s+process\s+of|is\s+going\s+through|have\s+started"
    r"|has\s+started|have\s+begun|has\s+begun|are\s+working|is\s+working|so\s+far|still)\b",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"\b(?:will|shall|going\s+to|(?:we|they|council|team|service)\s+(?:plans?|intends?|aims?"
    r"|are\s+planning|hope|would\s+like)\s+to|is\s+planned"
    r"|are\s+planned|is\s+due\s+to|are\s+due\s+to|next\s+steps?|we\s+would\s+like\s+to"
    r"|we\s+hope\s+to|to\s+be\s+(?:launched|published|reviewed|developed|completed))\b",
    re.IGNORECASE,
)
_DONE = re.compile(
    r"\b(?:(?:have|has|had)\s+(?:now\s+|also\s+|already\s+|successfully\s+)?(?:been\s+)?[a-z]+(?:ed|en|t|un|own|ade)"
    r"|was|were|went\s+live|now\s+(?:in\s+place|open|available|live|on)|is\s+(?:now\s+)?in\s+place"
    r"|are\s+(?:now\s+)?in\s+place|is\s+now\s+\w+ed|are\s+now\s+\w+ed"
    r"|(?:we|they|it|the\s+\w+)\s+(?:launched|completed|introduced|published|held|delivered"
    r"|appointed|created|developed|implemented|reviewed|set\s+up|started|made|ran|began|hired"
    r"|changed|opened|recruited|trained|updated|wrote|rewrote|added|moved|reduced|increased"
    r"|produced|agreed|finalised|finalized|undertook|devised|asked|listened|worked|improved"
    r"|extended|funded|commissioned|co-produced|rolled\s+out|sent|met|ran|built|bought|employed)"
    r"|(?:launched|completed|published|held|delivered|introduced|rolled\s+out|implemented)\s+in"
    r"|rolled\s+out|went\s+live|launched)\b",
    re.IGNORECASE,
)
_PROGRESSIVE = re.compile(
    r"\b(?:we|they|it|team|service)\s+(?:are|is)\s+(?:now\s+)?[a-z]+ing\b", re.I
)


def guess_status(sentence: str) -> CommitmentStatus:
    """Done, planned, in progress or not possible, from tense and dated phrases."""
    if _NOT_POSSIBLE.search(sentence):
        return "not_possible"
    if _IN_PROGRESS.search(sentence):
        return "in_progress"
    progressive = _PROGRESSIVE.search(sentence)
    if progressive and "going" not in progressive.group(0).lower():
        return "in_progress"
    if _PLANNED.search(sentence) or re.search(
        rf"\bby\s+(?:the\s+end\s+of\s+)?{DATE}", sentence, re.I
    ):
        return "planned"
    if _DONE.search(sentence):
        return "done"
    if _PROGRESSIVE.search(sentence):
        return "in_progress"
    return "unknown"


_DUE = re.compile(
    rf"\b(?:by|before|until|in|during|over|within|from|at|for|starting|through|throughout|"
    rf"no\s+later\s+than)\s+(?:the\s+end\s+of\s+|the\s+beginning\s+of\s+|the\s+start\s+of\s+)?"
    rf"(?P<date>{DATE})",
    re.IGNORECASE,
)
_BY = re.compile(
    rf"\b(?:by|before|no\s+later\s+than)\s+(?:the\s+end\s+of\s+)?(?P<date>{DATE})", re.IGNORECASE
)
_DONE_ON = re.compile(
    rf"(?:\b(?:went\s+live|launched|go\s+live|opened|started|began|completed|published|held"
    rf"|delivered|introduced|implemented|appointed|rolled\s+out|set\s+up|finished|since|on|in)"
    rf"\s+(?:in\s+|on\s+|at\s+the\s+(?:end|beginning|start)\s+of\s+)?|^\W*)(?P<date>{DATE})",
    re.IGNORECASE,
)


def due_date(sentence: str, ref_year: int | None, *, by_only: bool = False) -> date | None:
    """The date a promise is due, from "By January 2020", "in May / June 2019", "in the spring"."""
    match = _BY.search(sentence) or (None if by_only else _DUE.search(sentence))
    if match is None:
        return None
    phrase = match.group("date")
    if re.fullmatch(r"(?:the\s+)?year", phrase.split()[-1], re.I) and ref_year is None:
        return None
    if re.search(r"\bend\s+of\s+(?:the\s+)?year", match.group(0), re.I):
        return date(ref_year, 12, 31) if ref_year else None
    return phrase_to_date(phrase, ref_year)


def done_date(sentence: str, ref_year: int | None) -> date | None:
    """When something was done, from "went live October 2019", "In September 2019, we launched"."""
    match = _DONE_ON.search(sentence)
    if match is None:
        return None
    return phrase_to_date(match.group("date"), ref_year)
