"""Cells that are safe to open in a spreadsheet: every CSV or XLSX the service writes passes its
values through ``safe_cell`` (issue 11, "Exports").

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before reading the same characters) is run as a formula when a council officer
or a member of the public opens the file in Excel or LibreOffice: ``=HYPERLINK(...)`` in a
family's comment would become a live link, or worse. OWASP's advice is to put a single quote in
front, which the spreadsheet shows as text and hides; the words themselves are unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with a leading ``'`` when it is text a spreadsheet would run as a formula.
    Numbers (and anything that is not text) are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: safe_cell(value) for key, value in row.items()}


def spreadsheet_response(*, filename: str, columns: Sequence[str],
                         rows: Iterable[Sequence[Any]], fmt: str) -> HttpResponse:
    """A download of ``rows`` under ``columns`` as CSV (UTF-8 with a byte-order mark, so Excel
    reads the accents) or XLSX, every cell through ``safe_cell``. ``fmt`` is "csv" or "xlsx".

    The one writer for staff exports: a new export cannot forget the formula rule."""
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=filename[:31])
        sheet.append(list(columns))
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_cell(value) for value in row])
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
