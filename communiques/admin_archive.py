"""Admin page where a press officer brings in an archive: a .zip of pages or texts, or a feed."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from communiques.importer.archive import ArchiveItem, import_archive, read_file

MAX_ARCHIVE_UPLOAD_SIZE = 50_000_000
MAX_ARCHIVE_SOURCES = 500


class ArchiveForm(forms.Form):
    file = forms.FileField(
        label=_("Archive (.zip) ou flux RSS/Atom (.xml)"),
        help_text=_(
            "Un .zip de fichiers .txt, .md ou de pages .html enregistrées depuis l’ancien "
            "site (jusqu’à 500 fichiers, 50 Mo), ou un flux RSS/Atom exporté. Chaque "
            "communiqué devient un brouillon, à relire avant publication."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Essai : tout analyser sans rien enregistrer"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".zip", ".xml", ".rss", ".atom")):
            raise forms.ValidationError(_("Choisissez un fichier .zip ou un flux .xml."))
        if upload.size > MAX_ARCHIVE_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("L’archive dépasse 50 Mo : importez-la en plusieurs fois.")
            )
        return upload


def archive_items(upload):
    """The sources of the upload, refused beyond MAX_ARCHIVE_SOURCES."""
    data = upload.read()
    for number, item in enumerate(read_file(upload.name, lambda: data), start=1):
        if number > MAX_ARCHIVE_SOURCES:
            yield ArchiveItem(
                item.name,
                refused=f"au-delà de {MAX_ARCHIVE_SOURCES} fichiers par envoi : "
                "importez le reste dans un second envoi ou avec la commande import_archive",
            )
            continue
        yield item


def import_archive_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    summary, progress_lines = None, []
    form = ArchiveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():

        def progress(number, item, outcome):
            progress_lines.append(f"{item.name} : {outcome}")

        summary = import_archive(
            archive_items(form.cleaned_data["file"]),
            user=request.user,
            dry_run=form.cleaned_data["dry_run"],
            progress=progress,
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Importer une archive"),
        "form": form,
        "summary": summary,
        "dry_run": form.is_bound and form.is_valid() and form.cleaned_data["dry_run"],
        "progress_lines": progress_lines,
    }
    return TemplateResponse(request, "admin/communiques/communique/import_archive.html", context)
