from django.contrib.sitemaps import Sitemap

from partners.models import Organisation, Person, TerritorialPact


class PactSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return TerritorialPact.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, pact):
        return pact.updated_at


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Person.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, person):
        return person.updated_at


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Organisation.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, organisation):
        return organisation.updated_at
