from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from communiques.sitemaps import CommuniqueSitemap
from communiques.views import HomeView
from grandest_press import health, views
from partners.sitemaps import OrganisationSitemap, PactSitemap, PersonSitemap

admin.site.site_header = _("Espace presse de la Région Grand Est")
admin.site.site_title = _("Administration de l’espace presse")
admin.site.index_title = _("Rédaction et publication")

SITEMAPS = {
    "communiques": CommuniqueSitemap,
    "pactes": PactSitemap,
    "personnalites": PersonSitemap,
    "organisations": OrganisationSitemap,
}

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("sante/", health.health, name="health"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("communiques/", include("communiques.urls")),
    path("abonnement/", include("journalists.urls")),
    path("", include("partners.urls")),
    path("informations/<slug:slug>/", views.LegalPageView.as_view(), name="legal-page"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
