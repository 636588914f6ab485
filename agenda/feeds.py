"""RSS 2.0 and Atom feeds of the agenda: the latest invitations and their changes.

An invitation comes back to the top of the feed when it changes (ordered by its last
change), and its title says « ANNULÉ » or « REPORTÉ » first: readers see it at once.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from agenda.models import Invitation

FEED_LENGTH = 30


class AgendaRssFeed(Feed):
    feed_type = Rss201rev2Feed
    format_name = "rss"
    description_template = "agenda/feed_description.html"
    language = "fr"
    title = "Agenda presse de la Région Grand Est"
    description = (
        "Les invitations presse de la Région Grand Est : événements, reports, annulations."
    )
    subtitle = description

    def link(self):
        return reverse("agenda:list")

    def feed_url(self):
        return reverse("agenda:feed", kwargs={"format": self.format_name})

    def items(self):
        invitations = Invitation.objects.published().for_page().order_by("-updated_at", "-pk")
        return invitations[:FEED_LENGTH]

    def item_title(self, invitation):
        return invitation.display_title

    def item_link(self, invitation):
        return invitation.get_absolute_url()

    def item_guid(self, invitation):
        return f"urn:uuid:{invitation.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, invitation):
        return invitation.published_at

    def item_updateddate(self, invitation):
        return invitation.updated_at

    def item_author_name(self, invitation):
        return "Région Grand Est — Service presse"

    def item_categories(self, invitation):
        return [theme.name for theme in invitation.themes_list]


class AgendaAtomFeed(AgendaRssFeed):
    feed_type = Atom1Feed
    format_name = "atom"


FEEDS = {"rss": AgendaRssFeed, "atom": AgendaAtomFeed}


def feed_view(request, format):
    feed_class = FEEDS.get(format)
    if feed_class is None:
        raise Http404
    return feed_class()(request)
