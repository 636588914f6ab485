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


class PublishedCardPages:
    """The public release list without filters, as ListView and its paginator read it:
    each page read by Communique.objects.published_cards(), its SQL compiled once per
    page (the pages readers open most); no queryset built unless it must be counted."""

    ordered = True  # as published() is (Communique.Meta.ordering)

    def __init__(self, model):
        self.model = model

    def count(self):
        return self.model.objects.published().count()

    def __getitem__(self, window: slice) -> list:
        start = window.start or 0
        if window.stop <= start:  # no release yet: nothing to read
            return []
        return self.model.objects.published_cards(start, window.stop - start)
