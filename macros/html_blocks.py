"""A Markdown extension: Python-Markdown treats <caption> as block-level HTML.

Python-Markdown's list of block-level tags lacks ``caption``, so inside ``<table markdown>``
(md_in_html) a caption line was wrapped in ``<p>``, and ``<table><p><caption>`` is invalid
HTML that browsers repair by moving the paragraph out of the table (issue 18). Listed as
block-level, a ``<caption>`` stays raw HTML, or is parsed as one inline span with
``markdown="span"``, as the comparison table does.
"""

from __future__ import annotations

from markdown import Extension, Markdown

BLOCK_TAGS = ("caption",)


class HtmlBlocksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        for tag in BLOCK_TAGS:
            if tag not in md.block_level_elements:
                md.block_level_elements.append(tag)


def makeExtension(**kwargs) -> HtmlBlocksExtension:  # Python-Markdown finds an extension module by this name
    return HtmlBlocksExtension(**kwargs)
