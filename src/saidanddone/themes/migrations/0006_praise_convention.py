"""``praise`` means compliments and thanks (decision 0114): its description, reworded.

The default and every area's copy that still reads exactly as the 2026 default did take the new
description; an area's own wording is never touched.
"""

from typing import Any

from django.db import migrations

PRAISE_2026 = ('Praise and positive experience', 'What is working well and who helped.')
PRAISE_NOW = (
    'Praise and positive experience',
    'Compliments and thanks: the comment says a service, team or person is doing well or thanks '
    'them, usually beside the theme of what is praised. A comment that is only positive (what '
    'is in place, what has improved) keeps its own theme.',
)


def _reword(apps: Any, old: tuple[str, str], new: tuple[str, str]) -> None:
    DefaultTheme = apps.get_model("themes", "DefaultTheme")
    Theme = apps.get_model("themes", "Theme")
    DefaultTheme.objects.filter(slug="praise").update(name=new[0], description=new[1])
    Theme.objects.filter(slug="praise", name=old[0], description=old[1]).update(
        name=new[0], description=new[1])


def forward(apps: Any, schema_editor: Any) -> None:
    _reword(apps, PRAISE_2026, PRAISE_NOW)


def backward(apps: Any, schema_editor: Any) -> None:
    _reword(apps, PRAISE_NOW, PRAISE_2026)


class Migration(migrations.Migration):
    dependencies = [("themes", "0005_taxonomy_2026")]
    operations = [migrations.RunPython(forward, backward)]
