"""Languages: where each edition's pages live, the data in one language, and translation freshness.

English is the source. A second language (today Spanish, ``es``) adds, in the same data file,
``<field>_es`` beside each text field, and a twin of each hand-written page at the same path
under ``docs-es/``. Nothing else is copied: ids, sources, dates and links are shared.

- ``overlay(data, lang)``: the raw data of a record as that language reads it (``<field>_es``
  replaces ``<field>``; a field without a translation stays English). The loader validates the
  result with the same model, so a Spanish field breaks the same rules, with the same messages.
- ``english_hash``: what the Spanish says it translates (``translated_from_es:`` in a data file,
  ``translated_from:`` in a page's front matter). When the English changes, the hash no longer
  matches: ``make check`` advises an update and the Spanish page shows a note linking the English.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

DEFAULT = "en"
LANGUAGES = ("en", "es")
SUFFIX = re.compile(r"^(?P<field>[a-z_]+)_(?P<lang>[a-z]{2})$")
FRESHNESS = "translated_from"  # <FRESHNESS>_<lang> in data, <FRESHNESS> in a translated page's front matter


def docs_dir(lang: str) -> str:
    """The folder of a language's hand-written pages: ``docs`` or ``docs-es``."""
    return "docs" if lang == DEFAULT else f"docs-{lang}"


def url_prefix(lang: str) -> str:
    """Where a language's edition is published, under the site's address: '' or 'es/'."""
    return "" if lang == DEFAULT else f"{lang}/"


def overlay(data: Any, lang: str) -> Any:
    """``data`` as ``lang`` reads it: each ``<field>_<lang>`` value replaces ``<field>``, other languages dropped."""
    if isinstance(data, list):
        return [overlay(item, lang) for item in data]
    if not isinstance(data, dict):
        return data
    out: dict = {}
    for key, value in data.items():
        if not SUFFIX.match(str(key)):
            out[key] = overlay(value, lang)
    for key, value in data.items():
        m = SUFFIX.match(str(key))
        if m and m["lang"] == lang and m["field"] != FRESHNESS:
            out[m["field"]] = overlay(value, lang)
    return out


def has_language(data: Any, lang: str) -> bool:
    """Whether a record's raw data has any ``<field>_<lang>`` at all."""
    if isinstance(data, dict):
        return any((m := SUFFIX.match(str(k))) and m["lang"] == lang and m["field"] != FRESHNESS for k in data) or any(
            has_language(v, lang) for v in data.values()
        )
    if isinstance(data, list):
        return any(has_language(v, lang) for v in data)
    return False


def english_only(data: Any) -> Any:
    """The English part of a record's raw data (every ``<field>_<lang>`` key removed)."""
    if isinstance(data, list):
        return [english_only(item) for item in data]
    if isinstance(data, dict):
        return {k: english_only(v) for k, v in data.items() if not SUFFIX.match(str(k))}
    return data


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def data_hash(data: Any) -> str:
    """The version of a data record's English text: changes when any English field changes."""
    return _digest(json.dumps(english_only(data), sort_keys=True, ensure_ascii=False, default=str))


def page_hash(text: str) -> str:
    """The version of an English page: its whole file (front matter and body), line ends ignored."""
    return _digest(text.replace("\r\n", "\n").strip())


def english_hash(root: Path, file: str) -> str | None:
    """The current English version that the Spanish file ``file`` should translate (None if no English)."""
    from . import loader  # the loader imports this module

    if file.startswith(f"{docs_dir('es')}/"):
        english = root / docs_dir(DEFAULT) / file.removeprefix(f"{docs_dir('es')}/")
        text = loader.read_text(english) if english.is_file() else None
        return page_hash(text) if text is not None else None
    path = root / file
    text = loader.read_text(path) if path.is_file() else None
    if text is None:
        return None
    try:
        _, data = loader.parse_yaml(text)
    except Exception:  # a broken file is reported by the loader
        return None
    return data_hash(data) if isinstance(data, dict) else None
