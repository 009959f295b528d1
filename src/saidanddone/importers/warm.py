"""Imported only by the fork server of ``bounded``: reads one small document so that whatever
the readers load on first use (the page reader's model files, the libraries' lazy tables) is
loaded once there and shared by every child, instead of loaded again by each read.

Importing this module anywhere else costs a fraction of a second and changes nothing.
"""

from __future__ import annotations

from contextlib import suppress

from saidanddone.importers.api import read_document
from saidanddone.importers.model import DocumentError

_SAMPLE = (
    "<html><body><main><h1>You said, we did</h1>"
    "<p><strong>You said:</strong> letters about reviews came too late.</p>"
    "<p><strong>We did:</strong> we now send them six weeks before.</p>"
    "</main></body></html>"
)

with suppress(DocumentError):  # the sample's reading does not matter, only what it loaded
    read_document(_SAMPLE.encode(), "warm.html")
