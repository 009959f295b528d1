"""Train the importer's block labeller (run by hand; the result ships with the package).

Reads ``training/importer/`` (pages written for this project, never ``../shared``):
``structured_*.jsonl`` is content without layout, drawn into ``--layouts`` pages each by
``importer_layouts.render``; ``annotated_*.txt`` are whole pages marked up by hand. Every page
becomes units with gold roles (``saidanddone.importers.annotated``), and a linear-chain CRF
(python-crfsuite, L-BFGS with elastic-net) learns the roles from the units' features.

    .venv/bin/python scripts/train_importer.py            # hold back 15%, report, train all, ship
    .venv/bin/python scripts/train_importer.py --dry-run  # report only

The held-back report gives unit accuracy, entry recall (an entry is found when one assembled
entry holds the start of each of its fields) and pairs found on look-alike pages at several
confidence floors; the floor in ``labeller.MIN_ENTRY_CONFIDENCE`` is chosen from it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import random
import sys
import tempfile
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import pycrfsuite  # noqa: E402
from importer_layouts import LAYOUTS, render  # noqa: E402

from saidanddone.importers import labeller, read_document  # noqa: E402
from saidanddone.importers.annotated import (  # noqa: E402
    AnnotationError,
    Page,
    did_statuses,
    gold_labels,
    parse_page,
    read_pages,
)
from saidanddone.importers.evaluation import expected_entries, holds, score_pages  # noqa: E402
from saidanddone.importers.features import page_features  # noqa: E402
from saidanddone.importers.labeller import (  # noqa: E402
    ENTRY_FEATURES,
    MANIFEST,
    MODEL_DIR,
    MODEL_FILES,
    STATUS_CLASSES,
    assemble,
    entry_signals,
    label_page,
    tag_units,
)
from saidanddone.importers.model import Entry  # noqa: E402
from saidanddone.importers.roles import (  # noqa: E402
    Gate,
    RoleModel,
    train_roles,
)
from saidanddone.importers.units import (  # noqa: E402
    Line,
    Unit,
    lines_from_text,
    normalise_page,
    split_units,
)

TRAINING = ROOT / "training" / "importer"
THEMES = ROOT / "training" / "themes"
HELD_OUT = ROOT / "tests" / "importers" / "data" / "heldout_pages.txt"
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True}


def structured_pages(layouts_per_page: int) -> list[Page]:
    pages: list[Page] = []
    for path in sorted(TRAINING.glob("structured_*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            doc: dict[str, Any] = json.loads(line)
            seed = zlib.crc32(f"{path.name}:{number}".encode())
            rng = random.Random(seed)
            chosen = rng.sample(LAYOUTS, min(layouts_per_page, len(LAYOUTS)))
            for layout in chosen:
                marked = normalise_page(render(doc, rng, layout))
                try:
                    pages.append(parse_page(f"{doc.get('id', number)}:{layout}", True, marked))
                except AnnotationError as exc:
                    print(f"skipped {exc}", file=sys.stderr)
    return pages


def annotated_pages() -> list[Page]:
    pages: list[Page] = []
    for path in sorted(TRAINING.glob("annotated_*.txt")):
        for page in read_pages(path):
            try:
                pages.append(parse_page(page.id, page.positive, normalise_page(_marked(page))))
            except AnnotationError as exc:
                print(f"skipped {exc}", file=sys.stderr)
    return pages


def _marked(page: Page) -> str:
    """A parsed page written back with its marks (to normalise the characters once)."""
    out, position = [], 0
    for span in page.spans:
        out.append(page.text[position : span.start])
        head = span.kind + (f" {span.entry}" if span.entry is not None else "")
        head += f" {span.status}" if span.status else ""
        out.append(f"<<{head}|{page.text[span.start : span.end]}>>")
        position = span.end
    out.append(page.text[position:])
    return "".join(out)


def wrapped(page: Page, rng: random.Random) -> Page:
    """The page with long lines hard-wrapped, as plain-text and PDF copies are.

    A space becomes a line break, so every span keeps its offsets.
    """
    width = rng.randint(60, 100)
    chars = list(page.text)
    column = 0
    for index, char in enumerate(chars):
        if char == "\n":
            column = 0
            continue
        column += 1
        if char == " " and column >= width:
            chars[index] = "\n"
            column = 0
    return Page(f"{page.id}:wrapped", page.positive, "".join(chars), page.spans)


def with_wrapped(pages: list[Page], share: float = 0.2) -> list[Page]:
    rng = random.Random(7)
    extra = [wrapped(p, rng) for p in pages if rng.random() < share]
    return pages + extra


@dataclass(frozen=True)
class Prepared:
    page: Page
    lines: list[Line]
    units: list[Unit]
    gold: list[str]


def prepare(pages: list[Page]) -> list[Prepared]:
    out = []
    for page in pages:
        lines = lines_from_text(page.text)
        units = split_units(lines)
        if units:
            out.append(Prepared(page, lines, units, gold_labels(page, lines, units)))
    return out


_ROLE_OF = {"SAID": "said", "ASK": "said", "DID": "did"}


def theme_sentences() -> list[str]:
    """What families say, from the theme training comments, cut into units as pages are."""
    found: list[str] = []
    for path in sorted(THEMES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = normalise_page(json.loads(line)["text"])
                found.extend(u.text for u in split_units(lines_from_text(text)))
    return found


def fit_roles(prepared: list[Prepared], extra_said: list[str]) -> RoleModel:
    texts = [u.text for p in prepared for u in p.units] + extra_said
    roles = [_ROLE_OF.get(g, "other") for p in prepared for g in p.gold] + ["said"] * len(
        extra_said
    )
    return train_roles(texts, roles)


def _fold(page: Page, folds: int) -> int:
    return zlib.crc32(page.id.split(":")[0].encode()) % folds


def _train_crf(args: tuple[list[tuple[list[dict[str, float]], list[str]]], str]) -> str:
    data, path = args
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in data:
        trainer.append(features, labels)
    trainer.set_params(PARAMS)
    trainer.train(path)
    return path


def fit(prepared: list[Prepared], out: Path, extra_said: list[str], folds: int = 5) -> None:
    """Train the roles model, the labeller, its entry gate and the status model into ``out``.

    Everything a later stage learns from is what an earlier stage gives pages it was not
    trained on (cross-fitting), as on a new page: the labeller learns from out-of-fold role
    probabilities, and the entry gate from the entries out-of-fold labellers assemble. The
    models shipped are then trained on everything.
    """
    out.mkdir(parents=True, exist_ok=True)
    probabilities: dict[int, list[tuple[float, float, float]]] = {}
    for fold in range(folds):
        model = fit_roles([p for p in prepared if _fold(p.page, folds) != fold], extra_said)
        for index, item in enumerate(prepared):
            if _fold(item.page, folds) == fold:
                probabilities[index] = model.probabilities([u.text for u in item.units])
    features = {
        index: page_features(item.lines, item.units, probabilities[index])
        for index, item in enumerate(prepared)
    }
    jobs = [
        (
            [(features[i], p.gold) for i, p in enumerate(prepared) if _fold(p.page, folds) != f],
            str(out / f"fold{f}.crfsuite"),
        )
        for f in range(folds)
    ]
    jobs.append(([(features[i], p.gold) for i, p in enumerate(prepared)],
                 str(out / "labeller.crfsuite")))
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_train_crf, jobs)
    rows: list[dict[str, float]] = []
    target: list[int] = []
    for index, item in enumerate(prepared):
        if "wrapped" in item.page.id:
            continue
        crf = out / f"fold{_fold(item.page, folds)}.crfsuite"
        tagged = tag_units(item.lines, item.units, probabilities[index], crf)
        result = assemble(item.lines, tagged)
        expected = expected_entries(item.page) if item.page.positive else []
        used: set[int] = set()
        for entry in result.entries:
            plain = Entry(entry.period, entry.heading, " ".join(entry.asked) or None,
                          tuple(entry.said), tuple(entry.did))
            match = next(
                (n for n, want in enumerate(expected) if n not in used and holds(want, plain)),
                None,
            )
            if match is not None:
                used.add(match)
            rows.append(entry_signals(entry, result))
            target.append(int(match is not None))
    for f in range(folds):
        (out / f"fold{f}.crfsuite").unlink()
    fit_entry_gate(rows, target).save(out / "gate.json")
    fit_roles(prepared, extra_said).save(out / "roles.npz")
    fit_status([p.page for p in prepared]).save(out / "status.npz")


def fit_status(pages: list[Page]) -> RoleModel:
    """The status model, on every action of the training pages with the status it states."""
    texts: list[str] = []
    statuses: list[str] = []
    for page in pages:
        if "wrapped" in page.id:
            continue
        for text, status in did_statuses(page):
            texts.append(" ".join(text.split()))
            statuses.append(status)
    print(f"status model: {len(texts)} actions, {dict(Counter(statuses))}")
    return train_roles(texts, statuses, classes=STATUS_CLASSES)


ENTRY_KEEP = 0.97
"""The share of out-of-fold entries that match a real entry the entry gate must keep."""


def fit_entry_gate(rows: list[dict[str, float]], target: list[int]) -> Gate:
    from sklearn.linear_model import LogisticRegression

    matrix = [[row[k] for k in ENTRY_FEATURES] for row in rows]
    classifier = LogisticRegression(C=1.0, max_iter=2000)
    classifier.fit(matrix, target)
    scores = classifier.predict_proba(matrix)[:, 1]
    real = sorted(s for s, t in zip(scores, target, strict=True) if t)
    threshold = float(real[int(len(real) * (1 - ENTRY_KEEP))])
    false = [s for s, t in zip(scores, target, strict=True) if not t]
    print(
        f"entry gate: {len(real)} real and {len(false)} other out-of-fold entries; threshold "
        f"{threshold:.3f} keeps {ENTRY_KEEP:.0%} of real ones and drops "
        f"{sum(s < threshold for s in false)} of the others"
    )
    weights = dict(zip(ENTRY_FEATURES, map(float, classifier.coef_[0]), strict=True))
    return Gate(weights, float(classifier.intercept_[0]), threshold)


def write_manifest(directory: Path, about: dict[str, Any]) -> None:
    files = {
        name: hashlib.sha256((directory / name).read_bytes()).hexdigest() for name in MODEL_FILES
    }
    (directory / MANIFEST).write_text(
        json.dumps({"files": files, **about}, indent=2) + "\n", encoding="utf-8"
    )


# ------------------------------------------------------------------------------ evaluation


def evaluate(pages: list[Page], model: Path) -> None:
    """Unit accuracy, the commonest confusions, and the importer's score read end to end."""
    right = total = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for page in pages:
        lines = lines_from_text(page.text)
        tagged = label_page(lines, model)
        gold = gold_labels(page, lines, tagged.units)
        for g, p in zip(gold, tagged.labels, strict=True):
            total += 1
            right += g == p
            if g != p:
                confusion[(g, p)] += 1
    shipped = labeller.MODEL_DIR
    labeller.MODEL_DIR = model
    try:
        score = score_pages(
            pages, lambda text: list(read_document(text.encode(), "page.txt").entries)
        )
    finally:
        labeller.MODEL_DIR = shipped
    print(f"{len(pages)} pages ({score.look_alikes} look-alikes), {total} units")
    print(f"  unit accuracy {right / max(1, total):.3f}")
    print(f"  entry recall {score.found}/{score.expected} = {score.recall:.3f}")
    print(f"  pairs on look-alikes {score.fabricated}")
    print(
        f"  status right {score.status_right}/{score.status_stated} = "
        f"{score.status_accuracy:.3f}"
    )
    print("  commonest confusions (gold -> predicted): " + ", ".join(
        f"{g}->{p} {n}" for (g, p), n in confusion.most_common(8)
    ))


