"""Boilerplate: recognise a page's furniture and fold it, never delete it.

`rules` holds the catalogue (the built-in `catalogue.toml` merged with the
user's `rules.toml`); `fold` marks blocks with it, finds menus by their shape
and the text a library repeats across stories, and groups what it marked
into folds.
"""

from reader.boilerplate.fold import (
    Recurring,
    edge_keys,
    fold,
    mark,
    recurring,
    story_edges,
    unpack_keys,
)
from reader.boilerplate.rules import Catalogue, load_catalogue

__all__ = [
    "Catalogue",
    "Recurring",
    "edge_keys",
    "fold",
    "load_catalogue",
    "mark",
    "recurring",
    "story_edges",
    "unpack_keys",
]
