"""Read existing "You said, we did" documents into plain dataclasses (pure Python, no Django).

Supported: saved web pages (main content found with trafilatura), plain text, DOCX, PDF with a
text layer, CSV and XLSX. Every format becomes one neutral sequence of blocks and one structure
recogniser finds the entries, so all formats share the same rules.
"""

from saidanddone.analysis.acronyms import Acronym
from saidanddone.importers.api import read_document, read_path
from saidanddone.importers.formats import MAX_BYTES
from saidanddone.importers.model import (
    CommitmentStatus,
    Contact,
    DocumentError,
    DocumentWarning,
    Entry,
    ImportedCommitment,
    ImportedDocument,
    Indicator,
    Point,
    to_json_dict,
)

ImportWarning_ = DocumentWarning
"""Another name for ``DocumentWarning``."""

__all__ = [
    "MAX_BYTES",
    "Acronym",
    "CommitmentStatus",
    "Contact",
    "DocumentError",
    "DocumentWarning",
    "Entry",
    "ImportWarning_",
    "ImportedCommitment",
    "ImportedDocument",
    "Indicator",
    "Point",
    "read_document",
    "read_path",
    "to_json_dict",
]
