"""A comment in another language gets no theme, and says so; everything else still runs."""

from __future__ import annotations

import pytest

from saidanddone.analysis import Analyser, looks_english


@pytest.mark.parametrize("text", [
    "my son has been waiting 2 yrs for his ehcp and noone replys to emails",
    "Include me in meetings",  # too short to judge: treated as English
    "The SENCo was brilliant but the LA ignored us",
    "we dont get no help tbh its rubbish cant even get thru on phone",
    "CAMHS, SALT and OT all said no. EHCP refused. PDA not recognised by paeds.",
    # Terse notes without a single function word are still English.
    "Caseworker rang back same day. Brilliant service, thorough, patient.",
    "Portage visits weekly - huge help - sadly ending soon",
])
def test_english_reads_as_english(text: str) -> None:
    assert looks_english(text)


@pytest.mark.parametrize("text", [
    "Mój syn czeka na ocenę od dwóch lat i nikt nie odpowiada na maile",
    "Mi hijo espera desde hace dos años una evaluación y nadie contesta",
    "Mae fy mab wedi bod yn aros am asesiad ers dwy flynedd a does neb yn ateb",
    "میرا بیٹا دو سال سے انتظار کر رہا ہے اور کوئی جواب نہیں دیتا",
    "Mera beta do saal se intezar kar raha hai aur koi jawab nahi deta",
    # Many of these words are also English dictionary words ("service", "est", "nos", "pour").
    "Le service est très lent et personne ne répond à nos courriels",
    "O serviço é muito lento e ninguém responde aos nossos emails",
    "Mein Sohn wartet seit zwei Jahren auf einen Termin beim Arzt",
    "Serviciul este foarte lent si nimeni nu raspunde la emailuri",
])
def test_other_languages_do_not(text: str) -> None:
    assert not looks_english(text)


def test_a_comment_in_another_language_gets_no_theme_but_is_still_redacted_and_read() -> None:
    polish = ("Mój syn czeka na ocenę od dwóch lat i nikt nie odpowiada. "
              "Proszę zadzwonić 07700 900123.")
    [result] = Analyser().analyse([polish])
    assert result.not_english
    assert result.themes == ()
    assert result.sentiment is None
    assert "07700 900123" not in result.redacted  # personal details go whatever the language
    assert not result.no_content


def test_an_english_comment_is_themed() -> None:
    [result] = Analyser().analyse(["The taxi to school is late every single morning."])
    assert not result.not_english
    assert result.themes[0][0] == "transport"
