"""Writing the audit log. Every service that changes data calls ``audit``.

``AuditAction`` is the one list of what can be recorded, each with the plain words the audit
trail shows an administrator. ``audit`` refuses an action that is not in it, so a new kind of
change cannot reach the log without its description.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from saidanddone.core.models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class Acting(Protocol):
    """Whoever a service says acted (areas.actors.Actor: a person or the system), as the audit
    log sees them: only a signed-in user is recorded by name."""

    @property
    def is_authenticated(self) -> bool: ...


class AuditAction(models.TextChoices):
    """Every action the audit log records, with what the audit trail says about it."""

    REFERENCE_CREATE = "reference.create", _("Added a record in the site administration")
    REFERENCE_UPDATE = "reference.update", _("Changed a record in the site administration")
    REFERENCE_DELETE = "reference.delete", _("Deleted a record in the site administration")

    AREA_CREATE = "area.create", _("Created the area")
    AREA_UPDATE = "area.update", _("Changed the area's settings")
    USER_CREATE = "user.create", _("Created a user account")
    MEMBERSHIP_SET = "membership.set", _("Gave someone a role in the area")
    ACCOUNT_PASSWORD_RESET = "account.password_reset", _(
        "Chose a new password through a reset link")
    ACCOUNT_OIDC_SIGN_IN = "account.oidc_sign_in", _(
        "Signed in with the council's identity provider")
    ACCOUNT_OIDC_REFUSED = "account.oidc_refused", _(
        "Was refused sign-in with the council's identity provider")
    SECOND_FACTOR_ENROL = "second_factor.enrol", _("Set up a second factor for signing in")
    SECOND_FACTOR_REMOVE = "second_factor.remove", _("Removed their second factor")
    SECOND_FACTOR_RESET = "second_factor.reset", _(
        "Reset someone's second factor (lost phone)")
    SECOND_FACTOR_RECOVERY_CODE_USED = "second_factor.recovery_code_used", _(
        "Signed in with a recovery code")
    MEMBERSHIP_REMOVE = "membership.remove", _("Removed someone from the area")
    MEMBERSHIP_INVITE = "membership.invite", _("Invited someone by e-mail")
    MEMBERSHIP_INVITE_WITHDRAW = "membership.invite_withdraw", _("Withdrew an invitation")
    MEMBERSHIP_INVITE_ACCEPT = "membership.invite_accept", _("Accepted an invitation")

    FEEDBACK_CREATE = "feedback.create", _("Added a comment")
    FEEDBACK_CONFIRM_THEMES = "feedback.confirm_themes", _("Confirmed a comment's themes")
    FEEDBACK_EXCLUSION = "feedback.exclusion", _("Excluded a comment from the counts")
    FEEDBACK_ERASE = "feedback.erase", _("Erased a comment (data protection)")
    FEEDBACK_RETENTION_PURGE = "feedback.retention_purge", _(
        "Deleted comments past the retention period")
    FEEDBACK_SURVEY_IMPORT = "feedback.survey_import", _("Imported a survey")
    FEEDBACK_SAFEGUARDING_FLAG = "feedback.safeguarding_flag", _(
        "Flagged a comment as a possible safeguarding concern")
    FEEDBACK_SAFEGUARDING_DECISION = "feedback.safeguarding_decision", _(
        "Decided on a possible safeguarding concern")
    FEEDBACK_SAFEGUARDING_ALERT_DELIVERED = "feedback.safeguarding_alert_delivered", _(
        "Delivered a safeguarding alert by e-mail")
    FEEDBACK_EXPORT = "feedback.export", _("Downloaded comments as a spreadsheet (redacted)")
    FEEDBACK_SUBJECT_ACCESS_SEARCH = "feedback.subject_access_search", _(
        "Searched comments for a subject access request")
    FOLLOWING_SUBJECT_ACCESS_SEARCH = "following.subject_access_search", _(
        "Searched e-mail subscriptions for a subject access request")
    FOLLOWING_ERASE = "following.erase", _(
        "Deleted a family's e-mail subscriptions (data protection)")

    THEME_CREATE = "theme.create", _("Added a theme")
    THEME_UPDATE = "theme.update", _("Changed a theme")
    THEME_RETIRE = "theme.retire", _("Retired a theme")
    THEME_RESTORE = "theme.restore", _("Brought back a retired theme")
    THEME_MERGE = "theme.merge", _("Merged two themes")
    THEME_EMERGING_ADOPT = "theme.emerging_adopt", _("Made an emerging topic a theme")
    THEME_EMERGING_DISMISS = "theme.emerging_dismiss", _("Dismissed an emerging topic")
    THEME_MODEL_TRAIN = "theme_model.train", _("Retrained the area's theme model")

    RESPONSE_CREATE = "response.create", _("Wrote a response")
    RESPONSE_UPDATE = "response.update", _("Changed a response")
    DOCUMENT_IMPORT = "document.import", _("Imported a published document")

    COMMITMENT_CREATE = "commitment.create", _("Made a commitment")
    COMMITMENT_UPDATE = "commitment.update", _("Changed a commitment")
    COMMITMENT_STATUS = "commitment.status", _("Changed a commitment's status")
    COMMITMENT_PROGRESS = "commitment.progress", _("Added a progress update")
    COMMITMENT_EVIDENCE = "commitment.evidence", _("Added evidence to a commitment")
    COMMITMENT_REVISE_DUE_DATE = "commitment.revise_due_date", _(
        "Moved a commitment's due date")
    COMMITMENT_CORRECT_REVISION_REASON = "commitment.correct_revision_reason", _(
        "Corrected the public reason for a new due date")
    COMMITMENT_RELEASE_HELD = "commitment.release_held", _(
        "Released a held update after checking it for personal details")
    EVIDENCE_FILE_UPLOAD = "evidence.file_upload", _(
        "Uploaded an evidence file to a commitment")
    EVIDENCE_DELETE = "evidence.delete", _("Removed evidence (and its file) from a commitment")
    EVIDENCE_FILE_SWEEP = "evidence.file_sweep", _(
        "Deleted evidence files left on disk after their records were deleted")

    INDICATOR_CREATE = "indicator.create", _("Added an indicator")
    INDICATOR_UPDATE = "indicator.update", _("Changed an indicator")
    INDICATOR_DELETE = "indicator.delete", _("Deleted an indicator")
    INDICATOR_DATAPOINT = "indicator.datapoint", _("Added a figure to an indicator")
    INDICATOR_DATAPOINT_CORRECT = "indicator.datapoint_correct", _("Corrected a figure")
    INDICATOR_DATAPOINT_DELETE = "indicator.datapoint_delete", _("Deleted a figure")
    INDICATOR_DATAPOINT_PUBLIC = "indicator.datapoint_public", _(
        "Made a figure public or private")

    PUBLICATION_CREATE = "publication.create", _("Started a publication")
    PUBLICATION_UPDATE = "publication.update", _("Changed a publication's details")
    PUBLICATION_RESPONSES = "publication.responses", _("Chose a publication's responses")
    PUBLICATION_SEND_TO_FORUM = "publication.send_to_forum", _(
        "Sent a publication to the forum for sign-off")
    PUBLICATION_RETURN_TO_DRAFT = "publication.return_to_draft", _(
        "Brought a publication back to draft")
    PUBLICATION_FORUM_DECISION = "publication.forum_decision", _(
        "Recorded the forum's decision")
    PUBLICATION_SIGN_OFF = "publication.sign_off", _("Signed off a publication")
    PUBLICATION_PUBLISH = "publication.publish", _("Published a publication")
    PUBLICATION_VERSION = "publication.version", _("Stored a published version")
    PUBLICATION_ADVISORY_ACCEPT = "publication.advisory_accept", _(
        "Accepted a publication check's advice")
    PUBLICATION_CORRECTION_REQUEST = "publication.correction_request", _(
        "Started a correction to a published publication")
    PUBLICATION_CORRECTION_WITHDRAW = "publication.correction_withdraw", _(
        "Withdrew a correction")
    PUBLICATION_REVIEW_COMMENT = "publication.review_comment", _(
        "Commented on a response in a publication under review")
    PUBLICATION_REVIEW_COMMENT_RESOLVE = "publication.review_comment_resolve", _(
        "Marked a review comment resolved")

    EVIDENCE_PACK_DOWNLOAD = "evidence_pack.download", _(
        "Downloaded an inspection evidence pack")

    GLOSSARY_SET = "glossary.set", _("Added or changed a glossary entry")
    GLOSSARY_DELETE = "glossary.delete", _("Deleted a glossary entry")


def _registered(action: str) -> AuditAction:
    try:
        return AuditAction(action)
    except ValueError:
        raise ValueError(f"'{action}' is not in AuditAction: add it, with the words the audit "
                         "trail shows, before recording it") from None


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _recorded(by: Acting | None) -> User | None:
    """The user the entry names: the signed-in person acting; the system and nobody are none."""
    return by if isinstance(by, get_user_model()) and by.is_authenticated else None


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of a model instance as JSON-safe values (for before/after)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if not isinstance(field, models.Field):  # a reverse relation has no value of its own
            raise TypeError(f"{name} is not a field of {instance._meta.label}")
        value = getattr(instance, field.attname)
        out[name] = _plain(value)
    return out


def audit(
    *,
    action: str,
    obj: models.Model,
    by: Acting | None = None,
    area: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    actor = _recorded(by)
    return AuditEntry.objects.create(
        action=_registered(action),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        actor=actor,
        area=area,
        before={k: _plain(v) for k, v in (before or {}).items()},
        after={k: _plain(v) for k, v in (after or {}).items()},
    )


def audit_each(
    *,
    action: str,
    changes: Iterable[tuple[models.Model, dict[str, Any], dict[str, Any]]],
    by: Acting | None = None,
    area: Any = None,
) -> list[AuditEntry]:
    """One entry per (object, before, after), written in one query: for actions on many rows."""
    actor = _recorded(by)
    action = _registered(action)
    return AuditEntry.objects.bulk_create(
        AuditEntry(action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk),
                   actor=actor, area=area,
                   before={k: _plain(v) for k, v in before.items()},
                   after={k: _plain(v) for k, v in after.items()})
        for obj, before, after in changes
    )
