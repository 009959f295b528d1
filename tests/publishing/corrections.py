"""A correction the way the service requires it: asked of the forum, answered, then published."""

from __future__ import annotations

from typing import Any

from saidanddone.publishing import services
from saidanddone.publishing.models import Publication, PublicationVersion


def correct(publication: Publication, change_note: str, officer: Any, forum: Any,
            decision: str = "agreed", statement: str = "We agree with the correction.",
            ) -> PublicationVersion:
    services.publication_correction_request(publication=publication, change_note=change_note,
                                            by=officer)
    services.publication_sign_off(publication=publication, decision=decision,
                                  statement=statement, by=forum)
    return services.publication_correct(publication=publication, by=officer)
