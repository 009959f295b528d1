"""Cells that are safe to open in a spreadsheet: every CSV or XLSX the service writes passes its
values through ``safe_cell`` (issue 11, "Exports").

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before reading the same characters) is run as a formula when a council officer
or a member of the public opens the file in Excel or LibreOffice: ``=HYPERLINK(...)`` in a
family's comment would become a live link, or worse. OWASP's advice is to put a single quote in
front, which the spreadsheet shows as text and hides; the words themselves are unchanged.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with a leading ``'`` when it is text a spreadsheet would run as a formula.
    Numbers (and anything that is not text) are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: safe_cell(value) for key, value in row.items()}
