"""The sentence encoder: one pass per comment gives a vector that says what it means.

all-MiniLM-L6-v2 (Apache-2.0), fine-tuned for safeguarding and SEND themes together and
exported to ONNX with int8 weights by ``scripts/train_encoder.py``, run by ``onnxruntime`` on
the CPU from files in the package. Every file is checked against the sha256 in
``data/encoder/MANIFEST.json`` when the encoder is first loaded, so a missing or altered model
fails loudly at start-up (the Django system check calls ``check_model_files``), never silently
at run time. No network, ever.
See docs/decisions/0107-safeguarding-model.md and 0109-themes-that-read-meaning.md.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["ENCODER_DIR", "Encoder", "ModelFileError", "check_model_files", "get_encoder"]

ENCODER_DIR = Path(str(resources.files("saidanddone.analysis").joinpath("data/encoder")))
# Longer comments are read in windows of this many tokens, and their vectors averaged, so a
# concern in the tenth paragraph counts as much as one in the first.
MAX_TOKENS = 128
MAX_WINDOWS = 16  # at most ~2,000 tokens (a very long comment) reach the encoder


class ModelFileError(RuntimeError):
    """A model file is missing, unreadable or not the one this release was built with."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_model_files(directory: Path, manifest_name: str = "MANIFEST.json") -> dict[str, Any]:
    """The manifest of ``directory``, after checking every file it pins by sha256."""
    manifest_path = directory / manifest_name
    try:
        manifest: dict[str, Any] = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"Cannot read the model manifest {manifest_path}: {exc}") from exc
    for name, expected in manifest.get("sha256", {}).items():
        path = directory / name
        if not path.is_file():
            raise ModelFileError(f"The model file {path} is missing; reinstall the package.")
        actual = _sha256(path)
        if actual != expected:
            raise ModelFileError(
                f"The model file {path} is not the one this release was built with "
                f"(sha256 {actual[:12]}…, expected {expected[:12]}…); reinstall the package."
            )
    return manifest


class Encoder:
    """Sentence vectors (384 numbers, unit length) for a batch of texts."""

    def __init__(self, directory: Path | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        directory = directory or ENCODER_DIR
        self.directory = directory
        self.manifest = check_model_files(directory)
        self.dimensions = int(self.manifest["dimensions"])
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        # Comments are run one a call (see ``encode``), several calls at once on a pool of
        # threads: one thread a call uses the cores better than splitting a small matrix.
        self._threads = int(os.environ.get("SAIDANDDONE_ENCODER_THREADS", "0")) or (
            os.cpu_count() or 1)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(directory / "model.int8.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._pool = ThreadPoolExecutor(self._threads) if self._threads > 1 else None

    def _windows(self, ids: list[int]) -> list[list[int]]:
        body = ids[1:-1]  # without [CLS] and [SEP]
        size = MAX_TOKENS - 2
        if len(body) <= size:
            return [ids]
        step = size - 16  # windows overlap a little, so no phrase is cut in two everywhere
        starts = list(range(0, max(1, len(body) - 16), step))[:MAX_WINDOWS]
        return [[ids[0], *body[s : s + size], ids[-1]] for s in starts]

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One unit vector per text (zeros for an empty text).

        Each text is run on its own (its windows together). The int8 model quantises its
        activations per call, so a batch of several comments would make one comment's vector,
        and so its safeguarding score, depend on the comments beside it. On its own, a comment
        gets the same score at intake, in a survey import and from the command line.
        """
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        encodings = self._tokenizer.encode_batch([t or "" for t in texts])
        todo = [(i, self._windows(e.ids)) for i, e in enumerate(encodings) if len(e.ids) > 2]
        if self._pool is not None and len(todo) > 1:
            vectors = list(self._pool.map(lambda job: self._vector(job[1]), todo))
        else:
            vectors = [self._vector(windows) for _, windows in todo]
        for (i, _), vector in zip(todo, vectors, strict=True):
            out[i] = vector
        return out

    def _vector(self, windows: list[list[int]]) -> npt.NDArray[np.float32]:
        width = max(len(w) for w in windows)
        ids = np.zeros((len(windows), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, window in enumerate(windows):
            ids[row, : len(window)] = window
            mask[row, : len(window)] = 1
        (hidden,) = self._session.run(  # thread-safe; it releases the GIL while it runs
            None,
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        vector = pooled.mean(axis=0)
        norm = float(np.linalg.norm(vector))
        return np.asarray(vector / norm if norm > 0 else vector, dtype=np.float32)


@lru_cache(maxsize=4)
def get_encoder(directory: Path | None = None) -> Encoder:
    """The encoder in ``directory`` (the package's by default), loaded and checked once."""
    return Encoder(directory)
