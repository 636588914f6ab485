"""Public pages of pacts, people and organisations.

Releases are reached through reverse relations (`organisation.communiques.published()`),
so this app never imports `communiques` and the visibility rule stays in one place.
Pacts, people and organisations start from `public()`: a private one is a 404.
"""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from grandest_press.documents import download_response
from partners import structured_data
from partners.models import (
    Organisation,
    PactAttachment,
    Person,
    TerritorialPact,
)

# The latest ones; the full list is the release list filtered by this pact, person
# or organisation (linked from the page).
RELATED_RELEASES = 10


class PactListView(ListView):
    template_name = "partners/pact_list.html"
    context_object_name = "pacts"
    paginate_by = 30
    query_parameters = ("page",)

    def get_queryset(self):
        return TerritorialPact.objects.public().for_list()


class PactDetailView(DetailView):
    template_name = "partners/pact_detail.html"
    context_object_name = "pact"

    def get_object(self, queryset=None):
        return get_object_or_404(
            TerritorialPact.objects.public().for_page(), slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs):
        communiques = self.object.communiques.published().for_list()[:RELATED_RELEASES]
        return super().get_context_data(communiques=communiques, **kwargs)


class PersonDetailView(DetailView):
    template_name = "partners/person_detail.html"
    context_object_name = "person"

    def get_object(self, queryset=None):
        return get_object_or_404(Person.objects.public().for_page(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        quotes = (
            self.object.quotes.published()
            .select_related("communique")
            .order_by("-communique__published_at", "order")
        )
        return super().get_context_data(
            quotes=quotes[:RELATED_RELEASES],
            structured_data=structured_data.person(self.object, self.request),
            **kwargs,
        )


class OrganisationDetailView(DetailView):
    template_name = "partners/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        return get_object_or_404(Organisation.objects.public().for_page(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        communiques = self.object.communiques.published().for_list()[:RELATED_RELEASES]
        return super().get_context_data(communiques=communiques, **kwargs)


def pact_attachment(request, slug, pk):
    """A pact's document: public with the pact itself."""
    attachment = get_object_or_404(
        PactAttachment.objects.select_related("pact"),
        pact__in=TerritorialPact.objects.public(),
        pact__slug=slug,
        pk=pk,
    )
    return download_response(attachment)
