"""Kinds of bad input an editor can make, and the one line `make check` must print for each.

Each case: an id, the files to write over a small valid project (``tests.helpers.mini_site``), and the
start of the line expected (``file:line: message``). tests/test_bad_input.py runs them all; running this
file prints the table of what an editor sees (for the closing notes).
"""

from __future__ import annotations

import yaml

from tests.helpers import STORY, TERM

TERM_YAML = yaml.safe_dump(TERM, sort_keys=False)
FRONT = "---\ntitle: P\ndescription: A page for the bad-input cases.\nlast_reviewed: 2026-11-01\n---\n"
NAV_CONFIG = "nav:\n  - Home: index.md\n"


# A Spanish edition over the small project: its config, its home page, and the term in Spanish.
SPANISH = {
    "mkdocs.es.yml": "INHERIT: mkdocs.yml\ndocs_dir: docs-es\ntheme:\n  language: es\n",
    "docs-es/index.md": FRONT + "Esta es la página de inicio.",
}
TERM_ES = (
    TERM_YAML.replace("short: ", "short_es: Un plan escrito para un niño que recibe educación especial.\nshort: ", 1)
    .replace("term: ", "term_es: Programa de Educación Individualizado\nterm: ", 1)
    .replace("definition: ", "definition_es: Un plan para la escuela.\ndefinition: ", 1)
)


def term(**changes) -> str:
    return yaml.safe_dump({**TERM, **changes}, sort_keys=False)


