"""What the block labeller sees of each unit: cue phrases, tense, shape, position and neighbours.

The features describe how a unit is written, not what it is about, so a model trained on pages
written for this project reads a council's, a hospital's or a school's page alike: who speaks
("we", "you", "parents", "I"), the tense of what is done ("we have", "we are", "we will",
"not possible"), label words, list and heading shape, where the unit sits on its line and on the
page, and the same for the units either side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from saidanddone.importers.blocks import BULLET, find_label
from saidanddone.importers.dates import is_period
from saidanddone.importers.roles import role_features
from saidanddone.importers.units import Line, Unit

Features = dict[str, float]

_CUES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        # who speaks, and what they do
        "we": r"^\W*(?:we|we've|we're|we'll|we'd)\b",
        "we_any": r"\b(?:we|we've|we're|we'll)\b",
        "our": r"^\W*our\b",
        "org_subject": r"^\W*(?:the\s+)?(?:council|school|trust|team|service|staff|ward|practice"
        r"|library|university|union|department|nurses?|officers?|police|forum|local\s+offer"
        r"|governors?|head\s*teacher|manager|sendco|senco|hospital)\b",
        "you": r"\b(?:you|your)\b",
        "i_me": r"\b(?:i|i'm|i've|my|me)\b",
        "people_said": r"\b(?:parents?|carers?|families|residents|patients|students|pupils"
                       r"|young\s+people"
        r"|children|people|members|customers|tenants|visitors|respondents|you)\b[^.]{0,40}?\b(?:said|told"
        r"|asked|wanted|felt|suggested|raised|reported|commented|requested|would\s+like|were\s+(?:unhappy"
        r"|concerned|unsure)|expressed|highlighted|mentioned|complained|found|thought)\b",
        "said_verb": r"\b(?:said|told\s+us|asked\s+(?:for|us|if|whether|why)|suggested|raised"
                     r"|requested"
        r"|complained|commented|highlighted|mentioned|felt|would\s+like|wanted|wished)\b",
        "feedback_word": r"\b(?:feedback|comments?|concerns?|views|suggestions?|survey"
                         r"|questionnaire"
        r"|consultation|responses?)\b",
        "need_word": r"\b(?:need|needs|needed|want|wants|should|could|would|wish|hope|better|more"
                     r"|less"
        r"|too|not\s+enough|difficult|hard|confusing|long|late|poor|lack|no\s+one|nobody)\b",
        "negative_word": r"\b(?:not|never|didn't|don't|doesn't|wasn't|weren't|can't|couldn't|won't"
        r"|no)\b",
        # what is done, and when
        "have_done": r"\b(?:we|we've|has|have|had)\s+(?:now\s+|also\s+|recently\s+|already\s+)?"
        r"(?:been\s+)?\w+(?:ed|en|ne|de|lt|ght|un|wn|id|ld|nt|st)\b",
        "we_past": r"\bwe\s+(?:\w+ed|held|made|ran|gave|set|put|took|wrote|met|sent|built|bought"
        r"|began|brought|spoke|found|got|did|kept|told|paid|chose|drew)\b",
        "passive_done": r"\b(?:was|were|has\s+been|have\s+been|is\s+now|are\s+now)"
        r"\s+\w+(?:ed|en|t)\b",
        "progressive": r"\b(?:we\s+are|we're|is|are|currently|now)\s+\w+ing\b|\bunder\s+way\b"
        r"|\bongoing\b|\bin\s+progress\b",
        "future": r"\b(?:will|we'll|shall|going\s+to|plan\s+to|plans\s+to|intend|aim\s+to|from\s+"
        r"(?:january|february|march|april|may|june|july|august|september|october|november"
        r"|december|next|the\s+new|autumn|spring|summer))\b",
        "not_possible": r"\b(?:not\s+(?:be\s+)?(?:possible|able|feasible)|unable|cannot|can't"
                        r"|won't\s+be"
        r"|unfortunately|regret|no\s+plans?\s+to|not\s+in\s+a\s+position)\b",
        "response_cue": r"\b(?:in\s+response|as\s+a\s+result|following\s+(?:your|this|the|these)"
        r"|because\s+of\s+(?:your|this)|to\s+address|to\s+improve|we\s+listened|so\s+we)\b",
        "action_verb": r"\b(?:introduc|install|launch|creat|develop|review|updat|improv|increas"
                       r"|reduc"
        r"|provid|appoint|recruit|train|publish|chang|add|arrang|replac|extend|organis|set\s+up"
        r"|rewr|redesign|start|open|offer|produc|run|held|hold)\w*",
        # page furniture
        "boilerplate": r"\b(?:cookies?|privacy|accessibility\s+statement|share\s+(?:this|on)"
        r"|facebook|twitter|linkedin|print\s+this|back\s+to\s+top|copyright|all\s+rights"
        r"|sign\s+in|log\s+in|search|menu|skip\s+to|subscribe|newsletter|contact\s+us|site\s?map"
        r"|was\s+this\s+page|last\s+(?:updated|reviewed)|download|pdf|read\s+more|click\s+here"
        r"|image|photo|poster|tweet)\b",
        "breadcrumb": r"(?:\s>\s|\s/\s.*\s/\s|\u00bb|\u203a)",
        "contact": r"@|\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b|www\.|https?://|\.(?:gov|nhs|org|ac|co)\.uk",
        "number": r"\d",
        "percent": r"\d\s*(?:%|per\s*cent)",
        "question_word": r"^\W*(?:how|what|why|when|where|who|which|can|could|would|will|is|are|do"
        r"|does|should)\b",
        "status_label": r"^\W*(?:status|rag|progress|owner|lead|responsible|due|deadline"
        r"|target\s+date|timescale|completed?|done)\s*[:\-\u2013]",
        "quote_open": r"^\W{0,2}[\"\u201c\u2018']",
        "quote_close": r"[\"\u201d\u2019']\W{0,3}$",
        "colon_end": r"[:\u2013\u2014-]\s*$",
        "ellipsis_end": r"(?:\.{2,}|\u2026)\s*$",
        "question_end": r"\?\W{0,3}$",
        "stop_end": r"[.!]\W{0,3}$",
        "label_words": r"\b(?:you\s+said|we\s+did|we\s+asked|you\s+told\s+us|what\s+we"
                       r"|action\s+taken"
        r"|our\s+response|what\s+you)\b",
    }.items()
}

_WORD = re.compile(r"[a-z']+")


def _shape(text: str) -> Features:
    words = text.split()
    count = len(words)
    letters = [c for c in text if c.isalpha()]
    feats: Features = {}
    for bound, name in ((1, "1"), (3, "2-3"), (8, "4-8"), (20, "9-20"), (40, "21-40")):
        if count <= bound:
            feats[f"len={name}"] = 1.0
            break
    else:
        feats["len=41+"] = 1.0
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and count <= 12:
        feats["caps"] = 1.0
    capital = [w for w in words if w[:1].isalpha()]
    if capital and count <= 12 and sum(w[0].isupper() for w in capital) / len(capital) > 0.6:
        feats["title_case"] = 1.0
    return feats


def unit_core(text: str, line: Line, unit: Unit) -> Features:
    """The features of one unit on its own."""
    low = text.lower().replace("\u2019", "'")
    feats: Features = {"bias": 1.0}
    feats.update(_shape(text))
    for name, pattern in _CUES.items():
        if pattern.search(low):
            feats[name] = 1.0
    words = _WORD.findall(low)
    if words:
        weight = 1.0 / len(words[:40]) ** 0.5
        for word in set(words[:40]):
            feats[f"t={word}"] = weight
    for position, word in enumerate(words[:2]):
        feats[f"w{position}={word}"] = 1.0
    if len(words) >= 2:
        feats[f"w01={words[0]}_{words[1]}"] = 1.0
    label = find_label(text)
    if label is not None:
        feats[f"label={label.kind}"] = 1.0
        feats["label_only" if not label.rest.strip() else "label_inline"] = 1.0
        feats[f"label_name={label.name}"] = 1.0
    if is_period(text):
        feats["period"] = 1.0
    feats[f"kind={line.kind}"] = 1.0
    if line.kind == "heading":
        feats[f"level={min(line.level, 3)}"] = 1.0
    if text[:1].islower():
        feats["starts_lower"] = 1.0
    if unit.first:
        feats["line_first"] = 1.0
        if BULLET.match(line.text):
            feats["bullet"] = 1.0
        if line.blank_before:
            feats["blank_before"] = 1.0
    else:
        feats["mid_line"] = 1.0
    if unit.first and unit.last:
        feats["whole_line"] = 1.0
        if len(text.split()) <= 12 and not re.search(r"[.!?,;]\W{0,3}$", text):
            feats["heading_like"] = 1.0
    return feats


_NEIGHBOUR_KEYS = (
    "label=said",
    "label=did",
    "label=asked",
    "label_only",
    "we",
    "our",
    "people_said",
    "said_verb",
    "quote_open",
    "question_end",
    "heading_like",
    "bullet",
    "period",
    "have_done",
    "future",
    "colon_end",
    "ellipsis_end",
    "boilerplate",
    "mid_line",
    "len=1",
    "len=2-3",
    "len=41+",
    "starts_lower",
    "quote_close",
    "stop_end",
    "label_inline",
    "lead=said",
    "lead=did",
    "lead=other",
    "sure=said",
    "sure=did",
)


def page_features(
    lines: Sequence[Line],
    units: Sequence[Unit],
    roles: Sequence[tuple[float, float, float]] | None = None,
) -> list[Features]:
    """The features of every unit: its own, its neighbours' and the page's.

    ``roles`` are each unit's probabilities of reading as feedback, an action or neither
    (``roles.py``), which cue words alone miss.
    """
    cores = [unit_core(u.text, lines[u.line], u) for u in units]
    if roles is not None:
        for core, extra in zip(cores, role_features(roles), strict=True):
            core.update(extra)
    page: Features = {}
    for core in cores:
        for key in ("label=said", "label=did", "label=asked"):
            if key in core:
                page[f"page_{key}"] = 1.0
    total = max(1, len(units))
    out: list[Features] = []
    last_label: str | None = None
    since = 0
    for index, core in enumerate(cores):
        feats = dict(core)
        # the label this unit sits under, and how far back it was
        if last_label is not None:
            feats[f"under={last_label}"] = 1.0
            feats[f"under={last_label}:{min(since, 3)}"] = 1.0
        since += 1
        for kind in ("said", "did", "asked"):
            if f"label={kind}" in core:
                last_label, since = kind, 0
        feats.update(page)
        feats[f"pos={min(4, index * 5 // total)}"] = 1.0
        if index < 3:
            feats[f"first{index}"] = 1.0
        for offset in (-2, -1, 1, 2):
            other = index + offset
            if not 0 <= other < len(cores):
                feats[f"{offset}:none"] = 1.0
                continue
            for key in _NEIGHBOUR_KEYS:
                if key in cores[other]:
                    feats[f"{offset}:{key}"] = 1.0
        out.append(feats)
    return out
