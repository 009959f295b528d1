"""Pure-Python text analysis for SEND feedback (never imports Django).

Stages, each usable alone or together through ``Analyser``: ``normalise`` / ``is_no_content``,
``redact``, ``detect_safeguarding`` with the learned ``SafeguardingModel`` over the shared
``Encoder``, ``ThemeModel`` (rules, or trained with ``train_themes``),
``classify_sentiment``, duplicates and campaigns, emerging themes, ``looks_english``,
"You said" drafts (``draft_you_said``) and ``plain_english``.
"""

from saidanddone.analysis.drafts import DraftComment, YouSaidDraft, draft_you_said
from saidanddone.analysis.duplicates import DuplicateIndex, TextKeys, text_keys
from saidanddone.analysis.emerging import EmergingTheme, find_emerging_themes
from saidanddone.analysis.encoder import Encoder, ModelFileError, get_encoder
from saidanddone.analysis.language import looks_english
from saidanddone.analysis.normalise import is_no_content, normalise
from saidanddone.analysis.pipeline import (
    Analyser,
    CommentResult,
    Duplicates,
    Summariser,
    find_duplicates,
    summarise,
)
from saidanddone.analysis.plain_english import PlainEnglishReport, plain_english
from saidanddone.analysis.redaction import REDACTION_TYPES, Redaction, RedactionSpan, redact
from saidanddone.analysis.safeguarding import (
    SAFEGUARDING_CATEGORIES,
    SafeguardingModel,
    SafeguardingSignal,
    default_safeguarding_model,
    detect_safeguarding,
)
from saidanddone.analysis.sentiment import classify_sentiment
from saidanddone.analysis.taxonomy import DEFAULT_TAXONOMY, REG56_CATEGORIES, ThemeDefinition
from saidanddone.analysis.themes import ModelError, ThemeModel, ThemeScore, train_themes

__all__ = [
    "DEFAULT_TAXONOMY",
    "REDACTION_TYPES",
    "REG56_CATEGORIES",
    "SAFEGUARDING_CATEGORIES",
    "Analyser",
    "CommentResult",
    "DraftComment",
    "DuplicateIndex",
    "Duplicates",
    "EmergingTheme",
    "Encoder",
    "ModelError",
    "ModelFileError",
    "PlainEnglishReport",
    "Redaction",
    "RedactionSpan",
    "SafeguardingModel",
    "SafeguardingSignal",
    "Summariser",
    "TextKeys",
    "ThemeDefinition",
    "ThemeModel",
    "ThemeScore",
    "YouSaidDraft",
    "classify_sentiment",
    "default_safeguarding_model",
    "detect_safeguarding",
    "draft_you_said",
    "find_duplicates",
    "find_emerging_themes",
    "get_encoder",
    "is_no_content",
    "looks_english",
    "normalise",
    "plain_english",
    "redact",
    "summarise",
    "text_keys",
    "train_themes",
]
