from django.contrib.sitemaps import Sitemap

from communiques.models import Communique


class CommuniqueSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Communique.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, communique):
        return communique.updated_at
