"""The public pages of organisations, people and pacts, each read with its relations
in one query."""

from django.db import models


class PublicPageQuerySet(models.QuerySet):
    """Organisations, people and pacts (all public): the query of their public page."""

    def for_page(self):
        """Each with everything its public page shows, in one query (PUBLIC_PAGES)."""
        return PUBLIC_PAGES[self.model].annotate(self)


# The relations of each model's public page, keyed by model: each model's module adds its
# own, so this module needs none of them.
PUBLIC_PAGES = {}