def _held_back(page: Page) -> bool:
    key = page.id.split(":")[0]
    return zlib.crc32(key.encode()) % 100 < 15


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="check on held-back pages only")
    parser.add_argument(
        "--no-check", action="store_true", help="ship without the held-back check first"
    )
    parser.add_argument("--layouts", type=int, default=4, help="layouts per structured page")
    parser.add_argument("--c1", type=float, default=PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=PARAMS["c2"])
    parser.add_argument(
        "--annotated-weight", type=int, default=1, help="copies of each hand-annotated page"
    )
    parser.add_argument(
        "--out", type=Path, default=MODEL_DIR,
        help="where the model goes (default: ship it in the package)",
    )
    args = parser.parse_args()
    PARAMS.update(c1=args.c1, c2=args.c2)
    started = time.perf_counter()
    pages = structured_pages(args.layouts) + annotated_pages() * args.annotated_weight
    print(f"{len(pages)} training pages ({sum(not p.positive for p in pages)} look-alikes)")
    said = theme_sentences()
    if not args.no_check:
        with tempfile.TemporaryDirectory() as tmp:
            model = Path(tmp)
            fit(prepare(with_wrapped([p for p in pages if not _held_back(p)])), model, said)
            write_manifest(model, {})
            print("-- held back from training:")
            evaluate(list({p.id: p for p in pages if _held_back(p)}.values()), model)
            if HELD_OUT.exists():
                print(f"-- {HELD_OUT.relative_to(ROOT)} (written apart, never trained on):")
                held = [
                    parse_page(p.id, p.positive, normalise_page(_marked(p)))
                    for p in read_pages(HELD_OUT)
                ]
                evaluate(held, model)
            print(f"trained and checked in {time.perf_counter() - started:.0f} s")
    if args.dry_run:
        return 0
    fit(prepare(with_wrapped(pages)), args.out, said)
    write_manifest(
        args.out,
        {
            "trained_on": f"{len(pages)} pages from training/importer/ ({args.layouts} layouts "
            f"per structured page) and {len(said)} sentences of training/themes/",
            "params": PARAMS,
            "licence": "Same as Said & Done; trained only on material written for it.",
        },
    )
    for name in MODEL_FILES:
        size = (args.out / name).stat().st_size // 1024
        print(f"wrote {args.out / name} ({size} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
