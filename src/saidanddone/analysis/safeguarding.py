"""Safeguarding signals: comments that may show a child (or a carer) at risk.

Triage only (SEND.md "Privacy and safeguarding"): a signal routes the comment to a person, it
never dismisses one. The rules favour recall. A trigger is set aside only when it is plainly
negated just before it ("he has never been bullied", "no concerns about restraint"); reported
speech ("she told me she wants to die") is a signal, and so is the past ("was restrained").
Figures of speech ("the wait is killing me", "dying to know") are not.
See docs/decisions/0101-analysis-safeguarding.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from saidanddone.analysis.prefilter import literal_prefixes, word_starts

__all__ = ["SAFEGUARDING_CATEGORIES", "SafeguardingSignal", "detect_safeguarding"]

SAFEGUARDING_CATEGORIES: tuple[str, ...] = (
    "self_harm",
    "abuse_neglect",
    "restraint_seclusion",
    "missing_education",
    "bullying",
    "unsafe_at_home",
    "carer_breaking_point",
)


@dataclass(frozen=True, slots=True)
class SafeguardingSignal:
    category: str
    evidence: str
    start: int
    end: int


_SELF = r"(?:him|her|them|my|your|our|one|it)sel(?:f|ves)"
_POSS = r"(?:his|her|their|my|our|your)"
_PRON = r"(?:he|she|they|i|we|my (?:son|daughter|child)|(?:son|daughter|child))"

_PATTERNS: dict[str, tuple[str, ...]] = {
    "self_harm": (
        r"self[- ]?harm\w*",
        r"(?:harm|harms|harming|harmed|hurt|hurts|hurting|injur\w*|cut|cuts|cutting|burn\w*|"
        rf"scratch\w*|starv\w*|kill|kills|killing|strangl\w*|hang|hanging|hanged) {_SELF}",
        r"suicid\w*",
        rf"(?:take|took|taking|end|ended|ending) {_POSS} (?:own )?life",
        r"(?:want|wants|wanted|wanting|wish|wishes|wished|going|try|tries|tried) to "
        r"(?:die|be dead)",
        r"(?:wish|wishes|wished) (?:he|she|they|i) (?:was|were|had never been) (?:dead|born)",
        r"(?:doesn'?t|does not|don'?t|do not|didn'?t) want to (?:live|be alive|be here any ?more|"
        r"exist|wake up)",
        r"(?:not|isn'?t) worth living",
        r"better off (?:dead|without (?:me|him|her|us))",
        r"overdos\w*",
        r"ligatures?",
        rf"(?:bang|bangs|banging|hit|hits|hitting) {_POSS} head",
        r"head[- ]?bang\w*",
        r"(?:cut|cuts|cutting|scratch\w*) (?:on )?" + _POSS + r" (?:arms?|legs?|wrists?|skin)",
        r"(?:tried|attempted|attempt|attempts) to (?:kill|hang|strangle|end)",
        r"(?:jump|jumped|jumping) (?:off|in front of)",
        r"dark thoughts",
        r"(?:kill|killing|kills) (?:myself|himself|herself)",
    ),
    "abuse_neglect": (
        r"abus(?:e|ed|es|ing|ive|er)",
        r"neglect(?:ed|ing|ful)?",
        r"(?:hit|hits|hitting|beat|beats|beaten|beating|punch\w*|kick\w*|slap\w*|smack\w*|"
        r"strangl\w*|choke\w*|chok(?:ed|ing)|shook|shaking|shakes|burnt|burned|grabbed|throttl\w*)"
        r" (?:him|her|them|me|my (?:son|daughter|child)|the (?:child|children|kids?)|"
        r"(?:his|her) (?:son|daughter|sister|brother))",
        r"bruis\w*",
        r"marks on (?:his|her|their) (?:body|arms?|legs?|face|neck|back)",
        r"sexual(?:ly)? (?:abuse\w*|assault\w*|touch\w*|harass\w*|exploit\w*)",
        r"touch(?:ed|es|ing)? (?:him|her|them) inappropriately",
        r"inappropriate(?:ly)? touch\w*",
        r"groom(?:ed|ing)",
        r"exploit(?:ed|ation)",
        r"county lines",
        r"(?:no|not enough) food (?:in|at) (?:the|our|his|her) (?:house|home)",
        r"going hungry|goes hungry|went hungry|(?:not|never) (?:being |been )?fed\b",
        r"left (?:alone|on (?:his|her|their) own) (?:at home|in the house|for hours|all day|"
        r"overnight)",
        r"locked (?:him|her|them) in",
        r"domestic (?:violence|abuse)",
        r"(?:dirty|soiled) (?:clothes|nappies|nappy) (?:for days|all day)",
        r"(?:fgm|female genital)",
        r"forced marriage",
    ),
    "restraint_seclusion": (
        r"restrain\w*",
        r"physical(?:ly)? (?:held|intervention|intervened|handled|restrain\w*|moved)",
        r"(?:held|hold|holding|pinned|pin|pinning) (?:him|her|them|my \w+ )?"
        r"(?:down|to the (?:floor|"
        r"ground)|against)",
        r"(?:isolation|seclusion|padded|calm|calming|quiet|chill[- ]?out|sensory|safe) "
        r"(?:room|booth|"
        r"space) (?:on (?:his|her|their) own|alone|and locked|with the door (?:locked|shut|held))",
        r"(?:put|placed|shut|locked|kept|left|sent|isolated) (?:him|her|them) (?:in|into) "
        r"(?:a|an|the) (?:room|cupboard|booth|isolation|corridor|office)",
        r"seclu(?:sion|ded|de)",
        r"isolation (?:booth|room|unit)s?",
        r"locked in (?:a|the|an) (?:room|cupboard|office|classroom)",
        r"(?:dragged|manhandled|man-handled|carried out kicking|frog[- ]?marched)",
        r"prone (?:restraint|position)",
        r"team[- ]teach",
    ),
    "missing_education": (
        r"(?:not|hasn'?t|has not|haven'?t|have not|hadn'?t|had not|n'?t) (?:been )?(?:in|to|at|"
        r"attended|attending|going to) (?:school|college|education|nursery) (?:for|since|in) ",
        r"out of (?:school|education|college)",
        r"(?:no|without a|without any|waiting for a) (?:school|college|education(?:al)?) "
        r"(?:place|placement|provision)",
        r"missing (?:from )?education",
        r"(?:not|isn'?t|is not|n'?t) (?:currently )?(?:attending|receiving (?:any )?education|in "
        r"any (?:school|education))",
        r"off[- ]?roll\w*",
        r"(?:forced|had|made|pushed|no choice but) to home[- ]?educate",
        r"home[- ]?educat\w* (?:because|as|since) ",
        r"part[- ]time timetable|reduced timetable|(?:an? )?hour a day",
        r"school (?:refus\w*|avoid\w*|phobia|non[- ]attendance)",
        r"emotionally based school",
        r"ebsa",
        r"(?:can'?t|cannot|won'?t|will not|refuses to|unable to) (?:get (?:him|her|them) to |go |"
        r"attend |go to )(?:school|college)",
        r"(?:permanently excluded|permanent exclusion|exclusions?|excluded)",
        r"no (?:education|schooling|tuition) (?:for|since)",
    ),
    "bullying": (
        r"bull(?:y|ied|ies|ying|ys)",
        r"cyber[- ]?bull\w*",
        r"picked on",
        r"pick(?:s|ing)? on (?:him|her|them)",
        r"called (?:him|her|them|me) names",
        r"name[- ]calling",
        r"(?:teased|tormented|taunted|harass\w*|mocked|ridiculed)",
        r"beaten up|beat (?:him|her|them) up",
        r"(?:other|older) (?:children|kids|pupils|students|boys|girls) "
        r"(?:hit|hurt|attack\w*|kick\w*"
        r"|push\w*|spat)",
    ),
    "unsafe_at_home": (
        r"(?:scared|afraid|frightened|terrified) (?:to (?:go|be) (?:at )?home|of going home|of "
        r"(?:his|her|their|my) (?:dad|father|mum|mother|stepdad|step-dad|stepfather|stepmum|"
        r"brother|sister|partner|husband|uncle))",
        r"(?:violen(?:t|ce)|aggressi(?:ve|on)) (?:at|in (?:the|our|his|her)) home",
        r"(?:violent|aggressive) (?:towards?|to|with) (?:me|us|his (?:sister|brother|siblings)|her "
        r"(?:sister|brother|siblings)|the family|family|his|her)",
        r"child[- ]to[- ]parent violence|\bcpv\b",
        r"(?:lash|lashes|lashed|lashing) out at (?:me|us|his|her|the family)",
        r"(?:attack|attacks|attacked|attacking|assault\w*) (?:me|us|his|her|their|my)",
        r"(?:police (?:were |was |have been |had to be )?(?:called|came|involved))",
        r"threaten\w* (?:me|us|him|her) with",
        r"(?:knife|knives|weapon)",
        r"(?:run|runs|ran|running) away from home|missing from home|went missing",
        r"(?:kicked|thrown) out of (?:the )?(?:house|home)",
        r"(?:homeless|sofa[- ]surfing|sleeping rough)",
        r"scared of (?:him|her|them) at home|we are scared of",
        r"unsafe at home|(?:not|never|(?:do|does|did|is|was|are|were|would|wo)n'?t)\s+"
        r"(?:\w+\s+){0,4}safe (?:at|in) (?:the |his |her |"
        r"their |our )?(?:home|house)",
    ),
    "carer_breaking_point": (
        r"breaking point",
        r"(?:can'?t|cannot|can not|not|no longer|unable to|struggling to|struggle to) cop(?:e|ing)",
        r"end of (?:my|our) tether",
        r"wits'? ?end",
        r"(?:falling|fall) apart",
        r"on (?:my|our) knees",
        r"burn(?:t|ed)[- ]out|burnout",
        r"(?:i am|i'm|im|we are|we're) (?:completely |utterly |so |totally |just )?(?:exhausted|"
        r"desperate|broken|at rock bottom|drowning)",
        r"(?:can'?t|cannot) (?:go on|carry on|do this any ?more|take (?:it|much|any) more)",
        r"(?:nervous )?breakdown",
        r"(?:my|our) (?:own )?mental health (?:is|has|was|suffer\w*)",
        r"(?:about|ready|going) to give up",
        r"(?:give|giving|gave) up (?:my|our) (?:job|work)",
        r"(?:put|putting|place|placing) (?:him|her|them) (?:in|into) care",
        r"relinquish\w*",
        r"(?:family|we are|we're|i am|i'm) (?:in|at) crisis",
        r"antidepressants",
        r"(?:no|zero|not any) (?:help|support) (?:at all|whatsoever)",
        r"(?:no one|nobody|noone) to (?:help|turn to)",
    ),
}

# Figures of speech that contain a trigger but are not a concern.
_FIGURATIVE_RE = re.compile(
    r"(?:killing me|kill for|dying to|to die for|bored to death|scared to death|"
    r"restrain(?:ed|ing)? (?:my|our|myself|ourselves) from|restrained (?:in|with) (?:my|our) "
    r"(?:language|response)|police check|dbs|knife and fork|kitchen knives?|no police|"
    r"went missing (?:from|in) the (?:post|system)|paperwork went missing|forms? went missing|"
    r"reports? went missing|letters? went missing|emails? went missing|file went missing|"
    r"crisis team|crisis line|crisis care|crisis service|crisis support|mental health crisis team)",
    re.IGNORECASE,
)

_NEGATION_RE = re.compile(
    r"(?:\b(?:no|not|never|nor|without|none|zero)\b|n't|\bno longer\b|\bfree from\b|\bfree of\b)"
    r"(?:\s+\w+){0,2}\s*$",
    re.IGNORECASE,
)
# A negation only counts when the trigger describes that negated thing; "not" in these
# triggers is part of the concern itself.
_NEGATION_EXEMPT = frozenset({"missing_education", "carer_breaking_point", "unsafe_at_home"})

# One compiled pattern per trigger, with the word starts it needs (see prefilter.py).
_COMPILED: list[tuple[str, re.Pattern[str], frozenset[str] | None]] = [
    (category, re.compile(rf"\b(?:{pattern})", re.IGNORECASE),
     literal_prefixes(rf"\b(?:{pattern})", re.IGNORECASE))
    for category, patterns in _PATTERNS.items()
    for pattern in patterns
]
_SENTENCE_END_RE = re.compile(r"[.!?\n;]")


def _evidence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a trigger: at most about 120 characters, cut at sentence ends."""
    left = max(0, start - 80)
    cut = None
    for m in _SENTENCE_END_RE.finditer(text, left, start):
        cut = m.end()
    if cut is not None:
        left = cut
    right_limit = min(len(text), end + 80)
    stop = _SENTENCE_END_RE.search(text, end, right_limit)
    right = stop.end() if stop else right_limit
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


