"""Admin page where a press officer pastes or uploads a release to get a draft."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communiques.importer import ImportTextError, decode_bytes
from communiques.services import import_communique_text

MAX_IMPORT_SIZE = 1_000_000


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("Texte du communiqué"),
        required=False,
        strip=False,  # keep line numbers as in the pasted text
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100}),
        help_text=_(
            "Première ligne : le titre. Noms en **gras**, liens [texte](adresse), "
            "bloc « CONTACT PRESSE » à la fin."
        ),
    )
    file = forms.FileField(label=_("ou fichier .txt / .md"), required=False)
    publication_date = forms.DateField(
        label=_("Date de publication"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Sert à compléter une date écrite sans année (« le 6 mars »)."),
    )
    update_existing = forms.BooleanField(
        label=_("Mettre à jour le brouillon qui relate le même événement"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        text = cleaned.get("text") or ""
        cleaned["encoding"] = ""
        if upload:
            if not upload.name.lower().endswith((".txt", ".md")):
                raise forms.ValidationError(
                    _("Seuls les fichiers texte .txt ou .md sont acceptés.")
                )
            if upload.size > MAX_IMPORT_SIZE:
                raise forms.ValidationError(_("Le fichier dépasse 1 Mo : est-ce bien un texte ?"))
            try:
                text, cleaned["encoding"] = decode_bytes(upload.read())
            except ImportTextError as error:
                raise forms.ValidationError(str(error)) from error
        elif not text.strip():
            raise forms.ValidationError(
                _("Collez le texte du communiqué ou choisissez un fichier.")
            )
        cleaned["source"] = text
        return cleaned


def import_view(model_admin, request):
    """Parse the text, save a draft (never published) and show the report."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = import_communique_text(
                text=form.cleaned_data["source"],
                publication_date=form.cleaned_data["publication_date"],
                user=request.user,
                update_existing=form.cleaned_data["update_existing"],
                encoding=form.cleaned_data["encoding"],
            )
            if report.ok:
                messages.success(
                    request,
                    _("Import terminé : %(action)s. Relisez le brouillon avant publication.")
                    % {"action": report.action_label},
                )
    else:
        form = ImportForm()
    if report and report.ok and request.POST.get("_continue"):
        return redirect(reverse("admin:communiques_communique_change", args=[report.communique.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Importer un communiqué"),
        "form": form,
        "report": report,
        "change_url": (
            reverse("admin:communiques_communique_change", args=[report.communique.pk])
            if report and report.communique
            else ""
        ),
        "duplicate_url": (
            reverse("admin:communiques_communique_change", args=[report.duplicate_of.pk])
            if report and report.duplicate_of
            else ""
        ),
    }
    return TemplateResponse(request, "admin/communiques/communique/import.html", context)
