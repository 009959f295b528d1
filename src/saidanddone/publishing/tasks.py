from __future__ import annotations

from django_tasks import task

from saidanddone.publishing.models import PublicationVersion


@task()
def render_versions(version_ids: list[str]) -> None:
    """Refresh the stored pages of versions whose commitments changed (see decision 0200)."""
    # Inside the task: services import this module at the top (a cycle otherwise).
    from saidanddone.publishing.services import version_render

    for version in PublicationVersion.objects.filter(pk__in=version_ids).only("pk"):
        version_render(version=version)
