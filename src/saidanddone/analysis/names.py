"""Person names in free text, decided by context as well as by lists.

Families write names everywhere: at the start of a sentence ("Tomasz has waited"), in a
self-introduction ("My name is Eilidh", "I'm Kwame's dad"), after a relationship word, in
lists ("Ava, Jakub and Chidi"), in lower case, with accents, and a second time later on. A
list alone misses most of them and a capital-letter rule removes half the language, so each
capitalised word is weighed on three things:

- **the lists** (``data/names.json``: Faker's Latin-script locales and our own supplement,
  about 21,000 first names and 21,000 surnames) and **the dictionary** (``data/english_words.txt``,
  SCOWL's British English): a known name that is not an English word ("Noor") is a name
  wherever it stands; one that is also a word ("Will", "Grace", "Hope") needs context;
- **its context**: a cue before it (relationship, title, "my name is", "called"), a verb after
  it ("Grace has been"), a possessive ("Kwame's dad"), another name beside it, or an
  organisation word after it ("Hope House" is a place, not a person);
- **its position**: the first word of a sentence is capitalised anyway, so there it needs a
  verb after it ("Will anyone reply?" is not a name, "Will is eight" is).

The redactor then removes every other mention of each name found, by any recogniser ("my
daughter Noor ... now Noor says"). See docs/decisions/0108-redaction-names-in-context.md.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["NameFinder", "NameLists", "name_lists"]


@dataclass(frozen=True, slots=True)
class NameLists:
    first: frozenset[str]
    surnames: frozenset[str]
    words: frozenset[str]  # ordinary English words, lower case
    word_names: frozenset[str]  # names often given that are also words (Will, Grace, Hope)
    places: frozenset[str]  # UK towns, counties and countries: not people without a cue


@lru_cache(maxsize=1)
def name_lists() -> NameLists:
    data_dir = resources.files("saidanddone.analysis").joinpath("data")
    names = json.loads(data_dir.joinpath("names.json").read_text("utf-8"))
    words = frozenset(
        line.strip()
        for line in data_dir.joinpath("english_words.txt").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    )
    return NameLists(frozenset(names["first_names"]), frozenset(names["surnames"]), words,
                     frozenset(names["word_names"]), frozenset(names["not_people"]))


# Words that are capitalised for other reasons and are never a person here.
_NEVER = frozenset(
    """
    a an and as at but by for from he her hers him his how i if in is it its me my no not now
    of on or our she so that the their them then there they this to us was we were what when
    where which who why with yes you your has had have whom did does do can could would should
    might must also just only still even very really please thank thanks sorry dear
    hi hello ok okay because although though while whilst however plus currently recently
    finally eventually sadly luckily unfortunately fortunately hopefully basically apparently
    despite mum dad mummy daddy mam mom nan nana nanna gran granny grandma grandad grandpa
    hasnt hadnt isnt wasnt doesnt didnt cant wont dont couldnt wouldnt shouldnt havent arent
    werent thats theres whats hes shes ive youre theyre weve wouldve couldve
    north south east west northern southern eastern western central greater upper lower
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december christmas easter eid diwali ramadan
    council local offer team service services school college nursery academy class year
    reception primary secondary nhs gp send sen ehcp ehc camhs adhd asd ot salt senco sendco
    sendiass ipsea iass ofsted childline samaritans nspcc barnardo barnardos mencap kooth
    papyrus shout mind scope contact england english wales welsh scotland scottish ireland
    irish britain british uk london europe covid zoom teams whatsapp facebook instagram
    tiktok snapchat youtube google xbox playstation nintendo roblox minecraft fortnite
    discord netflix amazon tesco asda lidl aldi sainsbury sainsburys morrisons mcdonalds
    muslim muslims christian christians jewish jew jews hindu hindus sikh sikhs buddhist
    catholic protestant anglican methodist baptist nazi nazis asian african caribbean
    european polish romanian english-speaking tourette tourettes asperger aspergers downs
    crohn crohns parkinson alzheimer duchenne rett angelman prader willi ehlers danlos
    lego peppa pokemon disney marvel mario minions barbie pixar bluey thomas-the-tank
    miss mr mrs ms mx dr prof sir dame lord lady god allah jesus autism autistic dyslexia
    dyspraxia down downs makaton braille pecs tac ep sw lo iep pep cin cp lac sgo
    """.split()
)
# Words of SEND and public services that the general dictionary lacks.
_SEND_WORDS = frozenset(
    """
    carer childminder senco sendco ehcp ehcna camhs paediatrician paediatrics neurodiverse
    neurodivergent healthwatch sendiass makaton respite outreach keyworker caseworker
    nonverbal dyscalculia dyspraxic dyslexic pru asd adhd salt physio physios ot splints
    safeguarding neurodevelopmental audiology orthotics portage
    """.split()
)
# Words after a capitalised word that make it part of an organisation or place name.
_ORG_AFTER = frozenset(
    """
    house court lodge centre center school academy college nursery hospital clinic ward
    trust council road street lane avenue close drive way park hall church chapel surgery
    practice unit team service services group club library centre's hub foundation
    charity project partnership federation campus university station estate village town
    city county borough district farm place gardens green square mews row walk hill
    primary secondary infants juniors junior high grammar community pre-school preschool
    forum network board panel committee health care children's family families campaign
    syndrome disease disorder kart wish trust's foundation's bloggs
    """.split()
)
# Verbs after a word that show it is someone doing something. The bare auxiliaries (is, was,
# has) are not here: "Hope is all we have", "Durham was lovely".
_PERSON_VERBS = frozenset(
    """
    says said tells told asks asked loves loved likes liked hates hated wants wanted needs
    needed keeps kept started starts began begins tried tries cried cries screamed screams
    shouts shouted refuses refused won't can't doesn't didn't isn't wasn't hasn't hadn't
    couldn't wouldn't isnt wasnt doesnt didnt cant wont hasnt attends attended struggles
    struggled thinks thought feels felt seems seemed became becomes knows knew lives lived
    walks walked runs ran plays played sleeps slept eats ate talks talked speaks spoke
    hit hits broke fell falls waits waited sits stays stayed misses missed spent spends
    enjoys enjoyed adores adored gets got goes went comes came woke wakes wet wets hid hides
    bit bites kicked kicks punched pushed screamed ran sobbed smiled laughed begged
    """.split()
)
_AUXILIARIES = frozenset("is was has had will would can could does did".split())
# After "is"/"was", words that describe a child rather than a thing ("Will is eight").
_PERSON_STATES = frozenset(
    """
    autistic nonverbal non-verbal deaf blind disabled diagnosed now still only nearly almost
    aged in at being getting going doing home off back so very really such struggling
    finding loving enjoying waiting desperate terrified scared frightened happy sad upset
    non being been taken excluded bullied settled finally got just started always never
    had come made done learnt learned grown improved managed my our his her
    eight seven six five four three two nine ten eleven twelve
    """.split()
)
_KIN_AFTER_POSSESSIVE = frozenset(
    """
    mum mam mom mother dad father parent parents nan gran grandma grandad grandmother
    grandfather auntie aunt uncle carer carers sister brother brothers sisters siblings
    teacher school class ta senco worker social key keyworker friend friends ehcp plan
    review therapist ot paediatrician consultant diagnosis needs behaviour medication
    support taxi bus transport room bedroom birthday nhs dob d.o.b file case appeal
    reference ref records record place placement statement assessment application referral
    """.split()
)
_CUE_BEFORE = re.compile(
    r"(?:\b(?:my|our|his|her|their|the|a)\s+(?:(?:\d{1,2}|[a-z]+)[ -](?:year|yr)s?[ -]old\s+|"
    r"(?:little|eldest|youngest|older|younger|middle|oldest|baby|twin|foster|adopted|step|"
    r"autistic|disabled|beautiful|gorgeous|lovely|amazing)\s+){0,2}"
    r"(?:son|daughter|child|boy|girl|kid|grandson|granddaughter|stepson|stepdaughter|step-son|"
    r"step-daughter|twins?|youngest|eldest|oldest|baby|brother|sister|nephew|niece|grandchild|"
    r"sons|daughters|boys|girls|husband|wife|partner|ex|ex-partner|fiancée?|mum|mam|mom|mother|"
    r"dad|father|stepdad|stepmum|nan|nanna|gran|grandma|grandad|grandpa|grandmother|grandfather|"
    r"aunt|auntie|uncle|cousin|carer|friend|neighbour|teacher|tutor|senco|sendco|head|"
    r"headteacher|ta|keyworker|caseworker|worker|therapist|paediatrician|consultant|nurse|"
    r"doctor|psychologist|manager|officer|coordinator|co-ordinator|advisor|adviser|"
    r"practitioner|colleague|driver|escort|key worker|case worker|social worker|"
    r"support worker|class teacher|form tutor|teaching assistant|head teacher|deputy head|"
    r"educational psychologist|case officer|young carer)"
    r"(?:\s*\((?:age[d]?\s*)?\d{1,2}\))?\s*,?\s*(?:(?:who\s+is\s+)?(?:called|named)\s+)?$"
    r"|\b(?:my\s+name\s+is|my\s+name's|name\s+is|i\s+am|i'm|im|i\u2019m|this\s+is|it's|it\u2019s|"
    r"called|named|known\s+as|call\s+me|signed|from|regards|thanks|cheers|love|"
    r"mum\s+(?:of|to)|mother\s+(?:of|to)|dad\s+(?:of|to)|father\s+(?:of|to)|"
    r"parent\s+(?:of|to)|carer\s+(?:of|for|to)|grandmother\s+of|grandparent\s+of|nan\s+of|"
    r"with|and|&|,)\s*$)",
    re.IGNORECASE,
)
# The cue words that, alone, are too weak to make an unknown word a name.
_WEAK_CUES = re.compile(
    r"(?:\b(?:with|and|from|love|thanks|cheers|regards|it's|it\u2019s)|[&,])\s*$",
                        re.IGNORECASE)
_TITLE_BEFORE = re.compile(
    r"\b(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|mister|missus|nurse|sister|father|nanny)\.?\s*$",
    re.IGNORECASE,
)
_IRISH_PREFIX = re.compile(r"^(?:O['\u2019]|D['\u2019]|Mac|Mc|Fitz)[A-Z]")
# After a word, what makes it someone introducing or being introduced.
_AFTER_CUE = re.compile(
    r"^\s*(?:here\b|\((?:born|aged?|dob|d\.o\.b|\d)|,?\s*(?:aged?\s+\d|who\s+is\s+\d)|"
    r",?\s*(?:born|dob|d\.o\.b\.?)\s*(?:on\s+|in\s+|:\s*)?(?:the\s+)?\d|"
    r",\s*(?:(?:his|her|their|the|a|proud|single|foster|adoptive|step|kinship)\s+)?"
    r"(?:mum|mam|mom|mother|dad|father|grandmother|grandfather|grandma|grandad|nan|gran|"
    r"carer|parent|parents|guardian|aunt|auntie|uncle|sister|brother|mummy|daddy)\b)",
    re.IGNORECASE,
)
# Cues before a word that are names only for words that are not ordinary English words.
_SOFT_CUE = re.compile(
    r"\b(?:ask\s+for|asked\s+for|speak\s+to|spoke\s+to|spoken\s+to|talk\s+to|talked\s+to|"
    r"thank\s+you|thanks\s+to|cheers\s+to|shout\s*out\s+to|thanks|thank|"
    r"for|to|with|from|and|&|parents\s+of|parent\s+of|carers?\s+(?:of|for)|twins|"
    r"grandparents\s+of)\s+$",
    re.IGNORECASE,
)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|around|across|outside|inside|into|towards|via|"
                           r"within|throughout|live|living|moved)\s+$", re.IGNORECASE)
_MONTHS = frozenset(["january", "february", "march", "april", "may", "june", "july", "august",
                     "september", "october", "november", "december"])
_CONTRACTION = re.compile(
    r"['\u2019](?:m|ve|d|ll|re|t)$|^(?:im|ive|id|ill|youre|theyre|dont|cant)$")
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
_SENTENCE_BREAK = frozenset(".!?\n:;\"“”(*•-\u2013—…")


class NameFinder:
    """Finds person names in one comment; ``extra`` are the area's own staff names."""

    def __init__(self, extra: frozenset[str] = frozenset(), keep: frozenset[str] = frozenset()):
        lists = name_lists()
        self.first = lists.first
        self.surnames = lists.surnames
        self.words = lists.words
        self.word_names = lists.word_names
        self.places = lists.places
        self.extra = extra
        self.keep = keep  # lower-case words the area has allow-listed (its services)

    # -- what a word is ------------------------------------------------------------------

    def _known(self, word: str) -> bool:
        if word in self.first or word in self.surnames or word in self.extra:
            return True
        parts = [p for p in re.split(r"[-'\u2019]", word) if p]
        if len(parts) > 1:
            # "Poppy-Mae", "Rhys-Evans", "O'Neill-Brown", "D'Andre": a name when its parts are.
            if _IRISH_PREFIX.match(word):
                return True
            return all(p.capitalize() in self.first or p.capitalize() in self.surnames
                       or len(p) <= 2 for p in parts) and any(len(p) > 2 for p in parts)
        return False

    def _is_word(self, word: str) -> bool:
        if "-" in word or "'" in word or "\u2019" in word:
            return self._is_word_plain(word.replace("\u2019", "'").split("'")[0]) and all(
                self._is_word_plain(p) for p in word.split("-"))
        return self._is_word_plain(word)

    def _is_word_plain(self, word: str) -> bool:
        low = word.lower()
        return (low in self.words or low.rstrip("s") in self.words or low in _SEND_WORDS
                or low.rstrip("s") in _SEND_WORDS)

    def _never(self, word: str) -> bool:
        low = word.lower()
        return (low in _NEVER or low in self.keep or len(word) < 2
                or _CONTRACTION.search(low) is not None)

    # -- the decision ---------------------------------------------------------------------

    def find(self, text: str, seeds: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
        """Name spans in ``text``; ``seeds`` are names other recognisers already found."""
        tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN_RE.finditer(text)]
        if not tokens:
            return []
        letters = [c for c in text if c.isalpha()]
        shouting = len(letters) > 20 and sum(c.isupper() for c in letters) > 0.6 * len(letters)
        lower_text = not any(c.isupper() for c in letters)
        starts = [t[0] for t in tokens]
        found: set[int] = set()  # token indexes decided as names
        for a, b in seeds:
            k = bisect.bisect_left(starts, a)
            while k < len(tokens) and tokens[k][1] <= b:
                found.add(k)
                k += 1
        for i, (_, _, raw) in enumerate(tokens):
            word = _base(raw)
            if self._never(word):
                continue
            if self._is_name(text, tokens, i, word, shouting=shouting, lower_text=lower_text):
                found.add(i)
        # Lists and full names: an unknown capitalised word joined to a name is a name too.
        changed = True
        while changed:
            changed = False
            for i in sorted(found):
                for j in (i - 1, i + 1):
                    if 0 <= j < len(tokens) and j not in found and self._joins(text, tokens, i, j):
                        found.add(j)
                        changed = True
        if not found:
            return []
        spans: list[tuple[int, int]] = []
        for i in sorted(found):
            start, end, raw = tokens[i]
            end = start + len(_base(raw))
            if spans and 0 <= start - spans[-1][1] <= 1 and text[spans[-1][1] : start] in ("", " "):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return spans

    def _is_name(self, text: str, tokens: list[tuple[int, int, str]], i: int, word: str, *,
                 shouting: bool, lower_text: bool) -> bool:
        start, end, raw = tokens[i]
        before = text[max(0, start - 60) : start]
        nxt = tokens[i + 1][2] if i + 1 < len(tokens) else ""
        nxt_low = nxt.lower()
        gap = text[end : tokens[i + 1][0]] if i + 1 < len(tokens) else ""
        possessive = raw != word or text[end : end + 2] in ("'s", "\u2019s")
        capitalised = word[0].isupper() and not _acronym(word)
        if shouting:
            word = word.capitalize()
            capitalised = True
        is_word = self._is_word(word)
        known = self._known(word) or self._known(word.capitalize())
        initial = _sentence_initial(text, start)
        followed_by_org = nxt_low in _ORG_AFTER and gap.strip() in ("", "'s", "\u2019s")
        is_word = self._is_word(word)
        if word in self.extra:
            return True
        if followed_by_org and not _TITLE_BEFORE.search(before):
            return False
        if word.lower() in _ORG_AFTER and is_word and not _TITLE_BEFORE.search(before):
            return False  # "House", "Court", "Hall": part of a place's name
        if _TITLE_BEFORE.search(before) and capitalised:
            return True
        cue = _CUE_BEFORE.search(before)
        strong_cue = cue is not None and not _WEAK_CUES.search(before)
        if not capitalised:
            # Lower case: only after a strong cue, or a listed name that is not a word, in a
            # comment typed without capitals.
            if strong_cue and (word.capitalize() in self.word_names or (known and not is_word)
                               ) and not _is_common_after_cue(word):
                return True  # "my son deacon", "my daughter grace"
            return lower_text and known and not is_word and len(word) >= 3
        adjacent = gap.strip(" ,") == ""
        verb_after = nxt_low in _PERSON_VERBS and adjacent
        aux_after = nxt_low in _AUXILIARIES and adjacent
        if aux_after:
            third = tokens[i + 2][2].lower() if i + 2 < len(tokens) else ""
            aux_after = third in _PERSON_STATES or third in _PERSON_VERBS
        digits_after = bool(re.match(r"\s+(?:is|was|turned|turns)\s+\d", text[end : end + 12]))
        person_after = verb_after or aux_after or digits_after
        kin_after = possessive and nxt_low in _KIN_AFTER_POSSESSIVE
        determiner_before = bool(re.search(r"\b(?:the|a|an|our|my|your|their|this|that|these|"
                                           r"those|every|each|any|some|no)\s+$", before, re.I))
        after_cue = _AFTER_CUE.match(text[end : end + 40]) is not None
        # "Ruby Sharples": a first name and a surname. A first name that is also a word
        # ("Parent", "Will") needs a listed surname after it, not just any capitalised word.
        pair_after = (known and i + 1 < len(tokens) and gap == " " and self._surname_like(nxt)
                      and (not is_word or (_base(nxt) in self.surnames
                                           and not self._is_word(_base(nxt)))))
        if strong_cue:
            return not is_word or known or person_after or kin_after
        if after_cue:
            return not is_word or known
        if word in self.places:
            return False  # "Durham was brilliant"
        if pair_after and not (initial and is_word and not person_after):
            return True  # "Ruby Sharples", "Will Ashworth"
        if not is_word and _SOFT_CUE.search(before) and not initial:
            return True  # "ask for Shazia", "thank you Eòghann"
        if known and not is_word:
            return not (shouting and len(word) < 4)
        if shouting:
            return False
        if initial:
            # "Grace said", "Will is eight", "Kwame's dad"; not "Will anyone", "Hope is all",
            # "May was a hard month".
            if word.lower() in _MONTHS:
                return False
            return (known or not is_word) and (person_after or kin_after)
        if determiner_before:
            return False  # "the Doctor", "our Short Breaks"
        if known:  # a word that is also a name, capitalised mid-sentence
            if person_after or kin_after:
                return True
            # Alone and capitalised mid-sentence ("we adopted Grace", "thanks to Hope"), and
            # not a month after a time word ("in May").
            prev_cap = i > 0 and tokens[i - 1][2][:1].isupper()
            next_cap = nxt[:1].isupper() and gap == " "
            timely = re.search(r"\b(?:in|on|since|until|till|by|from|of|last|next|this|early|"
                               r"late|mid|end|start|beginning|during)\s+$", before, re.I)
            return not prev_cap and not next_cap and not timely
        # An unknown proper noun mid-sentence, on no list of places or things, standing
        # alone (organisations' names run to several capitalised words): most often a person,
        # unless a word of place stands before it ("a parent in Brackenford").
        if is_word or len(word) < 3 or _PLACE_BEFORE.search(before):
            return False
        if verb_after or kin_after or person_after:
            return True
        prev_cap = i > 0 and tokens[i - 1][2][:1].isupper() and text[tokens[i - 1][1]:start] == " "
        next_cap = nxt[:1].isupper() and gap == " "
        return not prev_cap and not next_cap

    def _surname_like(self, word: str) -> bool:
        """A capitalised word that can be the surname after a first name."""
        base = _base(word)
        if not base or not base[0].isupper() or self._never(base) or base.isupper():
            return False
        return (not self._is_word(base)) or (base in self.surnames and base.lower() not in
                                               _ORG_AFTER)

    def _joins(self, text: str, tokens: list[tuple[int, int, str]], i: int, j: int) -> bool:
        """Whether token ``j`` continues the name at ``i`` (a surname, or a list of names)."""
        a, b = (i, j) if i < j else (j, i)
        gap = text[tokens[a][1] : tokens[b][0]]
        word = _base(tokens[j][2])
        if self._never(word) or not word[0].isupper() or _acronym(word):
            return False
        if word in self.places:
            return False
        if j + 1 < len(tokens) and tokens[j + 1][2].lower() in _ORG_AFTER and j > i:
            return False
        is_word = self._is_word(word)
        if gap == " " or gap == "-":  # "Kasia Nowak", "Anna-Maria"
            return not is_word or word in self.surnames or word in self.first
        if gap.strip() in (",", "and", "&", ", and", "or", "n"):
            # "Ava, Jakub and Chidi", "Rose and Faith": list items that are names themselves.
            return self._known(word) or (
                not is_word and len(word) >= 3 and not _sentence_initial(text, tokens[j][0])
            )
        return False


_COMMON_AFTER_CUE = frozenset(
    """
    is was has had will would can could does did who which that and but or so to in at on
    with from for of by not just still also now then really very always never often
    sometimes loves likes hates needs wants goes went gets got keeps started attends
    """.split()
)


def _is_common_after_cue(word: str) -> bool:
    low = word.lower()
    return low in _COMMON_AFTER_CUE or low in _PERSON_VERBS or low in _AUXILIARIES


def _acronym(word: str) -> bool:
    """"CAMHS", "OTs", "EHCPs": capitals throughout (a plural "s" aside)."""
    core = word[:-1] if word.endswith("s") and len(word) > 2 else word
    return len(core) > 1 and core.isupper()


def _base(raw: str) -> str:
    """The word without a possessive ending ("Kwame's" -> "Kwame")."""
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if raw.endswith(suffix) and len(raw) > len(suffix) + 1:
            return raw[: -len(suffix)]
    return raw


def _sentence_initial(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t'\u2018":
        k -= 1
    return k < 0 or text[k] in _SENTENCE_BREAK
