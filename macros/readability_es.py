"""Reading ease of Spanish text: Fernández-Huerta and INFLESZ, on our own syllable counter.

textstat counts Spanish syllables as hyphenation points plus one, which is not the same thing
("agua" gives 1, "maestra" 2, "adaptaciones" 4; the true counts are 2, 3 and 5), so its
Spanish scores come out 6 to 11 points too easy (../shared/spanish.md, section 1b). The
formulas are short; the syllable rules of Spanish are regular enough to count them here:

- a syllable has one vowel nucleus: a group of adjacent vowels is one nucleus, except that
  two strong vowels (a, e, o) split, and an accented í or ú splits from its neighbour (hiatus);
- the u of que, qui, gue, gui is silent (güe, güi keep it); a final y after a vowel is a vowel
  (hay, muy, rey), and "y" alone is one syllable.

Scores (higher is easier):

- Fernández-Huerta (1959, corrected form): 206.84 - 60 * syllables/word - 1.02 * words/sentence.
  70-80 reads like 6th grade, 60-70 like 7th-8th. Family pages aim for 70 or more.
- INFLESZ (Barrio-Cantalejo 2008), on Szigriszt-Pazos: 206.835 - 62.3 * syllables/word - words/sentence.
  Below 40 very hard, 40-55 somewhat hard, 55-65 normal, 65-80 fairly easy, above 80 very easy.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .readability import markdown_to_text

# Family pages in Spanish must reach this Fernández-Huerta score (about 6th grade).
MIN_FERNANDEZ_HUERTA = 70.0

VOWELS = set("aeiouáéíóúü")
STRONG = set("aeoáéó")
ACCENTED_WEAK = set("íú")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_SILENT_U = re.compile(r"([qg])u(?=[eiéí])")
# A sentence ends at . ! ? or … before a capital (or ¿ ¡ or the end), or at a line break; not after an
# abbreviation: a single capital ("U.S.C. 1412") or a short word like "Fed." or "Sr.".
_ABBREVIATION = re.compile(r"\b([A-Z]|Fed|Reg|Admin|Del|Sr|Sra|Dr|Dra|etc|pág|núm|art|vs)\.")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s+[¿¡\"“(]*[A-ZÁÉÍÓÚÑ¿¡]|\s*$)|\n+")


def syllables(word: str) -> int:
    """Spoken syllables of one Spanish word (0 for a word without letters)."""
    w = unicodedata.normalize("NFC", word.lower())
    w = "".join(c for c in w if c.isalpha())
    if not w:
        return 0
    if w == "y":
        return 1
    w = _SILENT_U.sub(r"\1", w)
    if w.endswith("y") and len(w) > 1 and w[-2] in VOWELS:
        w = w[:-1] + "i"
    count = 0
    prev = ""
    for c in w:
        if c in VOWELS:
            if not prev or prev in STRONG and c in STRONG or prev in ACCENTED_WEAK or c in ACCENTED_WEAK:
                count += 1
            prev = c
        else:
            prev = ""
    return max(count, 1)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(text: str) -> int:
    text = _ABBREVIATION.sub(r"\1", text)
    return max(1, sum(1 for part in _SENTENCE_END.split(text) if words(part)))


@dataclass(frozen=True)
class Score:
    words: int
    sentences: int
    syllables: int

    @property
    def fernandez_huerta(self) -> float:
        if not self.words:
            return 100.0
        return round(206.84 - 60 * self.syllables / self.words - 1.02 * self.words / self.sentences, 1)

    @property
    def inflesz(self) -> float:
        if not self.words:
            return 100.0
        return round(206.835 - 62.3 * self.syllables / self.words - self.words / self.sentences, 1)

    @property
    def inflesz_band(self) -> str:
        s = self.inflesz
        if s < 40:
            return "muy difícil"
        if s < 55:
            return "algo difícil"
        if s < 65:
            return "normal"
        if s <= 80:
            return "bastante fácil"
        return "muy fácil"


def score(text: str) -> Score:
    """Scores of plain text (run Markdown through ``markdown_to_text`` first)."""
    found = words(text)
    # A number counts as a word but not by its digits: "300.320" reads as a few syllables, not 7.
    syl = sum(syllables(w) if not w[0].isdigit() else 2 for w in found)
    return Score(words=len(found), sentences=sentences(text), syllables=syl)


def score_markdown(markdown: str, term_names: dict[str, str] | None = None) -> Score:
    return score(markdown_to_text(markdown, term_names))


def spanish_fields(data, where: str = "") -> list[tuple[str, str]]:
    """(field path, text) of every ``<field>_es`` prose field in a YAML record, nested lists of records included
    (a term's name and its lists of names are left out: they are not read as sentences)."""
    out: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{where}.{key}" if where else str(key)
            if str(key).endswith("_es") and isinstance(value, str) and key not in ("term_es", "translated_from_es"):
                out.append((path, value))
            elif str(key).endswith("_es"):
                continue  # lists of names (aka_es, search_also_es, avoid_es) and the name itself are not prose
            else:
                out += spanish_fields(value, path)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            out += spanish_fields(item, f"{where}.{i}")
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m macros.readability_es FILE...``: Fernández-Huerta and INFLESZ per page, or per Spanish field
    of a YAML file (fields too short to score are listed together as the file's total)."""
    paths = argv if argv is not None else sys.argv[1:]
    worst = 100.0
    print(f"{'F-Huerta':>8} {'INFLESZ':>8}  {'words':>5}  file")
    for name in paths:
        path = Path(name)
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".md":
            s = score_markdown(text)
            worst = min(worst, s.fernandez_huerta)
            print(f"{s.fernandez_huerta:8.1f} {s.inflesz:8.1f}  {s.words:5d}  {name} ({s.inflesz_band})")
            continue
        fields = spanish_fields(yaml.safe_load(text) or {})
        total = score_markdown("\n\n".join(t for _, t in fields))
        print(f"{total.fernandez_huerta:8.1f} {total.inflesz:8.1f}  {total.words:5d}  {name} (all Spanish fields)")
        for field, value in fields:
            s = score_markdown(value)
            if s.words >= 30:
                print(f"{s.fernandez_huerta:8.1f} {s.inflesz:8.1f}  {s.words:5d}    {field}")
        if fields:
            worst = min(worst, total.fernandez_huerta)
    return 0 if worst >= MIN_FERNANDEZ_HUERTA else 1


if __name__ == "__main__":
    raise SystemExit(main())
