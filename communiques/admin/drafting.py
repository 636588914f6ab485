"""Starting a release from another: duplicating one, or writing one about a pact."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communiques.models import Communique
from communiques.services import duplicate_communique
from partners.models import TerritorialPact

# The add form's query parameter naming the pact to write about.
PACT_PARAMETER = "pacte"


def duplicate_view(model_admin, request, object_id):
    communique = get_object_or_404(Communique, pk=unquote(object_id))
    if not (
        model_admin.has_view_permission(request, communique)
        and model_admin.has_add_permission(request)
    ):
        raise PermissionDenied
    if request.method == "POST":
        copy = duplicate_communique(communique=communique, by=request.user)
        messages.success(
            request,
            _("Copie créée : un nouveau brouillon, à relire avant de le soumettre."),
        )
        return redirect("admin:communiques_communique_change", copy.pk)
    change_url = reverse("admin:communiques_communique_change", args=[communique.pk])
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Communique._meta,
        "communique": communique,
        "change_url": change_url,
        "title": _("Dupliquer « %(title)s »") % {"title": communique.title},
    }
    return TemplateResponse(request, "admin/communiques/communique/duplicate.html", context)


def pact_of(request):
    """The pact the add form was opened from (« Nouveau communiqué sur ce pacte »), or None."""
    pk = request.GET.get(PACT_PARAMETER, "")
    if not pk.isdigit():
        return None
    return TerritorialPact.objects.filter(pk=pk).first()


def initial_from_pact(pact) -> dict:
    """The release form's fields a pact fills in: itself, its territories, its signing."""
    initial = {
        "pacts": [pact.pk],
        "organisations": list(pact.territories.values_list("pk", flat=True)),
    }
    if pact.signing_place:
        initial["dateline_place"] = pact.signing_place
    if pact.signing_date:
        initial["event_date"] = pact.signing_date
        initial["event_date_precision"] = pact.signing_date_precision
    return initial


def quote_slots(pact) -> list[dict]:
    """One quote row per named signatory, speaking for the organisation that signs."""
    return [
        {"speaker": signatory.person_id, "organisation": signatory.organisation_id}
        for signatory in pact.signatories.all()
        if signatory.person_id
    ]
