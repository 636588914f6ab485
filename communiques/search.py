"""French full-text search over releases, pacts, people and organisations.

PostgreSQL: a stored, weighted `tsvector` (title A > lede B > body C > quotes D)
built with the `french_unaccent` configuration (unaccent + French stemming,
created by migration), a GIN index, `websearch_to_tsquery` (a reader's syntax
never errors), ranking and highlighted excerpts.

SQLite, the embedded default: the same visible behaviour for accents, case,
several words and quoted phrases over a stored normalised text; stemming is a
light plural folding.
"""

import json
import re
from dataclasses import dataclass, field
from html import escape, unescape

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, Func, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Lower
from django.utils.safestring import mark_safe

from grandest_press.batching import Batch
from grandest_press.richtext import plain_text
from grandest_press.text import fold

SEARCH_CONFIG = "french_unaccent"
MAX_QUERY_LENGTH = 200
MAX_RESULTS = 1000
COMMON_MATCHES = 10_000
EXCERPT_WORDS = 30
_HIGHLIGHT_START, _HIGHLIGHT_STOP = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]+)"')


def light_stem(word: str) -> str:
    """Plural folding for the SQLite fallback: "emplois" → "emploi", "signatures" → "signature"."""
    if len(word) > 3 and word.endswith(("s", "x")):
        return word[:-1]
    return word


@dataclass
class ParsedQuery:
    """What a reader typed: words that must all appear, and exact phrases."""

    raw: str
    truncated: bool = False
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.phrases


def parse_query(raw: str) -> ParsedQuery:
    raw = (raw or "").replace("\x00", "").strip()
    truncated = len(raw) > MAX_QUERY_LENGTH
    raw = raw[:MAX_QUERY_LENGTH]
    phrases = [" ".join(_WORD.findall(fold(p))) for p in _PHRASE.findall(raw)]
    rest = _PHRASE.sub(" ", raw)
    words = [w for w in _WORD.findall(fold(rest)) if w not in {"or", "ou"}]
    return ParsedQuery(raw=raw, truncated=truncated, words=words, phrases=[p for p in phrases if p])


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


# Indexing ---------------------------------------------------------------------


class StripTags(Func):
    """regexp_replace(html, '<[^>]+>', ' ', 'g'): the body's text for the index, the SQL
    counterpart of grandest_press.richtext.plain_text (a space for every tag, so blocks
    and list items never run into each other)."""

    function = "regexp_replace"
    output_field = TextField()

    def __init__(self, expression):
        super().__init__(expression, Value("<[^>]+>"), Value(" "), Value("g"))


def search_vector_expression():
    """The weighted vector of a release, quotes included, computed by PostgreSQL."""
    from communiques.models import Quote

    quotes = (
        Quote.objects.filter(communique=OuterRef("pk"))
        .order_by()
        .values("communique")
        .annotate(text=Func(F("text"), Value(" "), function="string_agg", output_field=TextField()))
        .values("text")
    )
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("lede", weight="B", config=SEARCH_CONFIG)
        + SearchVector(StripTags("body"), weight="C", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(Subquery(quotes), Value(""), output_field=TextField()),
            weight="D",
            config=SEARCH_CONFIG,
        )
    )


def searchable_text(communique) -> str:
    """The folded text the SQLite fallback searches in (PostgreSQL uses the vector)."""
    quotes = " ".join(quote.text for quote in communique.quotes.all())
    parts = [communique.title, communique.lede, plain_text(communique.body), quotes]
    return " ".join(_WORD.findall(fold(" ".join(parts))))


def refresh_index(communique_ids) -> None:
    """Recompute the stored search fields of these releases (after a save), or at the
    end of the open `indexing.once()` block."""
    from communiques.models import Communique

    if indexing.defer(communique_ids):
        return
    releases = Communique.objects.filter(pk__in=communique_ids)
    if uses_postgres():
        releases.update(search_vector=search_vector_expression())
        return
    for communique in releases.prefetch_related("quotes"):
        text = searchable_text(communique)
        if text != communique.search_text:
            Communique.objects.filter(pk=communique.pk).update(search_text=text)


indexing = Batch("search-indexing", lambda ids: refresh_index(sorted(ids)))


# Querying ---------------------------------------------------------------------


def postgres_query(query: ParsedQuery) -> SearchQuery:
    """websearch_to_tsquery of what the reader typed, or of it with plurals folded:
    the French Snowball stemmer leaves "emplois" as it is."""
    typed = SearchQuery(query.raw, search_type="websearch", config=SEARCH_CONFIG)
    folded = _WORD.sub(lambda match: light_stem(match.group(0)), query.raw)
    if folded == query.raw:
        return typed
    return typed | SearchQuery(folded, search_type="websearch", config=SEARCH_CONFIG)


@dataclass
class SearchResults:
    releases: object  # a queryset, ranked
    capped: bool  # only the MAX_RESULTS most recent matches were ranked
    count: int | None = None  # how many, when known already: the pages need not count


