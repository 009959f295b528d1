"""The transparent rule layer: keyword patterns for the default SEND taxonomy and sentiment.

Each theme has weighted patterns; a comment's score for a theme is ``1 - exp(-sum of weights)``
of the patterns it contains, so one strong phrase ("EHCP", "CAMHS") scores about 0.78 and two
weaker ones combine. The matched words are kept so staff can see why a theme was suggested.
Sentiment uses a small hand-written lexicon with negation and "but" handling.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from saidanddone.analysis.prefilter import literal_prefixes, word_starts

__all__ = ["DEFAULT_RULES", "RuleSet", "lexicon_sentiment", "lexicon_sentiment_score"]

# slug -> ((pattern, weight), ...). Patterns are regex fragments matched at word starts.
DEFAULT_RULES: dict[str, tuple[tuple[str, float], ...]] = {
    "ehc-plans": (
        (r"ehc ?ps?\b|ehc ?plans?|education,? health and care plan|ehcna|needs assessment", 1.5),
        (r"annual reviews?|20[- ]weeks?|section [fi]\b|draft plan|final plan|plan was issued", 1.2),
        (r"statement(?:ed)?\b|statutory assessment|tribunal|sendist|mediation", 0.9),
        (r"caseworker|case worker|case officer", 0.4),
    ),
    "contact": (
        (r"(?:no|never|didn'?t|did not|don'?t|do not) (?:get |got |have )?(?:a )?(?:reply|response|"
         r"answer|call back|callback)", 1.3),
        (r"(?:return|returned|returning) (?:my|our) (?:calls?|emails?)|chas(?:e|ed|ing)|"
         r"got through|get through|answer(?:ed)? the phone|phone (?:line|number)|voicemail", 1.0),
        (r"kept informed|keep (?:us|me) informed|communicat\w*|emails?|phone|contact(?:ed|ing)?|"
         r"caseworker|case worker|named (?:worker|officer)|respon(?:d|se|sive)", 0.5),
        (r"send (?:team|service|department)|0-25 team|council", 0.3),
    ),
    "waiting-times": (
        (r"waiting list|wait(?:ed|ing)? (?:for|over|nearly|almost)? ?(?:\d+|two|three|four|"
         r"several|many) (?:years?|months?|weeks?)|waiting times?", 1.3),
        (r"diagnos\w*|assessment for (?:autism|adhd|asd)|neurodevelopmental|nd pathway|"
         r"autism assessment|adhd assessment|asd assessment", 1.0),
        (r"wait(?:ed|ing|s)?\b|delay(?:s|ed)?|backlog|still waiting|too long|months|years", 0.5),
    ),
    "health-therapies": (
        (r"speech and language|salt\b|speech therap\w*|occupational therap\w*|\bot\b|"
         r"physio\w*|paediatric\w*|paediatrician", 1.5),
        (r"therap(?:y|ies|ist)|nhs|health visitor|school nurse|gp\b|hospital|medical needs|"
         r"medication|epilepsy|diabetes|wheelchair|continence|sensory processing", 0.9),
        (r"health|clinic|doctor|nurse|dietitian|audiology|hearing|vision", 0.4),
    ),
    "mental-health": (
        (r"camhs|cyp ?mhs|mental health|emotional wellbeing|well-being|wellbeing", 1.5),
        (r"anxi(?:ety|ous)|depress\w*|self[- ]?harm\w*|suicid\w*|counsell\w*|elsa\b|"
         r"eating disorder|panic attacks?|low mood|trauma", 1.1),
        (r"emotional|stress(?:ed)?|meltdowns?|shut ?downs?|burn ?out|mental", 0.5),
    ),
    "sen-support": (
        (r"sen support|sendco|senco|senco's|graduated approach|assess,? plan,? do,? review|"
         r"support plan|one[- ]page profile|provision map", 1.4),
        (r"(?:teaching|learning|1:1|one to one|one-to-one) (?:assistant|support)|\bta\b|"
         r"interventions?|differentiat\w*|reasonable adjustments?|without an? ehc", 1.0),
        (r"support in school|support at school|school support|in class|classroom|teacher", 0.4),
    ),
    "training": (
        (r"(?:staff|teachers?|school|they) (?:need|needs|needed) (?:more )?training|"
         r"training (?:for|on|in|about)|autism (?:awareness|training)|trauma[- ]informed", 1.5),
        (r"train(?:ed|ing)|awareness|understand(?:ing)? (?:of )?(?:autism|adhd|send|needs)|"
         r"(?:didn'?t|don'?t|do not|did not) understand", 0.9),
        (r"knowledge|skilled|experience(?:d)? (?:with|in)", 0.4),
        # How staff understand and treat a child ("teachers don't get autism").
        (r"(?:teachers?|staff|school|adults?|tutors?|lecturers?) (?:don'?t|do not|didn'?t|"
         r"did not|never|doesn'?t|does not) (?:know|understand|get|believe|recogni[sz]e|"
         r"realise|see)|(?:teachers?|staff) (?:should|need to|must|to) (?:know|learn|"
         r"understand|be aware|be trained)|(?:staff|teachers?)'? attitudes?|"
         r"understand (?:me|him|her|them|us|autism|adhd|dyslexia|my needs|his needs|her needs)"
         r"|adapt (?:lessons|teaching|their teaching)", 1.1),
    ),
    "inclusion": (
        (r"exclu(?:ded|sion|sions|de)|part[- ]time timetable|reduced timetable|"
         r"off[- ]?roll\w*|isolation|suspen(?:ded|sion)", 1.4),
        (r"attendance|school refus\w*|school avoid\w*|ebsa|emotionally based|behaviour polic\w*|"
         r"detentions?|sanctions?|inclusion|inclusive|fines?\b", 1.0),
        (r"behaviour|punish\w*|sent home|can'?t cope in school|uniform", 0.5),
    ),
    "school-places": (
        (r"special schools?|specialist (?:provision|placement|school|setting)|"
         r"resource(?:d)? (?:base|provision|unit)|school places?|placements?", 1.4),
        (r"independent (?:special )?school|out of (?:area|county) (?:placement|school)|"
         r"no (?:suitable )?(?:school|place)|consultation|naming (?:a|the) school|"
         r"phase transfer", 1.0),
        (r"mainstream|provision|places? (?:for|at)|oversubscribed|capacity", 0.5),
    ),
    "transitions": (
        (r"transitions?|preparing for adulthood|\bpfa\b|post[- ]?16|post[- ]?19|adult services|"
         r"moving (?:up|on) to|year 6 to|secondary transfer", 1.4),
        (r"college|sixth form|apprentice\w*|supported internship|employment|jobs?|university|"
         r"independen(?:t|ce) living|turning 18|18th birthday|adult social care|neet", 1.0),
        (r"future|next steps|leaving school|new school", 0.5),
        # Moving on, written plainly ("after college", "starting secondary", "when he turns 18").
        (r"after (?:school|college|year 11|sixth form|16|18|19|25)|when (?:he|she|they|i) "
         r"(?:turns?|leaves?|leave|finish\w*)|starting (?:school|secondary|reception|college|"
         r"nursery)|move (?:to|up to|into) (?:secondary|college|adult|high school)|"
         r"(?:work|job) (?:experience|placements?|coach\w*)|careers?|adulthood|adult life|"
         r"taster days?|move on", 0.9),
    ),
    "local-offer": (
        (r"local offer|sendiass|sendias|iass|information,? advice and support", 1.6),
        (r"website|find(?:ing)? (?:information|out)|information about|signpost\w*|directory|"
         r"leaflet|newsletter|easy read|not easy to find|hard to find|"
         r"didn'?t know (?:about|what)", 0.9),
        (r"information|advice|online|search|links?", 0.4),
        # Finding out what exists ("nobody tells you what is available", "where to go").
        (r"(?:what|where) (?:support|help|services?) (?:is|are|there is|exists?)|"
         r"what(?:'s| is) (?:available|out there|on offer)|where to (?:find|go|get|start|look)|"
         r"find (?:out )?(?:what|where|about)|navigat\w*|word of mouth|jargon|"
         r"(?:nobody|no one|no-one) (?:tells?|told) (?:you|us|me)|entitled to", 0.9),
    ),
    "co-production": (
        (r"co[- ]?produc\w*|listen(?:ed|ing)? to|not (?:being )?listened|parent carer forum|"
         r"being heard|our voices?|have a say|involved in decisions", 1.5),
        (r"consult(?:ed|ation)|involv(?:e|ed|ing) (?:parents|families|us)|feedback|survey|"
         r"you said,? we did|parent voice|pupil voice|views", 0.9),
        (r"listen\w*|ignored|dismissed|partnership|working together", 0.5),
        # Being involved, written as a request or an event note ("Parents want to be involved
        # in...", "Young people asked to be consulted", "Ask us first").
        (r"(?:be|being|get|getting|feel|felt) (?:more )?(?:involved|included|consulted|heard|"
         r"asked)|(?:not|never|weren'?t|wasn'?t) (?:been )?(?:asked|consulted|included|"
         r"involved)|include (?:me|us|parents|families|young people|children)|"
         r"ask (?:me|us|young people|children|parents|families)|nothing about us|"
         r"(?:youth|young people'?s?) (?:forum|council|voice|panel)|say in|decide for|"
         r"decisions? (?:about|made|affecting)|what happened to (?:our|my|the) (?:views|ideas|"
         r"feedback)|heard back|our ideas|my views|their views", 1.0),
    ),
    "funding": (
        (r"fund(?:ing|ed)|top[- ]?ups?|personal budgets?|direct payments?|high needs|"
         r"element 3|notional", 1.5),
        (r"money|budget(?:s)?|cuts?|afford|cost(?:s)?|financ\w*|paid for|pay for|"
         r"dla\b|disability living allowance|pip\b|carers allowance", 0.8),
        (r"resources|spend\w*|cheap\w*|expensive", 0.4),
    ),
    "short-breaks": (
        (r"short breaks?|respite|social care|social worker|holiday clubs?|"
         r"holiday (?:activity|provision)|haf\b|play ?schemes?", 1.5),
        (r"carers? assessment|children with disabilities team|cwd team|early help|"
         r"after[- ]school clubs?|youth clubs?|activities|overnight", 0.9),
        (r"break|holidays?|clubs?|carers?", 0.4),
    ),
    "transport": (
        (r"transport|taxi|minibus|bus pass|home to school|school bus|escort|passenger assistant|"
         r"travel (?:training|assistance|support|allowance)|mileage", 1.6),
        (r"driver|pick(?:ed)? up|drop(?:ped)? off|journey|route|late (?:for|to) school", 0.7),
    ),
    "joint-working": (
        (r"joint(?:ly)? (?:working|commissioning|up)|joined[- ]up|education,? health and care "
         r"(?:working|together)|cross[- ]border|neighbouring (?:council|authority|area)|"
         r"between (?:services|agencies|departments)|multi[- ]agency|work(?:ing)? together", 1.4),
        (r"passed (?:between|from|around)|pass(?:ing)? the buck|no one (?:takes|took) "
         r"responsibility|(?:health|education|social care) (?:and|&) (?:education|health|"
         r"social care)|agencies|icb|ccg|other services|different services", 0.9),
        (r"services|departments|organisations", 0.3),
    ),
    "equality": (
        (r"equalit\w*|divers\w*|discriminat\w*|racis\w*|cultur\w*|ethnic\w*|"
         r"english as an additional language|\beal\b|interpreters?|translat\w*", 1.5),
        (r"languages?|religio\w*|faith|gender|lgbt\w*|fair(?:ly|ness)?|unfair(?:ly)?|"
         r"postcode lottery|background|deaf|accessib\w*", 0.8),
    ),
    # A compliment or thanks in so many words (the convention: docs/decisions/0114). Plain
    # "good", "positive" or "happy" describe a good experience and are left to sentiment.
    "praise": (
        (r"thank(?:s| you)|grateful|brilliant|fantastic|amazing|excellent|wonderful|"
         r"outstanding|couldn'?t have asked for|made a (?:real |huge |big )?difference|"
         r"went (?:above and beyond|the extra mile)|lifeline|can'?t fault", 1.3),
        (r"(?:so|really|very) helpful|lovely|kind|caring|impressed|well done", 0.6),
    ),
}


@dataclass(frozen=True)
class RuleHit:
    label: str
    score: float
    words: tuple[str, ...]


class RuleSet:
    """Compiled rules: each weighted pattern on its own, skipped when it cannot match."""

    def __init__(self, rules: Mapping[str, Sequence[tuple[str, float]]]) -> None:
        self.rules = {label: tuple((p, float(w)) for p, w in pats) for label, pats in rules.items()}
        self._compiled: list[tuple[str, float, re.Pattern[str], frozenset[str] | None]] = []
        for label, pats in self.rules.items():
            for pattern, weight in pats:
                full = rf"\b(?:{pattern})"
                self._compiled.append(
                    (label, weight, re.compile(full, re.IGNORECASE),
                     literal_prefixes(full, re.IGNORECASE))
                )

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.rules)

    def scores(self, text: str) -> dict[str, RuleHit]:
        if not self._compiled or not text:
            return {}
        starts = word_starts(text)
        totals: dict[str, float] = {}
        words: dict[str, list[str]] = {}
        spans: dict[str, list[tuple[int, int]]] = {}
        for label, weight, pattern, prefixes in self._compiled:
            if prefixes is not None and prefixes.isdisjoint(starts):
                continue
            taken = spans.setdefault(label, [])
            for m in pattern.finditer(text):
                start, end = m.span()
                word = m.group(0).lower()
                # Text already counted for this theme (by a stronger pattern) counts once.
                if word in words.get(label, ()) or any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                totals[label] = totals.get(label, 0.0) + weight
                words.setdefault(label, []).append(word)
        return {
            label: RuleHit(label, 1.0 - math.exp(-total), tuple(dict.fromkeys(words[label])))
            for label, total in totals.items()
        }


# ---- sentiment lexicon ---------------------------------------------------------------------
_POSITIVE = (
    r"thank\w*|grateful|brilliant|fantastic|amazing|excellent|wonderful|outstanding|superb|"
    r"great|good|best|better|helpful|supportive|kind|kindness|caring|lovely|nice|pleasant|"
    r"friendly|polite|professional|happy|pleased|glad|satisfied|reassur\w*|comfortable|"
    r"efficient|quick(?:ly)?|prompt(?:ly)?|easy|clear|listened|understanding|patient|"
    r"compassion\w*|respect(?:ful|ed)|welcom\w*|impressed|perfect|love[ds]?|well done|"
    r"recommend|smooth|calm(?:ing)?|safe|fab(?:ulous)?|first class|spot on|exceptional|"
    r"attentive|informative|thorough|knowledgeable|approachable|considerate|gentle|"
    r"appreciat\w*|made a difference|above and beyond|extra mile|no complaints|all good|"
    r"fine|ok|okay|brill|superb|marvellous|wonderful|top notch|5 stars?|10/10|5\*"
)
_NEGATIVE = (
    r"bad|poor(?:ly)?|terrible|awful|horrible|appalling|disgust\w*|rude|unhelpful|useless|"
    r"worst|worse|slow|long wait|wait(?:ed|ing)? (?:too )?long|delay\w*|late|cancel\w*|"
    r"disappoint\w*|frustrat\w*|angry|upset|unhappy|dissatisf\w*|complain\w*|ignored|"
    r"dismiss\w*|not listened|failed|fail(?:s|ing|ure)?|lack(?:ing)?|lack of|never|nobody|"
    r"no one|struggl\w*|difficult|hard|problem\w*|issue[sd]?|wrong|mistake\w*|lost|"
    r"unacceptable|shocking|neglect\w*|unprofessional|uncaring|cold|dirty|noisy|confus\w*|"
    r"stress\w*|anxious|worr\w*|scared|fight|battle|chas(?:e|ed|ing)|still waiting|"
    r"too long|not enough|no support|no help|no reply|no response|let down|rushed|"
    r"unsafe|pain(?:ful)?|hurt|cruel|incompetent|inadequate|shambles|joke|nightmare|"
    r"exhaust\w*|desperate|can'?t cope|cannot cope|breaking point|excluded|refused|"
    r"understaffed|short staffed|improve|improvement|should|could have|need(?:s|ed)? to|"
    r"more staff|more support|better communication"
)
_NEGATORS = r"not|no|never|n't|hardly|wasn'?t|isn'?t|weren'?t|didn'?t|don'?t|doesn'?t|nothing"
_SENT_RE = re.compile(
    rf"\b(?P<neg>(?:{_NEGATORS})\b\s+(?:\w+\s+)?)?(?:(?P<pos>{_POSITIVE})|(?P<negw>{_NEGATIVE}))\b",
    re.IGNORECASE,
)
_BUT_RE = re.compile(r"\b(?:but|however|although|though|except|apart from)\b", re.IGNORECASE)


def lexicon_sentiment_score(text: str) -> tuple[float, float]:
    """(positive, negative) weights for ``text``; words after "but" count more."""
    pos = neg = 0.0
    but = _BUT_RE.search(text)
    pivot = but.start() if but else len(text)
    for m in _SENT_RE.finditer(text):
        weight = 1.5 if m.start() > pivot else 1.0
        is_pos = m.group("pos") is not None
        if m.group("neg"):
            is_pos = not is_pos
            weight *= 0.8
        if is_pos:
            pos += weight
        else:
            neg += weight
    return pos, neg


def lexicon_sentiment(text: str) -> str:
    """"positive", "neutral" (or mixed) or "negative" from the lexicon alone."""
    pos, neg = lexicon_sentiment_score(text)
    if pos == 0 and neg == 0:
        return "neutral"
    if (pos >= 1 and neg == 0) or pos >= 2 * neg + 1:
        return "positive"
    if (neg >= 1 and pos == 0) or neg >= 2 * pos + 0.5:
        return "negative"
    return "neutral"
