"""Load the default SEND theme taxonomy (a frozen copy: later edits need a new migration)."""

from typing import Any

from django.db import migrations

from saidanddone.themes.migrations._taxonomy_2024 import DEFAULT_THEMES


def load(apps: Any, schema_editor: Any) -> None:
    DefaultTheme = apps.get_model("themes", "DefaultTheme")
    for position, (slug, name, description) in enumerate(DEFAULT_THEMES):
        DefaultTheme.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("themes", "DefaultTheme").objects.filter(
        slug__in=[slug for slug, _, _ in DEFAULT_THEMES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("themes", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
