"""RSS 2.0 and Atom feeds of the public releases: all, or per theme, pact,
organisation or person. Items carry the full text with absolute links."""

import mimetypes
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

from communiques.models import QUOTES, Communique, Theme
from grandest_press.relations import Relations
from partners.models import Organisation, Person, TerritorialPact

FEED_LENGTH = 30
# What an item shows beside the release's own fields (the description template,
# templates/jinja2/communiques/feed_description.html, the photo and the categories).
FEED_ITEM = Relations(
    Communique,
    "image",
    "themes",
    "corrections",
    QUOTES,
)


@dataclass
class FeedScope:
    """What a feed follows: everything, or one theme, pact, organisation or person."""

    kind: str = ""
    obj: object = None

    def filter(self, queryset):
        match self.kind:
            case "theme":
                return queryset.filter(themes=self.obj)
            case "pacte":
                return queryset.filter(pacts=self.obj)
            case "organisation":
                return queryset.mentioning_organisation(self.obj)
            case "personnalite":
                return queryset.mentioning_person(self.obj)
        return queryset

    @property
    def label(self) -> str:
        return {
            "theme": f"thème « {self.obj} »",
            "pacte": f"pacte « {self.obj} »",
            "organisation": str(self.obj),
            "personnalite": str(self.obj),
        }.get(self.kind, "")


# What each scope's slug is looked up in: a pact, person or organisation not public
# (yet) has no feed.
SCOPES = {
    "theme": lambda: Theme.objects.all(),
    "pacte": lambda: TerritorialPact.objects.public(),
    "organisation": lambda: Organisation.objects.public(),
    "personnalite": lambda: Person.objects.public(),
}


class CommuniqueRssFeed(Feed):
    feed_type = Rss201rev2Feed
    format_name = "rss"
    description_template = "communiques/feed_description.html"
    language = "fr"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, scope=None, slug=None):
        if scope is None:
            return FeedScope()
        queryset = SCOPES.get(scope)
        if queryset is None:
            raise Http404
        return FeedScope(scope, get_object_or_404(queryset(), slug=slug))

    def title(self, scope):
        base = "Communiqués de presse de la Région Grand Est"
        return f"{base} — {scope.label}" if scope.kind else base

    def link(self, scope):
        return scope.obj.get_absolute_url() if scope.kind else reverse("communiques:list")

    def feed_url(self, scope):
        if scope.kind:
            return reverse(
                "communiques:scoped-feed",
                kwargs={"scope": scope.kind, "slug": scope.obj.slug, "format": self.format_name},
            )
        return reverse("communiques:feed", kwargs={"format": self.format_name})

    def description(self, scope):
        return "Les communiqués de presse publiés par la Région Grand Est."

    subtitle = description

    def items(self, scope):
        releases = scope.filter(Communique.objects.published()).order_by("-published_at")
        return FEED_ITEM.annotate(releases.defer("search_vector", "search_text"))[:FEED_LENGTH]

    def item_title(self, communique):
        return communique.title

    def item_link(self, communique):
        return communique.get_absolute_url()

    def item_pubdate(self, communique):
        return communique.published_at

    def item_updateddate(self, communique):
        return communique.updated_at

    def item_author_name(self, communique):
        return "Région Grand Est — Service presse"

    def item_enclosures(self, communique):
        """The release's photo (the stored original, stripped of its metadata)."""
        image = communique.image
        if image is None:
            return []
        mime_type = mimetypes.guess_type(image.file.name)[0] or "image/jpeg"
        url = self.request.build_absolute_uri(image.file.url)
        return [Enclosure(url, str(image.size), mime_type)]

    def item_categories(self, communique):
        return [theme.name for theme in communique.themes_list]


class CommuniqueAtomFeed(CommuniqueRssFeed):
    feed_type = Atom1Feed
    format_name = "atom"


FEEDS = {"rss": CommuniqueRssFeed, "atom": CommuniqueAtomFeed}


def feed_view(request, format, scope=None, slug=None):
    feed_class = FEEDS.get(format)
    if feed_class is None:
        raise Http404
    # A new instance per request: the feed keeps the request for absolute links.
    return feed_class()(request, scope=scope, slug=slug)
