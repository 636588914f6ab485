from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """Pages of a list whose length is known already, so no COUNT query is made: a
    search counted its matches; the release list keeps its count per content
    generation (views.CommuniqueListView). Without a count, counts as usual."""

    def __init__(self, object_list, per_page, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return super().count if self.known_count is None else self.known_count


class CardPages:
    """A list of releases as ListView and its paginator read it: each page's releases
    found first by their keys (CommuniqueQuerySet.window), then read with what a card
    shows (for_list). One query, as a sliced for_list() would be, without the cards of
    the releases skipped: PostgreSQL builds the JSON of every row it reads, those
    before an OFFSET included (page 200 of the list: 4,000 of them). Counting reads no
    card either (Django keeps the annotations of a sliced queryset it counts)."""

    ordered = True  # as published() is (Communique.Meta.ordering)

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self):
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list:
        start = window.start or 0
        if window.stop <= start:  # no release yet: nothing to read
            return []
        return list(self.queryset.window(start, window.stop - start).for_list())
