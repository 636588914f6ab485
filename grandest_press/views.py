from django.contrib.sitemaps.views import sitemap
from django.views.generic import DetailView

from grandest_press.models import LegalPage


class LegalPageView(DetailView):
    """Legal notice, accessibility statement."""

    model = LegalPage
    template_name = "grandest_press/legalpage_detail.html"
    context_object_name = "page"


def sitemap_section(request, section, sitemaps):
    """One section of the sitemap; its pages are read from ?p= (the page cache keeps
    only the parameters a view declares)."""
    return sitemap(request, sitemaps, section=section)


sitemap_section.query_parameters = ("p",)
