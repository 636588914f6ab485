import hashlib
import itertools
from operator import attrgetter

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.http import http_date, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from communiques import kit, pdf, search, structured_data, vcards
from communiques.filters import CommuniqueFilterForm
from communiques.models import (
    Communique,
    CommuniqueAttachment,
    OnCallShift,
    PressContact,
    PreviewLink,
    Theme,
)
from communiques.pagination import CardPages, CountedPaginator
from grandest_press import qrcodes, response_cache
from grandest_press.documents import download_response
from grandest_press.typography import french_date, french_time
from grandest_press.user_agents import is_link_preview_robot
from partners.models import Organisation, Person, TerritorialPact

PAGE_SIZE = 20
HOME_LATEST_COUNT = 6
HOME_PACTS_COUNT = 6
DETAIL_TEMPLATE = "communiques/communique_detail.html"
BY_FILTERS_TIMEOUT = 600


class PublishedCommuniqueMixin:
    """Every public view of releases starts from Communique.objects.published()."""

    def get_queryset(self):
        return Communique.objects.published()


class HomeView(TemplateView):
    """Latest published releases and the pacts under way."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        latest = Communique.objects.published().for_list()[:HOME_LATEST_COUNT]
        pacts = TerritorialPact.objects.public().current().for_list()[:HOME_PACTS_COUNT]
        return super().get_context_data(latest_communiques=latest, current_pacts=pacts, **kwargs)


class CommuniqueListView(PublishedCommuniqueMixin, ListView):
    """All public releases, narrowed by the filters in the URL."""

    template_name = "communiques/communique_list.html"
    context_object_name = "communiques"
    paginate_by = PAGE_SIZE
    # What the page cache keys on (grandest_press.response_cache): any other is dropped.
    query_parameters = ("page", *CommuniqueFilterForm.base_fields)

    def get_queryset(self):
        self.filter_form = CommuniqueFilterForm.for_query(self.request.GET)
        return CardPages(self.filter_form.filter(super().get_queryset()))

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=self.by_filters["count"], **kwargs)

    def get_context_data(self, **kwargs):
        # HTML rendered by the template (which escapes what it prints), kept as is.
        fields = mark_safe(self.by_filters["fields"])
        return super().get_context_data(
            filter_form=self.filter_form, filter_fields=fields, **kwargs
        )

    @cached_property
    def by_filters(self) -> dict:
        """What only the content and the chosen filters decide: the form's fields (they
        list every theme, organisation, pact and person) and how many releases match.
        Computed once per content generation (any public change, or a scheduled
        release's time) and set of chosen filters."""

        def compute():
            context = {"filter_form": CommuniqueFilterForm(self.request.GET)}
            return {
                "fields": render_to_string("communiques/filter_fields.html", context),
                "count": self.object_list.count(),
            }

        chosen = urlencode(
            sorted((key, value) for key, value in self.request.GET.items() if key != "page")
        )
        key = f"release-list:{hashlib.sha256(chosen.encode()).hexdigest()}"
        return response_cache.generation_cached(key, compute, BY_FILTERS_TIMEOUT)


class SearchView(TemplateView):
    """One search across releases, pacts, people and organisations."""

    template_name = "communiques/search.html"
    other_results_count = 10
    query_parameters = ("q", "page")

    def get_context_data(self, **kwargs):
        query = search.parse_query(self.request.GET.get("q", ""))
        found = search.search_communiques(Communique.objects.published(), query)
        # Cards for the page's releases alone: a search counts its matches without them.
        releases = found.releases.for_list()
        paginator = CountedPaginator(releases, PAGE_SIZE, count=found.count)
        page = paginator.get_page(self.request.GET.get("page"))
        limit = self.other_results_count
        return super().get_context_data(
            query=query,
            page_obj=page,
            # Only the most recent were ranked, and there may be more.
            more_than_shown=found.capped and page.paginator.count >= search.MAX_RESULTS,
            results=search.excerpts(list(page.object_list), query),
            pacts=search.folded_match(
                TerritorialPact.objects.public().select_related("kind"), ["title", "summary"], query
            )[:limit],
            people=search.folded_match(Person.objects.public(), ["first_name", "last_name"], query)[
                :limit
            ],
            organisations=search.folded_match(
                Organisation.objects.public(), ["name", "short_name"], query
            )[:limit],
            **{name: source(query)[:limit] for name, source in search.OTHER_SOURCES.items()},
            **kwargs,
        )


class CommuniqueDetailView(DetailView):
    """A public release, from published(), with everything its page shows (for_page)."""

    template_name = DETAIL_TEMPLATE
    context_object_name = "communique"

    def get_object(self, queryset=None):
        queryset = Communique.objects.published().for_page()
        return get_object_or_404(queryset, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            structured_data=structured_data.news_article(self.object, self.request),
            social=structured_data.open_graph(self.object, self.request),
            stored_pdf=pdf.store.stored_or_queue(self.object),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            withdrawn = Communique.objects.withdrawn().filter(slug=kwargs["slug"]).first()
            if withdrawn is None:
                raise
            return TemplateResponse(
                request,
                "communiques/communique_withdrawn.html",
                {"communique": withdrawn},
                status=410,
            )
        # Lets ConditionalGetMiddleware answer If-Modified-Since with a 304.
        response["Last-Modified"] = http_date(self.object.updated_at.timestamp())
        return response


def private_response(response):
    """Embargoed or internal pages: never cached, never indexed."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def render_release(request, communique, *, preview_banner, preview_token=""):
    """The public release template, for a reader who may see it before the public."""
    response = TemplateResponse(
        request,
        DETAIL_TEMPLATE,
        {
            "communique": communique,
            "preview_banner": preview_banner,
            "preview_token": preview_token,
        },
    )
    return private_response(response)


def embargo_banner(communique, link) -> str:
    lifted_at = communique.published_at if communique.is_scheduled else link.expires_at
    return _("SOUS EMBARGO jusqu’au %(date)s à %(time)s — ne pas diffuser avant.") % {
        "date": french_date(lifted_at),
        "time": french_time(lifted_at),
    }


def preview(request, token):
    """A journalist's personal link to a release under embargo."""
    link = PreviewLink.objects.from_token(token)
    if link is None:
        raise Http404
    communique = link.communique
    if communique.is_published():
        return redirect(communique)
    if not link.is_valid() or communique.status == Communique.Status.WITHDRAWN:
        response = TemplateResponse(
            request, "communiques/preview_unavailable.html", {"link": link}, status=410
        )
        return private_response(response)
    user_agent = request.headers.get("User-Agent", "")
    if request.method == "HEAD" or is_link_preview_robot(user_agent):
        # A chat tool unfurling the link must not show the title to the whole channel.
        link.record_opening(user_agent=user_agent, by_robot=True)
        return private_response(TemplateResponse(request, "communiques/preview_robot.html"))
    link.record_opening(user_agent=user_agent)
    communique = Communique.objects.get_for_detail(pk=communique.pk)
    return render_release(
        request, communique, preview_banner=embargo_banner(communique, link), preview_token=token
    )


def may_preview(request, communique) -> bool:
    """A reader allowed to see `communique` before the public: staff, or a valid link."""
    if request.user.has_perm("communiques.view_communique"):
        return True
    link = PreviewLink.objects.from_token(request.GET.get("apercu", ""))
    return (
        link is not None
        and link.communique_id == communique.pk
        and link.is_valid()
        and communique.status != Communique.Status.WITHDRAWN
    )


def attachment(request, slug, pk):
    """A release's document: public once the release is, earlier for its preview readers."""
    document = get_object_or_404(
        CommuniqueAttachment.objects.select_related("communique"), communique__slug=slug, pk=pk
    )
    if Communique.objects.published().filter(pk=document.communique_id).exists():
        return download_response(document)
    if may_preview(request, document.communique):
        return private_response(download_response(document))
    raise Http404


attachment.query_parameters = ("apercu",)


def press_kit(request, slug):
    """The « kit presse » zip of a published release."""
    communique = get_object_or_404(Communique.objects.published().for_page(), slug=slug)
    response = HttpResponse(kit.build_kit(communique), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{communique.slug}.zip"'
    return response


def communique_pdf(request, slug):
    """The PDF of a published release, as the worker rendered it; « en préparation »
    for the few seconds after a change, never rendered while the reader waits."""
    communique = get_object_or_404(Communique.objects.published().for_page(), slug=slug)
    return pdf.store.response(
        request, communique, filename=f"{communique.slug}.pdf", document="ce communiqué"
    )


class ThemeDetailView(PublishedCommuniqueMixin, ListView):
    template_name = "communiques/theme_detail.html"
    context_object_name = "communiques"
    paginate_by = PAGE_SIZE
    query_parameters = ("page",)

    def get_queryset(self):
        self.theme = get_object_or_404(Theme, slug=self.kwargs["slug"])
        return CardPages(super().get_queryset().filter(themes=self.theme))

    def get_context_data(self, **kwargs):
        return super().get_context_data(theme=self.theme, **kwargs)


class PressContactListView(ListView):
    """The public contacts (PressContact.objects.public()) by organisation, the press
    service's card and the on-call schedule of the week."""

    template_name = "communiques/presscontact_list.html"
    context_object_name = "contacts"

    def get_queryset(self):
        return PressContact.objects.public().for_cards()

    def get_context_data(self, **kwargs):
        # Ordered by organisation name: consecutive contacts share their organisation.
        grouped = itertools.groupby(self.object_list, key=attrgetter("organisation"))
        return super().get_context_data(
            contacts_by_organisation=[
                (organisation, list(group)) for organisation, group in grouped
            ],
            has_press_service=any(contact.is_press_service for contact in self.object_list),
            on_call_shifts=OnCallShift.objects.this_week(),
            **kwargs,
        )


def contact_card(request, pk, as_qr=False):
    """A public contact's card (.vcf), or its QR code (SVG) for a phone to scan."""
    contact = get_object_or_404(PressContact.objects.public().for_cards(), pk=pk)
    title = _("Code QR de la carte de contact de %(name)s") % {
        "name": contact.name or contact.email
    }
    return _card_response(vcards.contact_card(contact), vcards.filename(contact), as_qr, title)


def press_service_card(request, as_qr=False):
    """One card for the Région's press service: its mailboxes and their phones."""
    contacts = list(PressContact.objects.press_service().for_cards())
    if not contacts:
        raise Http404
    title = _("Code QR de la carte de contact du service presse")
    return _card_response(vcards.press_service_card(contacts), vcards.filename(), as_qr, title)


def _card_response(card, filename, as_qr, title):
    if as_qr:
        return HttpResponse(qrcodes.svg(card, title=title), content_type="image/svg+xml")
    response = HttpResponse(card, content_type=vcards.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
