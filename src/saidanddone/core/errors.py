"""Error messages shown to people name no file on the server (issue 11, "Errors show no paths").

A library's exception text often carries the path of a temporary file or of the installed code
(``[Errno 2] No such file or directory: '/tmp/survey-x1y2.xlsx'``). That tells an attacker how
the server is laid out and tells an officer nothing: every message that reaches a page passes
through ``without_paths`` (``core.views.form_error`` does it for every form error).
"""

from __future__ import annotations

import re

# An absolute POSIX path of two or more parts (/tmp/x.csv, /srv/app/lib/python3.11/...), a
# file: URL, or a Windows path (C:\Users\...). Web addresses (https://...) are left alone: the
# look-behind refuses a slash that follows a letter, a digit, a colon or another slash.
_PATH = re.compile(
    r"(?<![\w:/.])(?:file:)?/(?:[\w.@+-]+/)+[\w.@+-]*"
    r"|\b[A-Za-z]:\\(?:[^\\\s'\"]+\\)*[^\\\s'\"]*"
)


def without_paths(message: str) -> str:
    return _PATH.sub("the file", message)
