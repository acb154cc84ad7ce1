"""Extract: a decoded `Page` to an `Article` (metadata and blocks, no folds yet).

`article.extract` is the stage; the other modules are its parts: `html`
(readability-lxml and the block walk), `meta` (a page's own metadata),
`paragraphs` (plain text and Markdown to blocks), `header` (title, source,
byline and date from a copy's first lines), `tame` (hostile markup cut down
before parsing), `dates`, and `vocabulary` (the patterns, from `metadata.toml`).
"""

from reader.extract.article import extract

__all__ = ["extract"]
