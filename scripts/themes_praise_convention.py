"""Apply the labelling convention for ``praise`` to the theme training material (run by hand).

The convention (taxonomy description, docs/decisions/0114): ``praise`` is given where the
comment compliments or thanks a service, a team or a person in so many words ("the SENCo has
been brilliant", "thank you to the short breaks team", "the OT was really helpful"). A comment
that is only positive (what is in place, what improved, what a child enjoys, a wish) gets the
theme of its subject and a positive sentiment, not ``praise``: the sentiment carries the tone.

The first material gave ``praise`` to nearly every positive or mixed comment (2,475 of 2,825),
which is what the default model learnt. This script keeps ``praise`` on a row only where the
text holds a compliment or thanks from the list below; a row whose only theme was ``praise``
keeps it. It never adds ``praise``. It is idempotent: running it again changes nothing.

    .venv/bin/python scripts/themes_praise_convention.py           # rewrite training/themes
    .venv/bin/python scripts/themes_praise_convention.py --check   # count what would change
    .venv/bin/python scripts/themes_praise_convention.py tests/analysis/data/themes_heldout.jsonl
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "training" / "themes"

# A compliment or thanks in so many words. Plain "good", "positive", "helps" or "happy" are
# not enough: they describe a good experience without praising anyone for it.
COMPLIMENT = re.compile(
    r"\b(?:thank(?:s|ful|ing|ed)?|grateful|gratitude|brilliant(?:ly)?|amazing(?:ly)?|fantastic|"
    r"excellent|outstanding|wonderful|superb|incredible|exceptional|(?:a|an|absolute) star|"
    r"stars|superstar|"
    r"lifeline|life ?saver|can'?t fault|cannot fault|couldn'?t fault|could not fault|"
    r"couldn'?t ask for|above and beyond|second to none|first[- ]class|the best|"
    r"best (?:thing|decision|ta|senco|teacher|school|service|team|support|caseworker|worker|"
    r"person)|a credit|credit to|praise|shout[- ]?out|kudos|heroes|hero|angel|gem|godsend|"
    r"(?:so|really|very|extremely|incredibly) helpful|(?:so|really|very) kind|kind|lovely|fab|"
    r"fabulous|great (?:job|work|support|service|team)|impressed|glowing|"
    r"could not have (?:asked|wished)|"
    r"made (?:all|such|a (?:real|huge|massive|big)) (?:the )?difference|"
    r"changed (?:our|my|his|her|their) li(?:fe|ves)|(?:i|we) love|"
    r"love (?:my|our|the|it|going|coming)|loves (?:it|going|the|his|her|coming)|perfect|"
    r"well done|keep (?:it )?up|brill|awesome|the most (?:helpful|supportive)|"
    r"(?:works|working|worked) (?:really |so |very )?well|"
    r"(?:really|so|very) (?:useful|good|nice|helped)|helped (?:us|me|him|her) so much)\b",
    re.IGNORECASE,
)


def compliments(text: str) -> bool:
    return COMPLIMENT.search(text) is not None


def apply(row: dict) -> dict:
    themes = list(row["themes"])
    if "praise" in themes and len(themes) > 1 and not compliments(row["text"]):
        themes.remove("praise")
    return {**row, "themes": themes}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="count changes; write nothing")
    parser.add_argument("files", nargs="*", type=Path,
                        help="JSONL files to rewrite (default: all of training/themes)")
    args = parser.parse_args()
    total = 0
    for path in args.files or sorted(glob.glob(str(TRAINING / "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        new = [apply(r) for r in rows]
        changed = sum(a["themes"] != b["themes"] for a, b in zip(rows, new, strict=True))
        total += changed
        print(f"{Path(path).name}: praise removed from {changed} of {len(rows)}")
        if changed and not args.check:
            with open(path, "w", encoding="utf-8") as fh:
                for r in new:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"total {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
