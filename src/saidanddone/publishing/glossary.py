"""The area's glossary as printed under a publication: which terms it holds and which a text uses.

Its own module, so that the checks (which warn of acronyms the glossary lacks) and the snapshot
(which freezes the terms a publication uses) both read it without importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from saidanddone.publishing.models import GlossaryTerm


def glossary_for(area: Any) -> dict[str, str]:
    return dict(GlossaryTerm.objects.filter(area=area).values_list("short", "expansion"))


def glossary_used(texts: list[str], glossary: Mapping[str, str]) -> list[dict[str, str]]:
    """The glossary terms that appear in ``texts``, in order of first use."""
    joined = "\n".join(texts)
    used = []
    for short, expansion in glossary.items():
        match = re.search(rf"\b{re.escape(short)}s?\b", joined)
        if match:
            used.append((match.start(), {"short": short, "expansion": expansion}))
    return [item for _, item in sorted(used, key=lambda x: x[0])]
