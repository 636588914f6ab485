from django.contrib.sitemaps import Sitemap

from agenda.models import Invitation


class InvitationSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Invitation.objects.published().only("slug", "updated_at").order_by("-starts_at")

    def lastmod(self, invitation):
        return invitation.updated_at
