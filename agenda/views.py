"""The public agenda: list, invitation page, calendar files. Every view starts from
Invitation.objects.published()."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import http_date
from django.views.generic import DetailView, ListView

from agenda import calendars, pdf, structured_data
from agenda.filters import AgendaFilterForm
from agenda.models import Invitation
from communiques.models import Theme
from communiques.views import HomeView
from partners.models import Organisation

PAGE_SIZE = 20
HOME_UPCOMING_COUNT = 3


class AgendaHomeView(HomeView):
    """The home page, with the next events of the agenda."""

    def get_context_data(self, **kwargs):
        upcoming = Invitation.objects.published().upcoming()[:HOME_UPCOMING_COUNT]
        return super().get_context_data(upcoming_invitations=upcoming, **kwargs)


class AgendaListView(ListView):
    """Events to come, then past events, narrowed by the filters in the URL."""

    template_name = "agenda/invitation_list.html"
    context_object_name = "invitations"
    paginate_by = PAGE_SIZE
    # What the page cache keys on (grandest_press.response_cache): any other is dropped.
    query_parameters = ("page", *AgendaFilterForm.base_fields)

    def get_queryset(self):
        published = Invitation.objects.published()
        self.filter_form = AgendaFilterForm(self.request.GET, invitations=published)
        return self.filter_form.filter(published).agenda_order().for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class InvitationDetailView(DetailView):
    template_name = "agenda/invitation_detail.html"
    context_object_name = "invitation"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Invitation.objects.published().for_page(), slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            structured_data=structured_data.event(self.object, self.request),
            stored_pdf=pdf.store.stored_or_queue(self.object),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            withdrawn = Invitation.objects.withdrawn().filter(slug=kwargs["slug"]).first()
            if withdrawn is None:
                raise
            return TemplateResponse(
                request, "agenda/invitation_withdrawn.html", {"invitation": withdrawn}, status=410
            )
        response["Last-Modified"] = http_date(self.object.updated_at.timestamp())
        return response


def invitation_ics(request, slug):
    """« Ajouter à mon agenda »: the one event, as a file to open."""
    invitation = get_object_or_404(Invitation.objects.published().for_page(), slug=slug)
    document = calendars.calendar([invitation], request, name=invitation.title)
    return calendars.ics_response(document, filename=f"{slug}.ics", attachment=True)


def invitation_pdf(request, slug):
    """The accessible PDF of a published invitation, as the worker rendered it."""
    invitation = get_object_or_404(Invitation.objects.published().for_page(), slug=slug)
    return pdf.store.response(
        request, invitation, filename=f"{slug}.pdf", document="cette invitation"
    )


CALENDAR_SCOPES = {"theme": Theme, "territoire": Organisation}


def calendar_feed(request, scope=None, slug=None):
    """The whole agenda, or one theme's or territory's, to subscribe to (webcal)."""
    invitations = Invitation.objects.published()
    name = "Agenda presse de la Région Grand Est"
    if scope is not None:
        model = CALENDAR_SCOPES.get(scope)
        if model is None:
            raise Http404
        records = model.objects.public() if model is Organisation else model.objects.all()
        chosen = get_object_or_404(records, slug=slug)
        field = "themes" if scope == "theme" else "territories"
        invitations = invitations.filter(**{field: chosen})
        name = f"{name} — {chosen}"
    invitations = invitations.for_list().order_by("starts_at", "pk")
    document = calendars.calendar(invitations, request, name=name)
    filename = f"agenda-{scope}-{slug}.ics" if scope else "agenda.ics"
    return calendars.ics_response(document, filename=filename, attachment=False)
