from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from communiques.models import Communique, PressContact, PreviewLink, Theme
from grandest_press.typography import french_date, french_time

PAGE_SIZE = 20
DETAIL_TEMPLATE = "communiques/communique_detail.html"


class PublishedCommuniqueMixin:
    """Every public view of releases starts from Communique.objects.published()."""

    def get_queryset(self):
        return Communique.objects.published()


class CommuniqueListView(PublishedCommuniqueMixin, ListView):
    template_name = "communiques/communique_list.html"
    context_object_name = "communiques"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return super().get_queryset().for_list()


class CommuniqueDetailView(PublishedCommuniqueMixin, DetailView):
    template_name = DETAIL_TEMPLATE
    context_object_name = "communique"

    def get_queryset(self):
        return super().get_queryset().for_detail()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
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


def private_response(response):
    """Embargoed or internal pages: never cached, never indexed."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def render_release(request, communique, *, preview_banner):
    """The public release template, for a reader who may see it before the public."""
    response = TemplateResponse(
        request,
        DETAIL_TEMPLATE,
        {"communique": communique, "preview_banner": preview_banner},
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
    link.record_opening()
    communique = Communique.objects.for_detail().get(pk=communique.pk)
    return render_release(request, communique, preview_banner=embargo_banner(communique, link))


class ThemeDetailView(PublishedCommuniqueMixin, ListView):
    template_name = "communiques/theme_detail.html"
    context_object_name = "communiques"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.theme = get_object_or_404(Theme, slug=self.kwargs["slug"])
        return super().get_queryset().filter(themes=self.theme).for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(theme=self.theme, **kwargs)


class PressContactListView(ListView):
    template_name = "communiques/presscontact_list.html"
    context_object_name = "contacts"

    def get_queryset(self):
        return (
            PressContact.objects.filter(is_active=True)
            .select_related("organisation")
            .prefetch_related("phones")
        )
