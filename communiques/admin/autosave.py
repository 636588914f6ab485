"""The release form's autosave: the form posts what was typed every 30 s
(static/communiques/admin/autosave.js); the form offers to restore it.

Kept privately per user (CommuniqueAutosave), for drafts and releases under review,
which their editors may change; never written into the release.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communiques.models import AUTOSAVED_FIELDS, Communique, CommuniqueAutosave

# Query parameter of the form's address that restores the autosave.
RESTORE_PARAMETER = "restaurer"
# An autosave holds text typed by hand: far below this.
MAX_CHARACTERS = 500_000


def may_autosave(model_admin, request, communique) -> bool:
    if communique is None:
        return model_admin.has_add_permission(request)
    editable = communique.status in (Communique.Status.DRAFT, Communique.Status.REVIEW)
    return editable and communique.can_edit(request.user)


def _release(object_id):
    if object_id is None:
        return None
    communique = Communique.objects.filter(pk=unquote(object_id)).first()
    if communique is None:
        raise Http404
    return communique


def autosave_view(model_admin, request, object_id=None):
    """POST: keep what the form holds now. GET: this user's autosave. In JSON, for the
    form's script."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    communique = _release(object_id)
    if not may_autosave(model_admin, request, communique):
        return JsonResponse({"error": _("Vous ne pouvez pas modifier ce communiqué.")}, status=403)
    if request.method == "GET":
        kept = autosave_to_restore(request, communique)
        return JsonResponse(
            {
                "saved_at": kept.saved_at.isoformat() if kept else None,
                "data": kept.data if kept else {},
            }
        )
    data = {name: request.POST[name] for name in AUTOSAVED_FIELDS if name in request.POST}
    if sum(len(value) for value in data.values()) > MAX_CHARACTERS:
        return JsonResponse({"error": _("Texte trop long pour être enregistré.")}, status=400)
    version = request.POST.get("version", "")
    autosave, _created = CommuniqueAutosave.objects.update_or_create(
        user=request.user,
        communique=communique,
        defaults={"data": data, "base_version": int(version) if version.isdigit() else None},
    )
    saved_at = timezone.localtime(autosave.saved_at)
    return JsonResponse(
        {
            "saved_at": saved_at.isoformat(),
            "message": _("Brouillon enregistré automatiquement à %(time)s.")
            % {"time": date_format(saved_at, "H:i")},
        }
    )


def discard_view(model_admin, request, object_id=None):
    """Forget the autosave (the notice's « Ignorer »), then back to the form; GET asks."""
    communique = _release(object_id)
    if request.method != "POST":
        return TemplateResponse(
            request,
            "admin/communiques/communique/autosave_discard.html",
            {
                **model_admin.admin_site.each_context(request),
                "opts": Communique._meta,
                "title": _("Supprimer le brouillon enregistré automatiquement"),
                "autosave": autosave_to_restore(request, communique),
                "back_url": reverse("admin:communiques_communique_change", args=[communique.pk])
                if communique
                else reverse("admin:communiques_communique_add"),
            },
        )
    CommuniqueAutosave.objects.of(request.user, communique).delete()
    messages.info(request, _("Le brouillon enregistré automatiquement a été supprimé."))
    if communique is None:
        return redirect("admin:communiques_communique_add")
    return redirect(reverse("admin:communiques_communique_change", args=[communique.pk]))


def autosave_to_restore(request, communique):
    """The user's autosave for this form, if any (`communique` None: a new release)."""
    return CommuniqueAutosave.objects.of(request.user, communique).first()


def restoring(request) -> bool:
    return request.method == "GET" and RESTORE_PARAMETER in request.GET


def autosave_context(model_admin, request, communique) -> dict:
    """What the change form template needs: the script's address, the notice."""
    if not may_autosave(model_admin, request, communique):
        return {}
    if communique is None:
        url = reverse("admin:communiques_communique_autosave_new")
        discard_url = reverse("admin:communiques_communique_autosave_new_discard")
    else:
        url = reverse("admin:communiques_communique_autosave", args=[communique.pk])
        discard_url = reverse("admin:communiques_communique_autosave_discard", args=[communique.pk])
    autosave = autosave_to_restore(request, communique)
    return {
        "autosave_url": url,
        "autosave": None if restoring(request) else autosave,
        "autosave_restored": autosave if restoring(request) else None,
        "autosave_discard_url": discard_url,
        "autosave_outdated": bool(
            autosave
            and communique is not None
            and autosave.base_version is not None
            and autosave.base_version != communique.version
        ),
    }
