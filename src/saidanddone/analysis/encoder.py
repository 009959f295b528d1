"""The sentence encoder: one pass per comment gives a vector that says what it means.

all-MiniLM-L6-v2 (Apache-2.0), exported to ONNX with int8 weights by
``scripts/build_encoder.py``, run by ``onnxruntime`` on the CPU from files in the package.
Every file is checked against the sha256 in ``data/encoder/MANIFEST.json`` when the encoder is
first loaded, so a missing or altered model fails loudly at start-up (the Django system check
calls ``check_model_files``), never silently at run time. No network, ever.
See docs/decisions/0107-safeguarding-model.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Sequence
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
BATCH = 64


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
        self.manifest = check_model_files(directory)
        self.dimensions = int(self.manifest["dimensions"])
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = int(os.environ.get("SAIDANDDONE_ENCODER_THREADS", "0"))
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(directory / "model.int8.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()

    def _windows(self, ids: list[int]) -> list[list[int]]:
        body = ids[1:-1]  # without [CLS] and [SEP]
        size = MAX_TOKENS - 2
        if len(body) <= size:
            return [ids]
        step = size - 16  # windows overlap a little, so no phrase is cut in two everywhere
        starts = list(range(0, max(1, len(body) - 16), step))[:MAX_WINDOWS]
        return [[ids[0], *body[s : s + size], ids[-1]] for s in starts]

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One unit vector per text (zeros for an empty text)."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch([t or "" for t in texts])
        windows: list[list[int]] = []
        owner: list[int] = []
        for i, encoding in enumerate(encodings):
            if len(encoding.ids) <= 2:
                continue
            for window in self._windows(encoding.ids):
                windows.append(window)
                owner.append(i)
        if not windows:
            return out
        order = np.argsort([len(w) for w in windows], kind="stable")  # little padding per batch
        sums = np.zeros_like(out)
        counts = np.zeros(len(texts), dtype=np.float32)
        for first in range(0, len(order), BATCH):
            chunk = [int(k) for k in order[first : first + BATCH]]
            width = max(len(windows[k]) for k in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, k in enumerate(chunk):
                ids[row, : len(windows[k])] = windows[k]
                mask[row, : len(windows[k])] = 1
            with self._lock:
                (hidden,) = self._session.run(
                    None,
                    {"input_ids": ids, "attention_mask": mask,
                     "token_type_ids": np.zeros_like(ids)},
                )
            pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            for row, k in enumerate(chunk):
                sums[owner[k]] += pooled[row]
                counts[owner[k]] += 1
        nonzero = counts > 0
        out[nonzero] = sums[nonzero] / counts[nonzero, None]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


@lru_cache(maxsize=1)
def get_encoder() -> Encoder:
    """The package's encoder, loaded (and checked) once per process."""
    return Encoder()
