"""Every page the site makes from data, and the end added to each hand-written page.

``all_pages`` lists the generated pages of every kind (one function per kind, in the kind's
module, returns the whole page); the plugin adds them to MkDocs. ``finish`` adds what a
hand-written page does not write itself: the composite note on stories, and the footer.
"""

from __future__ import annotations

import html

from . import glossary, i18n, letters, paths, plans, questionnaire, rebuild, stories
from .pages import Context, Generated, content_footer, footer
from .site import Site


def all_pages(site: Site, ctx: Context) -> list[Generated]:
    used = rebuild.backlinks(site.terms, site.bodies())  # under serve, only changed pages are read again
    found = [glossary.term_page(term, site.terms, used[tid], ctx) for tid, term in site.terms.items()]
    found += [
        plans.plan_page(plan, site.labels, site.terms, stories.related(site.stories, [], [pid]), ctx)
        for pid, plan in site.plans.items()
    ]
    found += [questionnaire.page(q, site.plans, site.terms, ctx) for q in site.questionnaires.values()]
    if site.questionnaires and ctx.lang == "en":  # a reviewers' page, in English only
        found.append(questionnaire.paths_page(site.questionnaires))
    found += [letters.letter_page(letter, site.terms, ctx) for letter in site.letters.values()]
    found += stories.filter_pages(site.stories, site.plans, ctx)
    return found


def finish(site: Site, src: str, markdown: str, meta: dict, ctx: Context) -> str:
    """A hand-written page's Markdown with its end (and, for a story, the composite note) added.

    ``meta`` is the page's front matter as MkDocs read it; a story's description is set from its summary.
    """
    story_id = src.removeprefix(f"{paths.STORY.docs_dir}/").removesuffix(".md")
    if src.startswith(f"{paths.STORY.docs_dir}/") and story_id in site.stories:
        story, _ = site.stories[story_id]
        meta["description"] = html.escape(story.summary)
        note = f'!!! note "{ctx.strings["composite_title"]}"\n\n    {ctx.strings["composite_note"]}\n\n'
        return stale_note(site, src, story, ctx) + note + markdown + footer(ctx, last_reviewed=story.last_reviewed)
    if src in site.pages:
        page, _ = site.pages[src]
        related = stories.related(site.stories, page.topics, page.plans) if (page.topics or page.plans) else []
        return stale_note(site, src, page, ctx) + markdown + content_footer(page, site.titles, related, ctx)
    return markdown


def stale_note(site: Site, src: str, meta, ctx: Context) -> str:
    """On a translated page whose English has changed since: a short note linking the English page."""
    if ctx.lang == i18n.DEFAULT or meta.translated_from is None:
        return ""  # English, or a translation that does not say what it follows (make check advises)
    if i18n.english_hash(site.root, paths.docs_file(src, ctx.lang)) in (None, meta.translated_from):
        return ""
    english = (
        ctx.site_url.removesuffix(i18n.url_prefix(ctx.lang))
        + src.removesuffix(".md").removesuffix("index")
        + ("" if src.endswith("index.md") else "/")
    )
    return (
        f'!!! info "{ctx.strings["language_stale_link"]}"\n\n'
        f"    {ctx.strings['language_stale']} [{ctx.strings['language_stale_link']}]({english})\n\n"
    )
