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
