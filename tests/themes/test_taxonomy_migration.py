"""The 2026 taxonomy migration: new themes for every area, new wording only where untouched."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps

from saidanddone.analysis import DEFAULT_TAXONOMY
from saidanddone.themes.migrations import _taxonomy_2024
from saidanddone.themes.models import DefaultTheme, Theme

pytestmark = pytest.mark.django_db
migration = importlib.import_module("saidanddone.themes.migrations.0005_taxonomy_2026")
praise_migration = importlib.import_module("saidanddone.themes.migrations.0006_praise_convention")
OLD = {slug: (name, description) for slug, name, description in _taxonomy_2024.DEFAULT_THEMES}


def _as_in_2024(area: Any) -> None:
    """Put an area's themes back as the first taxonomy left them."""
    Theme.objects.filter(area=area).exclude(slug__in=OLD).delete()
    for slug, (name, description) in OLD.items():
        Theme.objects.filter(area=area, slug=slug).update(name=name, description=description)


def test_the_frozen_copies_match_the_taxonomy_in_code() -> None:
    latest = [(slug, *praise_migration.PRAISE_NOW) if slug == "praise" else (slug, name, text)
              for slug, name, text in migration.TAXONOMY_2026]
    assert [(t.slug, t.name, t.description) for t in DEFAULT_TAXONOMY] == latest
    assert ("praise", *praise_migration.PRAISE_2026) in [
        tuple(row) for row in migration.TAXONOMY_2026]
    assert list(DefaultTheme.objects.values_list("slug", flat=True)) == \
        [t.slug for t in DEFAULT_TAXONOMY]


def test_forward_adds_new_themes_and_rewords_only_what_the_area_left_alone(
        other_area: Any) -> None:
    _as_in_2024(other_area)
    Theme.objects.filter(area=other_area, slug="transport").update(
        name="Travel to school", description="Our own words.")
    Theme.objects.create(area=other_area, slug="sport", name="Sport", position=40)
    Theme.objects.filter(area=other_area, slug="equality").update(active=False)
    migration.forward(apps, None)
    themes = {t.slug: t for t in Theme.objects.filter(area=other_area)}
    assert {t.slug for t in DEFAULT_TAXONOMY} | {"sport"} == set(themes)
    new = {t.slug: t for t in DEFAULT_TAXONOMY}
    assert themes["waiting-times"].name == new["waiting-times"].name  # untouched: updated
    assert themes["waiting-times"].description == new["waiting-times"].description
    assert (themes["transport"].name, themes["transport"].description) == (
        "Travel to school", "Our own words.")  # the area's edit is kept
    assert themes["sport"].name == "Sport"  # the area's own theme is left alone
    assert not themes["equality"].active  # a retired theme stays retired
    assert themes["bullying"].position > 40  # new themes come after the area's own order


def test_forward_twice_changes_nothing_more(other_area: Any) -> None:
    _as_in_2024(other_area)
    migration.forward(apps, None)
    before = list(Theme.objects.filter(area=other_area).values_list("slug", "name", "position"))
    migration.forward(apps, None)
    after = list(Theme.objects.filter(area=other_area).values_list("slug", "name", "position"))
    assert before == after


def test_backward_restores_the_old_wording_where_untouched(other_area: Any) -> None:
    migration.backward(apps, None)
    waiting = Theme.objects.get(area=other_area, slug="waiting-times")
    assert (waiting.name, waiting.description) == OLD["waiting-times"]
    assert not DefaultTheme.objects.filter(slug="bullying").exists()


def test_praise_rewording_leaves_an_areas_own_words_alone(other_area: Any, demo: Any) -> None:
    Theme.objects.filter(area__in=[other_area, demo], slug="praise").update(
        name=praise_migration.PRAISE_2026[0], description=praise_migration.PRAISE_2026[1])
    Theme.objects.filter(area=other_area, slug="praise").update(description="Thank-yous.")
    praise_migration.forward(apps, None)
    assert Theme.objects.get(area=other_area, slug="praise").description == "Thank-yous."
    assert (Theme.objects.get(area=demo, slug="praise").description
            == praise_migration.PRAISE_NOW[1])
    assert DefaultTheme.objects.get(slug="praise").description == praise_migration.PRAISE_NOW[1]
    praise_migration.backward(apps, None)
    assert (Theme.objects.get(area=demo, slug="praise").description
            == praise_migration.PRAISE_2026[1])