def _set_aside(text: str, category: str, start: int, end: int) -> bool:
    """A figure of speech over the trigger, or a plain negation just before it."""
    window_start = max(0, start - 30)
    window = text[window_start : min(len(text), end + 30)]
    for figurative in _FIGURATIVE_RE.finditer(window):
        f_start = window_start + figurative.start()
        f_end = window_start + figurative.end()
        if f_start < end and f_end > start:
            return True
    if category in _NEGATION_EXEMPT:
        return False
    before = text[max(0, start - 40) : start]
    tail = _SENTENCE_END_RE.split(before)[-1]
    return bool(_NEGATION_RE.search(tail)) and not _CONTRAST_RE.search(tail)


_CONTRAST_RE = re.compile(r"\b(?:but|however|although|though)\b", re.IGNORECASE)


def detect_safeguarding(text: str) -> list[SafeguardingSignal]:
    """Possible safeguarding concerns in ``text``, one per category, with the evidence span.

    Each signal's ``start``/``end`` give the evidence span in ``text`` (the clause around the
    trigger), so a reviewer sees why it was raised. Recall first: when in doubt, it is raised.
    """
    if not text:
        return []
    signals: dict[str, SafeguardingSignal] = {}
    starts = word_starts(text)
    for category, pattern, prefixes in _COMPILED:
        if prefixes is not None and prefixes.isdisjoint(starts):
            continue
        for m in pattern.finditer(text):
            start, end = m.span()
            known = signals.get(category)
            if known is not None and known.start <= start:
                break
            if _set_aside(text, category, start, end):
                continue
            left, right = _evidence_bounds(text, start, end)
            signals[category] = SafeguardingSignal(category, text[left:right], left, right)
            break
    return [signals[c] for c in SAFEGUARDING_CATEGORIES if c in signals]
