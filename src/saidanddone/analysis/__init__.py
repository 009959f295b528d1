"""Pure-Python text analysis for SEND feedback (never imports Django)."""

from saidanddone.analysis.taxonomy import DEFAULT_TAXONOMY, REG56_CATEGORIES, ThemeDefinition

__all__ = ["DEFAULT_TAXONOMY", "REG56_CATEGORIES", "ThemeDefinition"]
