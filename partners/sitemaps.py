from django.contrib.sitemaps import Sitemap

from partners.models import Organisation, Person, TerritorialPact


class PactSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return (
            TerritorialPact.objects.public()
            .only("slug", "updated_at", "public_since")
            .order_by("pk")
        )

    def lastmod(self, pact):
        return max(pact.updated_at, pact.public_since)


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Person.objects.public().only("slug", "updated_at", "public_since").order_by("pk")

    def lastmod(self, person):
        return max(person.updated_at, person.public_since)


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return (
            Organisation.objects.public().only("slug", "updated_at", "public_since").order_by("pk")
        )

    def lastmod(self, organisation):
        return max(organisation.updated_at, organisation.public_since)
