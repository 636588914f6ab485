from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from agenda.sitemaps import InvitationSitemap
from agenda.views import AgendaHomeView
from communiques.sitemaps import CommuniqueSitemap
from grandest_press import health, views
from grandest_press.auth import LoginForm
from partners.sitemaps import OrganisationSitemap, PactSitemap, PersonSitemap

admin.site.site_header = _("Espace presse de la Région Grand Est")
admin.site.site_title = _("Administration de l’espace presse")
admin.site.index_title = _("Rédaction et publication")
admin.site.login_form = LoginForm

SITEMAPS = {
    "communiques": CommuniqueSitemap,
    "agenda": InvitationSitemap,
    "pactes": PactSitemap,
    "personnalites": PersonSitemap,
    "organisations": OrganisationSitemap,
}

handler403 = "grandest_press.errors.permission_denied"
handler404 = "grandest_press.errors.page_not_found"
handler500 = "grandest_press.errors.server_error"

urlpatterns = [
    path("", AgendaHomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("sante/", health.health, name="health"),
    # An index of one sitemap per section, each in pages of its `limit` (?p=2…): search
    # engines reach every release however many there are.
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        views.sitemap_section,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("communiques/", include("communiques.urls")),
    path("agenda/", include("agenda.urls")),
    path("abonnement/", include("journalists.urls")),
    path("", include("partners.urls")),
    path("", include("opendata.urls")),
    path("informations/<slug:slug>/", views.LegalPageView.as_view(), name="legal-page"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
