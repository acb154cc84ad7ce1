"""Threads: group the copies of one story, whichever site or aggregator they came from.

The method, and why (each module says more of its part):

1. **Fingerprints** (`prints`): each page's counted blocks (paragraphs of 8
   words or more, folds left out but the related-stories ones, which come
   last and apart, since a rule may have folded the page's own story) cut
   into runs of five words, each hashed to 64 bits, in reading order; with,
   per block, its place in the article and where its hashes start, so that
   what the grouping leaves out of a page is whole blocks the library can
   fold. Long texts are compared on a sample: the hashes divisible by 4
   (but two whose figures there are near the rule's lines, on all of them).
2. **Candidates** (`index`): pages that share two keys of an index over the
   whole text (hashes divisible by 16, a text's opening, all of a short
   text; and a headline's content words at once, which alone makes two pages
   candidates, so that a teaser too short to hold two sampled hashes still
   meets its story: their text decides); a key more than 50 pages hold is
   furniture, not evidence, so the pairs grow linearly. Pages that hold the
   opening of another are looked for too (a quoted lede). The index is a
   small protocol, so the library can keep it in SQLite and regroup a change
   without the whole library.
3. **A site's text** (`grouping`): a paragraph at the same edge (top or
   bottom) of pages of three different stories is the site's (a banner, a
   disclaimer): left out of those pages, and its words are no evidence. Two
   pages are one story there when, without the edge paragraphs they share,
   one is mostly in the other, or when those are most of it in more than two
   paragraphs: copies share their text throughout (every paragraph of a
   short story is at an edge), a site's pages only their edges.
4. **Stories found in a page** (`stories`): another file's live text found
   whole in one stretch of a page is that story, embedded (related stories
   in full, a digest, "Up next" ledes; or in parts, if the page's title
   names it: its own story condensed, or with a box or another story set
   between, which is then found for what it is); the page's own is the one its title
   names (every one it names: a teaser of it and a copy of the rest), else
   its own text, else the largest; the rest is left out of its
   comparisons and reported, so the library folds it with that story's
   title. A page whose text is all other files' stories while its title
   names none, or whose title is a third story's, has lost its own: it stays
   alone.
5. **One story** (`match`): on what is left (live text), S the shorter and L
   the longer, *ordered containment* O (the most of S's hashes found in L in
   the same order, over |S|) and *head* (the share of S's first third found
   in L). Copies and versions (copy-edits, a new standfirst, a rewritten
   lede, a write-through, a fused headline, a teaser) keep most of the story
   in order (O >= 0.5) and tell it from the same beginning (head >= 0.5; a
   new lede over a short story is most of its first third, so three quarters
   in order with a quarter of the head is enough; a write-through of a short
   story rewrites its first third, so under headlines alike, the pages' own,
   six tenths in order is enough, whatever the head); a
   follow-up reuses background paragraphs but as a minority and not at its
   top (O up to 0.58, head 0.14 measured); briefs that share a disclaimer
   share their ends, not their starts (head at most 0.47), and a paragraph
   two pages both close with is left out of their comparison besides (unless
   it is most of the shorter under titles alike: a story of a few long
   paragraphs, all of them at its edges); the
   same event in other words shares almost no runs of five words. Joined
   pairs make threads (union-find); the user's splits and merges win; the
   fullest copy leads; of two versions, the later dated, or else the one that
   holds the other and more (not only at its end), is the newer copy.

`group_library` groups a library into a `Grouping` (threads, embedded
stories, the blocks left out, lost pages, the site's text, newer copies);
`regroup` takes the last one and the changed and gone pages and regroups
only the threads the change touches; `group` gives the threads alone.
"""

from reader.threads.grouping import (
    EMPTY,
    NO_CHOICES,
    Choices,
    Embed,
    Grouping,
    group,
    group_library,
    index_keys,
    make_thread,
    regroup,
    thread_order,
    threads_as_before,
)
from reader.threads.index import MAX_BUCKET, CandidateIndex, MemoryIndex
from reader.threads.prints import Fingerprint, fingerprint, fingerprint_text

__all__ = [
    "EMPTY",
    "MAX_BUCKET",
    "NO_CHOICES",
    "CandidateIndex",
    "Choices",
    "Embed",
    "Fingerprint",
    "Grouping",
    "MemoryIndex",
    "fingerprint",
    "fingerprint_text",
    "group",
    "group_library",
    "index_keys",
    "make_thread",
    "regroup",
    "thread_order",
    "threads_as_before",
]
