"""Data generators for the analysis benchmarks (a fictional English area: Brackenford).

* ``million_rows``: resample and perturb the labelled FFT text (read from ../shared, never
  copied) into any number of comments, mixed with synthetic SEND comments carrying personal
  details and some template campaign letters, for the speed benchmark.
* ``pii_comments``: realistic SEND comments with personal details in their many spellings,
  each with the exact character spans of every detail (ground truth for redaction).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FFT = ROOT.parent / "shared" / "data" / "fft" / "fft_dev.csv"

CHILDREN = ["Jack", "Amelia", "Oliver", "Isla", "Noah", "Freya", "Leo", "Aisha", "Muhammad",
            "Ruby", "Harry", "Maisie", "Kacper", "Zainab", "Theo", "Poppy", "Ethan", "Lily",
            "Ayaan", "Evie", "Finley", "Chloe", "Reggie", "Orla", "Tyler", "Jessica"]
SURNAMES = ["Patel", "Smith", "Okafor", "Jones", "Nowak", "Begum", "Taylor", "Hughes",
            "Khan", "Walsh", "Mensah", "Clarke", "Robinson", "Ahmed", "Wright", "Green"]
ADULTS = ["Sarah", "Karen", "Michelle", "David", "Paul", "Helen", "Gemma", "Imran", "Joanne",
          "Claire", "Stuart", "Nicola", "Kirsty", "Gareth"]
STREETS = ["Mill Lane", "Station Road", "Oak Avenue", "Church Street", "Brook Close",
           "Meadow View", "Elm Grove", "Victoria Terrace", "Kingsway Drive", "Willow Crescent"]
TOWNS = ["Brackenford", "Lowmoor", "Ashby Fields", "Hatherleigh", "Stonebridge"]
SCHOOLS = ["Hillside Academy", "St Mary's Primary School", "Brackenford High School",
           "Lowmoor Community College", "Oakfield Special School", "Riverside Infant School",
           "Ashby Fields Primary", "Kingsmead Academy"]
CHILD_REFS = ["my son", "My son", "our son", "my daughter", "My daughter", "our daughter",
              "my little boy", "my 9 year old son", "my grandson", "our youngest",
              "my stepdaughter", "my child"]
ROLES = ["the SENCo", "his caseworker", "the caseworker", "her social worker", "the head",
         "his teacher", "our key worker"]
TITLES = ["Mrs", "Mr", "Ms", "Miss", "Dr"]
MONTHS = ["January", "March", "June", "September", "November", "April", "July"]
SEND_OPENERS = [
    "We waited 14 months for the EHCP and {x}.",
    "The annual review was cancelled twice and {x}.",
    "{x} and nobody from the SEND team replied to my emails.",
    "The school has been really supportive, {x}.",
    "Transport to school keeps changing and {x}.",
    "{x}. The Local Offer website was hard to find anything on.",
    "CAMHS said the waiting list is two years; {x}.",
]


def _phone(r: random.Random) -> str:
    kind = r.randrange(6)
    if kind == 0:
        return f"07{r.randrange(100, 999)} {r.randrange(100000, 999999)}"
    if kind == 1:
        return f"07{r.randrange(100, 999)}{r.randrange(100000, 999999)}"
    if kind == 2:
        return f"+44 7{r.randrange(100, 999)} {r.randrange(100, 999)} {r.randrange(100, 999)}"
    if kind == 3:
        return f"(01632) {r.randrange(100, 999)} {r.randrange(100, 999)}"
    if kind == 4:
        return f"0161-{r.randrange(100, 999)}-{r.randrange(1000, 9999)}"
    return f"01632 {r.randrange(100000, 999999)}"


def _nhs(r: random.Random) -> str:
    while True:
        digits = [r.randrange(10) for _ in range(9)]
        if digits[0] == 0:
            continue
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        if check == 10:
            continue
        s = "".join(map(str, [*digits, check]))
        return r.choice([f"{s[:3]} {s[3:6]} {s[6:]}", s, f"{s[:3]}-{s[3:6]}-{s[6:]}"])


def _postcode(r: random.Random) -> str:
    area = r.choice(["BK", "LM", "B", "M", "LS", "NE", "SW", "EC"])
    pc = f"{area}{r.randrange(1, 30)} {r.randrange(1, 10)}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    pc += r.choice("ABDEFGHJLNPQRSTUWXYZ")
    return pc.lower() if r.random() < 0.15 else pc


def _date(r: random.Random) -> str:
    d, m, y = r.randrange(1, 28), r.randrange(1, 13), r.randrange(2008, 2022)
    return r.choice([f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y % 100:02d}", f"{d}.{m}.{y}",
                     f"{d}th {r.choice(MONTHS)} {y}", f"{r.choice(MONTHS)} {d}, {y}"])


def pii_comments(n: int, seed: int = 7) -> Iterator[tuple[str, list[tuple[str, int, int]]]]:
    """(comment, [(type, start, end), ...]) with every personal detail marked."""
    r = random.Random(seed)
    for _ in range(n):
        parts: list[tuple[str, str | None]] = []  # (text, type or None)

        def add(text: str, kind: str | None = None, parts: list[tuple[str, str | None]] = parts
                ) -> None:
            parts.append((text, kind))

        child = r.choice(CHILDREN)
        opener = r.choice(SEND_OPENERS)
        before, after = opener.split("{x}")
        add(before)
        choice = r.randrange(12)
        if choice == 0:
            add(f"{r.choice(CHILD_REFS)} ")
            add(child, "child_name")
            add(" has been out of class most days")
        elif choice == 1:
            add(f"{r.choice(TITLES)} ")
            add(r.choice(SURNAMES), "person_name")
            add(" at ")
            add(r.choice(SCHOOLS), "school")
            add(" would not meet us")
        elif choice == 2:
            add("you can call me on ")
            add(_phone(r), "phone")
        elif choice == 3:
            first, last = r.choice(ADULTS), r.choice(SURNAMES)
            email = r.choice([f"{first.lower()}.{last.lower()}@gmail.com",
                              f"{first.lower()}{r.randrange(99)}@hotmail.co.uk",
                              f"{last.lower()}family@outlook.com"])
            add("please email me at ")
            add(email, "email")
        elif choice == 4:
            add("we live at ")
            add(f"{r.randrange(1, 200)} {r.choice(STREETS)}, {r.choice(TOWNS)}", "address")
            add(", ")
            add(_postcode(r), "postcode")
        elif choice == 5:
            add(f"{r.choice(CHILD_REFS)} ")
            add(f"{child} {r.choice(SURNAMES)}", "child_name")
            add(" (NHS number ")
            add(_nhs(r), "nhs_number")
            add(")")
        elif choice == 6:
            add(f"{r.choice(CHILD_REFS)} ")
            add(child, "child_name")
            add(", date of birth ")
            add(_date(r), "date_of_birth")
            add(", still has no plan")
        elif choice == 7:
            add(f"{r.choice(ROLES)} ")
            add(f"{r.choice(ADULTS)}", "person_name")
            add(" said my NI number ")
            ni = f"{r.choice(['QQ', 'AB', 'JK', 'NZ'])}{r.randrange(10, 99)}{r.randrange(10, 99)}"
            ni += f"{r.randrange(10, 99)}{r.choice('ABCD')}"
            if r.random() < 0.5:
                ni = f"{ni[:2]} {ni[2:4]} {ni[4:6]} {ni[6:8]} {ni[8]}"
            add(ni, "ni_number")
            add(" was needed")
        elif choice == 9:  # names without a cue word, lower-case cue, initials
            add(f"{r.choice(['my son', 'our girl', 'my boy'])} ")
            add(child.lower() if r.random() < 0.3 else child, "child_name")
            add(" and ")
            add(f"{r.choice(ADULTS)} {r.choice(SURNAMES)}", "person_name")
            add(" from the 0-25 team met on 3 May")
        elif choice == 10:  # obfuscated e-mail, phone with dashes, short address
            add("contact me ")
            add(f"{r.choice(ADULTS).lower()} at gmail dot com", "email")
            add(" or ")
            add(f"07{r.randrange(100, 999)}-{r.randrange(100, 999)}-{r.randrange(100, 999)}",
                "phone")
            add(", flat at ")
            add(f"{r.randrange(2, 90)}a {r.choice(STREETS).split()[0]} Rd", "address")
        elif choice == 11:  # distractors only: numbers and dates that are not personal
            add("in 2019 2020 the council had 1,261 requests, 20 weeks is the limit, the "
                "meeting was on 12/03/2024 at 10.30 and Will from nowhere")
        else:
            add(f"{child}", "child_name")
            add(f" (aged {r.randrange(4, 17)}) has UPN ")
            upn = f"{r.choice('ABCDEFGHJKLMN')}{r.randrange(10**11, 10**12)}"
            add(upn, "upn")
            add(" on the form")
        add(after)
        text = ""
        spans = []
        for piece, kind in parts:
            if kind is not None:
                spans.append((kind, len(text), len(text) + len(piece)))
            text += piece
        yield text, spans


def _fft_texts() -> list[str]:
    if not FFT.exists():
        return []
    with FFT.open(encoding="utf-8", newline="") as fh:
        return [r["FFT answer"] for r in csv.DictReader(fh) if r["FFT answer"].strip()]


_SWAPS = {"staff": "team", "nurse": "nurses", "very": "really", "good": "great",
          "helpful": "supportive", "wait": "waiting", "appointment": "appt", "doctor": "GP",
          "kind": "caring", "quick": "fast", "friendly": "welcoming", "long": "lengthy"}


def _perturb(text: str, r: random.Random) -> str:
    words = text.split()
    out = []
    for w in words:
        x = r.random()
        if x < 0.03 and len(words) > 4:
            continue  # drop a word
        if x < 0.08 and w.lower() in _SWAPS:
            w = _SWAPS[w.lower()]
        elif x < 0.10 and len(w) > 4:
            i = r.randrange(1, len(w) - 1)
            w = w[:i] + w[i + 1] + w[i] + w[i + 2 :]  # typo: swap two letters
        out.append(w)
    if r.random() < 0.2 and len(out) > 6:
        cut = r.randrange(3, len(out))
        out = out[:cut]
    if r.random() < 0.1:
        out = [w.lower() for w in out]
    return " ".join(out)


def million_rows(n: int, seed: int = 1) -> Iterator[str]:
    """``n`` comments: perturbed FFT text (80%), SEND comments with personal details (15%),
    and template campaign letters with small edits (5%)."""
    r = random.Random(seed)
    fft = _fft_texts() or [t for t, _ in pii_comments(2000, seed)]
    pii = [t for t, _ in pii_comments(5000, seed + 1)]
    campaign = (
        "I am writing as a parent in Brackenford to object to the proposed cuts to SEND "
        "transport. Children like {c} rely on it to get to school safely and the change would "
        "mean {n} hours a day travelling. Please listen to families."
    )
    for _ in range(n):
        x = r.random()
        if x < 0.80:
            yield _perturb(r.choice(fft), r)
        elif x < 0.95:
            yield r.choice(pii)
        else:
            yield campaign.format(c=r.choice(["mine", "my son", "my daughter", "ours"]),
                                  n=r.choice(["two", "three", "four"]))


def write_csv(path: Path, n: int, seed: int = 1) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "comment"])
        for i, text in enumerate(million_rows(n, seed), 1):
            writer.writerow([i, text])


if __name__ == "__main__":
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "benchmarks" / "out" / "comments.csv"
    write_csv(out, size)
    print(f"wrote {size:,} comments to {out}")
