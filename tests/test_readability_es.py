"""The Spanish syllable counter and reading-ease scores (macros/readability_es.py)."""

from __future__ import annotations

import pytest

from macros import readability_es as es

# Word, true syllables: diphthongs, hiatus (two strong vowels, accented í/ú), silent u, y as a vowel,
# and the words where textstat's hyphenation count goes wrong (../shared/spanish.md, section 1b).
WORDS = {
    "agua": 2,  # a-gua
    "país": 2,  # pa-ís
    "leer": 2,  # le-er
    "maestra": 3,  # ma-es-tra
    "adaptaciones": 5,  # a-dap-ta-cio-nes
    "evaluación": 4,  # e-va-lua-ción
    "educación": 4,
    "reunión": 2,  # reu-nión
    "escuela": 3,
    "ciudad": 2,
    "leía": 3,  # le-í-a
    "oír": 2,
    "ahora": 3,
    "creer": 2,
    "que": 1,  # silent u
    "guerra": 2,
    "pingüino": 3,  # ü is heard
    "y": 1,
    "hay": 1,
    "muy": 1,
    "Uruguay": 3,
    "buey": 1,  # triphthong
    "individualizado": 7,
    "derechos": 3,
    "consentimiento": 5,
    "discapacidades": 6,
    "Ñandú": 2,
}


@pytest.mark.parametrize(("word", "expected"), WORDS.items())
def test_syllables(word, expected):
    assert es.syllables(word) == expected


def test_plain_text_scores_easy_and_legal_text_scores_hard():
    plain = "Su hijo puede tener un plan. La escuela lo hace con usted. Usted da su permiso por escrito."
    legal = (
        "La determinación de la elegibilidad corresponde al equipo multidisciplinario, conforme a los "
        "procedimientos establecidos en la reglamentación federal correspondiente y a la normativa estatal aplicable."
    )
    assert es.score(plain).fernandez_huerta > 90
    assert es.score(legal).fernandez_huerta < 30
    assert es.score(plain).inflesz_band == "muy fácil"
    assert es.score(legal).inflesz_band == "muy difícil"


def test_counts_words_and_sentences():
    s = es.score("¿Qué es un IEP? Es un plan. Lo firma usted (34 CFR 300.320).")
    assert (s.words, s.sentences) == (13, 3)  # "300.320" is one word


def test_abbreviations_and_citations_do_not_end_a_sentence():
    assert es.sentences("Vea 20 U.S.C. 1412. Luego hable con el Sr. Pérez. ¿Qué pasa? Nada.") == 4
    assert es.sentences("Lo dice 64 Fed. Reg. 12405, de 1999.\nOtra línea") == 2


def test_spanish_fields_of_a_yaml_record():
    data = {"term_es": "Evaluación", "aka_es": ["valoración"], "short_es": "Un plan.", "items": [{"label_es": "Sí"}]}
    assert es.spanish_fields(data) == [("short_es", "Un plan."), ("items.0.label_es", "Sí")]


def test_the_command_prints_a_table(tmp_path, capsys):
    page = tmp_path / "p.md"
    page.write_text("---\ntitle: Hola\n---\n\nSu hijo puede tener un plan. La escuela lo hace con usted.\n")
    assert es.main([str(page)]) == 0
    out = capsys.readouterr().out
    assert "F-Huerta" in out and str(page) in out
