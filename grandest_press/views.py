from django.views.generic import DetailView

from grandest_press.models import LegalPage


class LegalPageView(DetailView):
    """Legal notice, accessibility statement."""

    model = LegalPage
    template_name = "grandest_press/legalpage_detail.html"
    context_object_name = "page"
