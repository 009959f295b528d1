"""Build the redactor's name and word lists (run by hand; the output ships in the package).

- First names and surnames: every Faker locale whose names are written in the Latin alphabet
  (Faker is MIT-licensed: names of many origins), plus ``scripts/name_supplement.txt``,
  written for this project, for origins Faker under-represents (Welsh, Cornish, Gaelic,
  Somali, Kurdish, Tamil, Ghanaian, ...).
- Ordinary English words: the lower-case entries of SCOWL's British English list (Debian's
  ``wbritish``, permissive SCOWL licence), so a name that is also a word (Will, Grace, Hope)
  is decided by its context instead of always or never.

    /tmp/export/bin/pip install faker && apt-get install wbritish
    /tmp/export/bin/python scripts/build_name_lists.py

Licences are recorded in docs/decisions/0108-redaction-names-in-context.md.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import sys
import unicodedata
from pathlib import Path

import faker.providers.person as person

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/saidanddone/analysis/data"
WORDS = Path("/usr/share/dict/british-english")
LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF'\u2019-]+$")


def _latin_name(name: str) -> str | None:
    name = unicodedata.normalize("NFC", name.strip())
    if not LATIN.match(name) or len(name) < 3 or not name[0].isupper():
        return None
    if name.isupper():
        return None
    return name


def main() -> int:
    firsts: set[str] = set()
    surnames: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        for attr, bucket in (("first_names", firsts), ("first_names_male", firsts),
                             ("first_names_female", firsts), ("first_names_nonbinary", firsts),
                             ("last_names", surnames)):
            values = getattr(provider, attr, ())
            if not isinstance(values, (dict, list, tuple, set, frozenset)):
                continue
            for raw in (values.keys() if isinstance(values, dict) else values):
                for part in str(raw).split():
                    name = _latin_name(part)
                    if name:
                        bucket.add(name)
    word_names: set[str] = set()
    section = ""
    for line in (ROOT / "scripts/name_supplement.txt").read_text("utf-8").splitlines():
        if line.startswith("#"):
            section = line
            continue
        for part in line.split():
            name = _latin_name(part)
            if name:
                # The supplement mixes first names and surnames; both lists take them.
                firsts.add(name)
                if "ordinary words" in section:
                    word_names.add(name)
                else:
                    surnames.add(name)
    places = sorted({w for w in (ROOT / "scripts/place_supplement.txt").read_text("utf-8").split()
                     if w[0].isupper()})
    # Capitalised dictionary entries that are on no name list: nationalities, faiths, places,
    # eponyms ("Tourette"), brands. Not people unless a person cue says so.
    dictionary = WORDS.read_text("utf-8").splitlines()
    proper = {w.split("'")[0] for w in dictionary if w[:1].isupper() and not w.isupper()}
    places = sorted(set(places) | {w for w in proper if w not in firsts and w not in surnames})
    words = sorted({w.strip() for w in WORDS.read_text("utf-8").splitlines()
                    if w.strip() and w.strip().islower() and "'" not in w})
    (OUT / "names.json").write_text(json.dumps({
        "source": "Faker person providers (MIT) in Latin script, and "
                  "scripts/name_supplement.txt (this project)",
        "first_names": sorted(firsts),
        "surnames": sorted(surnames),
        # Names that are also ordinary words and are often given as names: in lower case
        # after "my son" they are taken as names; other list entries that are words are not.
        "word_names": sorted(word_names),
        "not_people": places,
    }, ensure_ascii=False, indent=0) + "\n", "utf-8")
    (OUT / "english_words.txt").write_text(
        "# Lower-case entries of SCOWL's British English word list (Debian wbritish);\n"
        "# Copyright 2000-2011 Kevin Atkinson; see docs/decisions/0108 for the licence.\n"
        + "\n".join(words) + "\n", "utf-8")
    print(f"{len(firsts)} first names, {len(surnames)} surnames, {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
