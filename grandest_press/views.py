from django.views.generic import TemplateView

from communiques.models import Communique
from partners.models import TerritorialPact

HOME_LATEST_COUNT = 6


class HomeView(TemplateView):
    """Latest published releases and the pacts under way."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_communiques"] = Communique.objects.published().for_list()[
            :HOME_LATEST_COUNT
        ]
        context["current_pacts"] = TerritorialPact.objects.current().with_public_relations()
        return context