CASES = [
    # (id, files, expected start of the line)
    ("duplicate key in a glossary file", {"glossary/iep.yml": TERM_YAML + "short: Another short text here.\n"},
     "glossary/iep.yml:12: 'short' is written twice (also on line 5)"),
    ("duplicate key in front matter", {"docs/p.md": FRONT.replace("title: P\n", "title: P\ntitle: Q\n") + "Hi."},
     "docs/p.md:3: 'title' is written twice (also on line 2)"),
    ("bytes that are not UTF-8", {"docs/p.md": FRONT + "Caf\xe9 line.\n"},
     "docs/p.md:6: this line has bytes that are not UTF-8 text"),
    ("tab in YAML", {"glossary/iep.yml": TERM_YAML.replace("  url:", "\turl:")},
     "glossary/iep.yml:10: this is not valid YAML (found a tab character"),
    ("missing colon", {"glossary/iep.yml": TERM_YAML.replace("short:", "short")},
     "glossary/iep.yml:"),
    ("unknown field", {"glossary/iep.yml": TERM_YAML.replace("short:", "shrot:")},
     "glossary/iep.yml:5: unknown field 'shrot' - remove it or fix the spelling; did you mean 'short'?"),
    ("missing field", {"glossary/iep.yml": term(definition=None).replace("definition: null\n", "")},
     "glossary/iep.yml:1: missing required field 'definition'"),
    ("US-style date", {"glossary/iep.yml": term(last_reviewed="11/28/2026")},
     "glossary/iep.yml:11: 'last_reviewed' is not a date ('11/28/2026')"),
    ("impossible date", {"glossary/iep.yml": TERM_YAML.replace("2026-11-01", "2026-13-01")},
     "glossary/iep.yml:11: 'last_reviewed' is not a date ('2026-13-01')"),
    ("future review date", {"glossary/iep.yml": TERM_YAML.replace("2026-11-01", "2099-01-01")},
     "glossary/iep.yml:11: 'last_reviewed' is in the future (2099-01-01)"),
    ("http source", {"glossary/iep.yml": TERM_YAML.replace("https://", "http://")},
     "glossary/iep.yml:10: 'sources.0.url': sources use https:// addresses"),
    ("empty source address", {"glossary/iep.yml": term(sources=[{"title": "A law", "url": ""}])},
     "glossary/iep.yml:10: 'sources.0.url' is not a web address"),
    ("short text too long", {"glossary/iep.yml": term(short="x" * 170)},
     "glossary/iep.yml:5: 'short' is 170 characters long, over the limit of 160"),
    ("id field in a data file", {"glossary/iep.yml": "id: iep\n" + TERM_YAML},
     "glossary/iep.yml:1: do not write an 'id' field"),
    ("file name not kebab-case", {"glossary/Bad_Name.yml": term(term="Bad name", abbr="BN", aka=[])},
     "glossary/Bad_Name.yml: the file name 'Bad_Name' is not a lowercase kebab-case id"),
    ("file ending .yaml", {"glossary/other.yaml": term(term="Other", abbr="OT", aka=[])},
     "glossary/other.yaml: data files end in '.yml'"),
    ("empty data file", {"glossary/empty.yml": ""},
     "glossary/empty.yml:1: the file should be a list of 'field: value' lines"),
    ("data file that is a list", {"glossary/listy.yml": "- a\n- b\n"},
     "glossary/listy.yml:1: the file should be a list of 'field: value' lines"),
    ("python tag in YAML", {"glossary/tagged.yml": "term: !!python/object:os.system x\n"},
     "glossary/tagged.yml:1: this is not valid YAML"),
    ("alias claimed twice", {"glossary/other.yml": term(term="Other", abbr="IEP", aka=[])},
     "glossary/other.yml:2: the name 'IEP' is also claimed by glossary/iep.yml"),
    ("related term that does not exist", {"glossary/iep.yml": term(related=["fape"])},
     "glossary/iep.yml:8: 'related' names 'fape', which is not a glossary term"),
    ("unknown term in a page", {"docs/p.md": FRONT + 'An {{ term("ieb") }}.\n'},
     "docs/p.md:6: this line uses term(\"ieb\"), which is not a glossary term - did you mean 'iep'?"),
    ("unknown term in a definition", {"glossary/iep.yml": term(definition='See {{ term("fap") }}.')},
     "glossary/iep.yml:6: 'definition' uses term(\"fap\"), which is not a glossary term"),
    ("one-argument term at a sentence start", {
        "glossary/evaluation.yml": term(term="Evaluation", abbr=None, aka=[]),
        "docs/p.md": FRONT + '{{ term("evaluation") }} comes first.\n'},
     "docs/p.md:6: term(\"evaluation\") starts a sentence"),
    ("link to a page that does not exist", {"docs/p.md": FRONT + "See [x](/guide/nope.md).\n"},
     "docs/p.md:6: the link to '/guide/nope.md' goes to no page"),
    ("{# in prose", {"docs/p.md": FRONT + "## Heading {#anchor}\n"},
     "docs/p.md:6: '{#' starts template code here, but no macro follows"),
    ("{{ }} that is not a macro", {"docs/p.md": FRONT + "Price: {{ price }}\n"},
     "docs/p.md:6: '{{' starts template code here, but no macro follows"),
    ("{% %} statement in prose", {"docs/p.md": FRONT + "{% if x %}Hidden{% endif %}\n"},
     "docs/p.md:6: '{%' starts template code here"),
    ("macro the site does not have", {"docs/p.md": FRONT + '{{ glosary_index() }}\n'},
     "docs/p.md:6: 'glosary_index()' is not a macro of this site"),
    ("Jinja in a data field", {"glossary/iep.yml": term(example="Six times seven is {{ 6 * 7 }}.")},
     "glossary/iep.yml:12: 'example' has '{{ 6 * 7 }}', which is not allowed in data"),
    ("script in a page", {"docs/p.md": FRONT + "<script>alert(1)</script>\n"},
     "docs/p.md:6: this page has a <script> element"),
    ("svg onload in a page", {"docs/p.md": FRONT + "Look <svg/onload=alert(1)>\n"},
     "docs/p.md:6: this page has a <svg> element"),
    ("handler split over two YAML lines", {"glossary/iep.yml": term(definition="A <img src=x\nonerror=alert(1)> plan.")},
     "glossary/iep.yml:8: 'definition' has the attribute 'onerror' on <img>"),
    ("entity-encoded javascript link", {"docs/p.md": FRONT + "[x](javascript&#58;alert(1))\n"},
     "docs/p.md:6: this page has a link to a 'javascript:' address"),
    ("vbscript link in a story", {"docs/stories/a-story.md": STORY + "[x](vbscript:msgbox(1))\n"},
     "docs/stories/a-story.md:11: this page has a link to a 'vbscript:' address"),
    # Python's HTML parser, which MkDocs uses too, raised on this: make check blamed another file, the build showed a traceback.
    ("a '<' typed right before an image", {"docs/p.md": FRONT + "See <![chart](chart.png) here.\n"},
     "docs/p.md:6: this page has a '<' right before '![' (or '<![' in HTML) - remove that '<'"),
    ("protocol-relative address", {"docs/p.md": FRONT + "[x](//evil.example/page)\n"},
     "docs/p.md:6: this page has a link to a '//' address"),
    ("handler in an attribute list", {"docs/p.md": FRONT + "A paragraph\n{: onclick=\"x()\" }\n"},
     "docs/p.md:7: this page has the attribute 'onclick' in { }"),
    ("markup in a plain-text field", {"glossary/iep.yml": term(short="A plan <iframe src=x></iframe> here.")},
     "glossary/iep.yml:5: 'short' has a <iframe> element"),
    ("TODO left from a template", {"docs/p.md": FRONT + "TODO: write this.\n"},
     "docs/p.md:6: a TODO from the template is still here"),
    ("page without front matter", {"docs/p.md": "Just text.\n"},
     "docs/p.md:1: the page has no front matter"),
    ("front matter that is a list", {"docs/p.md": "---\n- a\n---\nText.\n"},
     "docs/p.md:2: the front matter should be 'field: value' lines"),
    ("description too long", {"docs/p.md": FRONT.replace("A page for the bad-input cases.", "d" * 200) + "Hi."},
     "docs/p.md:3: 'description' is 200 characters long, over the limit of 160"),
    ("story topic not in the list", {"docs/stories/a-story.md": STORY.replace("[evaluation]", "[homework]")},
     "docs/stories/a-story.md:7: 'topics.0' value 'homework' is not in the list"),
    ("story plan that does not exist", {"docs/stories/a-story.md": STORY.replace("plans: [iep]", "plans: [ifsp]")},
     "docs/stories/a-story.md:6: 'plans' names 'ifsp', which is not a plan"),
    ("page missing from the menu", {"mkdocs.yml+": NAV_CONFIG, "docs/p.md": FRONT + "Hi.\n"},
     "docs/p.md:1: the page is not in the menu - add the line '      - P: p.md'"),
    ("broken mkdocs.yml", {"mkdocs.yml+": "nav: [\n"},
     "mkdocs.yml:"),
    ("misspelled word", {"docs/p.md": FRONT + "We recieve the plan.\n"},
     "docs/p.md:6: 'recieve' looks misspelled"),
    ("unknown term inside a code span", {"docs/p.md": FRONT + 'Write `{{ term("id") }}` here.'},
     """docs/p.md:6: this line uses term("id"), which is not a glossary term"""),
    # The Spanish edition (macros/translation.py): a project with mkdocs.es.yml and docs-es/.
    ("Spanish field without its English field", {**SPANISH, "glossary/iep.yml": TERM_ES + "example_es: Un ejemplo.\n"},
     "glossary/iep.yml:15: 'example_es' has no English 'example' beside it"),
    ("English page without a Spanish twin", {**SPANISH, "docs/p.md": FRONT + "A page."},
     "docs/p.md: this page has no es twin (docs-es/p.md) - translate it at that path, or add 'p.md' to extra.not_translated"),
    ("Spanish page whose English page is gone", {**SPANISH, "docs-es/q.md": FRONT + "Una página."},
     "docs-es/q.md: its English page (docs/q.md) does not exist"),
    ("term in English only", {**SPANISH, "glossary/iep.yml": TERM_YAML},
     "glossary/iep.yml: this glossary term has no es text (fields ending in _es)"),
    ("translated term with a field left in English", {**SPANISH, "glossary/iep.yml": TERM_ES.replace("definition_es: Un plan para la escuela.\n", "")},
     "glossary/iep.yml:8: 'definition' has no es text - add 'definition_es:' after it"),
    ("Spanish short text too long", {**SPANISH, "glossary/iep.yml": TERM_ES.replace("short_es: Un plan escrito para un niño que recibe educación especial.", "short_es: " + "x" * 170)},
     "glossary/iep.yml:6: 'short_es' is 170 characters long, over the limit of 160"),
    ("Spanish page uses a word to avoid", {**SPANISH, "glossary/iep.yml": TERM_ES + "avoid_es: [plan educativo individual]\n", "docs-es/index.md": FRONT + "Su plan educativo individual."},
     "docs-es/index.md:6: 'plan educativo individual' is not the word this site uses"),
]  # fmt: skip

# A broken file is reported once: the pages that use it are not reported again.
CASCADE = {
    "glossary/iep.yml": TERM_YAML.replace("short:", "short"),
    "docs/p.md": FRONT + 'An {{ term("iep") }}, and {{ term("iep", "the plan") }}.\n',
}


if __name__ == "__main__":
    import tempfile
    from pathlib import Path

    from tests.test_bad_input import lines_for

    print("| Bad input | What the editor sees (`make check`) |\n|---|---|")
    for case_id, files, expected in CASES:
        found = lines_for(Path(tempfile.mkdtemp()), files)
        shown = next((line for line in found if line.startswith(expected)), found[0] if found else "(nothing)")
        print(f"| {case_id} | `{shown.replace('|', '/')}` |")
