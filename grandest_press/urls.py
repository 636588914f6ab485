from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from grandest_press import views

admin.site.site_header = _("Espace presse de la Région Grand Est")
admin.site.site_title = _("Administration de l’espace presse")
admin.site.index_title = _("Rédaction et publication")

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("communiques/", include("communiques.urls")),
    path("", include("partners.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