def search_communiques(queryset, query: ParsedQuery) -> SearchResults:
    """Filter and rank `queryset` (already limited to public releases).

    Ranking tens of thousands of matches of a common word costs more than a reader
    waits, so past MAX_RESULTS matches only the most recent ones are ranked, and the
    page says so. Which plan is cheap depends on how many releases match: the
    planner's estimate picks the very common words (walk the date index, stop after
    MAX_RESULTS matches); otherwise a count that stops at COMMON_MATCHES decides.
    """
    if query.is_empty:
        return SearchResults(queryset.none(), False)
    if uses_postgres():
        matches = queryset.filter(search_vector=postgres_query(query))
        if _estimated_rows(matches) >= COMMON_MATCHES:
            return _most_recent(queryset, matches, query, F("published_at").desc())
    else:
        matches = queryset.filter(_folded_condition(query))
    count = matches[:COMMON_MATCHES].count()
    if count <= MAX_RESULTS:
        return SearchResults(_ranked(matches, query), False, count)
    if count < COMMON_MATCHES:
        # A few thousand matches: read them through the GIN index and keep the newest.
        # (NULLS LAST cannot follow the date index, which would scan most of the table.)
        newest_first = F("published_at").desc(nulls_last=True)
        return _most_recent(queryset, matches, query, newest_first, MAX_RESULTS)
    return _most_recent(queryset, matches, query, F("published_at").desc(), MAX_RESULTS)


def _most_recent(queryset, matches, query, newest_first, count=None) -> SearchResults:
    recent = matches.order_by(newest_first).values("pk")[:MAX_RESULTS]
    return SearchResults(_ranked(queryset.filter(pk__in=recent), query), True, count)


def _estimated_rows(queryset) -> float:
    """PostgreSQL's own estimate of how many rows a query returns (an EXPLAIN, ~1 ms)."""
    plan = json.loads(queryset.explain(format="json"))
    return plan[0]["Plan"]["Plan Rows"]


def _folded_condition(query: ParsedQuery) -> Q:
    condition = Q()
    for word in query.words:
        condition &= Q(search_text__contains=light_stem(word))
    for phrase in query.phrases:
        condition &= Q(search_text__contains=phrase)
    return condition


def _ranked(releases, query: ParsedQuery):
    """Best first on PostgreSQL (then newest); newest first on SQLite."""
    if uses_postgres():
        rank = SearchRank(F("search_vector"), postgres_query(query))
        return releases.annotate(rank=rank).order_by("-rank", "-published_at")
    return releases.order_by("-published_at")


def excerpts(communiques, query: ParsedQuery) -> list[tuple]:
    """(release, safe HTML excerpt with the searched words in <mark>) for one page.

    Highlighting is costly (ts_headline reads the whole text): it is done in one
    query for the releases shown, never for every match. Lists leave bodies out
    (Communique.objects.for_list()): on SQLite that query reads them.
    """
    if not communiques:
        return []
    marked, bodies = {}, {}
    shown = type(communiques[0]).objects.filter(pk__in=[c.pk for c in communiques])
    if not uses_postgres():
        bodies = dict(shown.values_list("pk", "body"))
    else:
        headlines = shown.annotate(
            marked=SearchHeadline(
                StripTags("body"),
                postgres_query(query),
                config=SEARCH_CONFIG,
                start_sel=_HIGHLIGHT_START,
                stop_sel=_HIGHLIGHT_STOP,
                max_words=EXCERPT_WORDS,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        ).values_list("pk", "marked")
        marked = dict(headlines)
    results = []
    for communique in communiques:
        text = marked.get(communique.pk)
        if text is None:
            body = plain_text(bodies.get(communique.pk, ""))
            text = _mark_in_python(body or communique.lede, query)
        html = escape(unescape(text))
        html = html.replace(_HIGHLIGHT_START, "<mark>").replace(_HIGHLIGHT_STOP, "</mark>")
        results.append((communique, mark_safe(html)))
    return results


def _mark_in_python(text: str, query: ParsedQuery) -> str:
    folded = fold(text)
    if len(folded) != len(text):  # rare letters that fold to several: no highlight
        return " ".join(text.split()[:EXCERPT_WORDS])
    needles = [light_stem(w) for w in query.words] + query.phrases
    spans = []
    for needle in filter(None, needles):
        for match in re.finditer(r"\b" + re.escape(needle) + r"\w*", folded):
            spans.append((match.start(), match.end()))
    if not spans:
        return " ".join(text.split()[:EXCERPT_WORDS])
    spans.sort()
    start = max(0, text.rfind(" ", 0, max(0, spans[0][0] - 80)) + 1)
    end = text.find(" ", min(len(text), spans[0][0] + 220))
    end = len(text) if end == -1 else end
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        pieces += [text[cursor:span_start], _HIGHLIGHT_START, text[span_start:span_end]]
        pieces.append(_HIGHLIGHT_STOP)
        cursor = span_end
    pieces.append(text[cursor:end])
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(pieces) + suffix


class Unaccent(Func):
    """unaccent(): PostgreSQL's extension, a Python function registered on SQLite."""

    function = "unaccent"
    output_field = TextField()


# Other public records the site search lists under the releases, registered by the
# apps that build on releases (the agenda): {context name: callable(query) → queryset}.
# They depend on communiques, never the other way round.
OTHER_SOURCES = {}


def folded_match(queryset, fields: list[str], query: ParsedQuery):
    """Every word in one of `fields`, accent- and case-insensitively (small tables)."""
    if query.is_empty:
        return queryset.none()
    annotations = {f"_folded_{name}": Lower(Unaccent(name)) for name in fields}
    queryset = queryset.annotate(**annotations)
    for needle in [light_stem(w) for w in query.words] + query.phrases:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"_folded_{name}__contains": needle})
        queryset = queryset.filter(condition)
    return queryset
