"""Importing journalists from a spreadsheet (upload, preview, confirm) and exporting them."""

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journalists import spreadsheet
from journalists.models import (
    Journalist,
)

IMPORT_SALT = "journalists.import"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("fichier (.csv ou .xlsx)"),
        help_text=gettext_lazy(
            "Colonnes : nom, média, type de média, fonction, courriels, téléphones, "
            "rubriques, territoires, langues, base légale, source, notes. Plusieurs "
            "valeurs dans une case : séparées par « ; »."
        ),
    )
    source = forms.CharField(
        label=gettext_lazy("source des adresses"),
        max_length=200,
        help_text=gettext_lazy(
            "Pour les lignes sans colonne « source », par exemple « annuaire 2026 »."
        ),
    )


def import_view(model_admin, request):
    """Upload, then a preview row by row, then (a second POST) the import itself."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Importer des journalistes"),
    }
    if request.method == "POST" and "payload" in request.POST:
        try:
            payload = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            model_admin.message_user(
                request, _("Aperçu expiré : envoyez le fichier à nouveau."), messages.ERROR
            )
            return redirect("admin:journalists_journalist_import")
        judge = spreadsheet.Judge()
        counts = judge.apply(judge.judge(payload["rows"]), source_default=payload["source"])
        model_admin.message_user(
            request,
            _("%(create)s journalistes créés, %(merge)s fusionnés, %(refuse)s lignes refusées.")
            % counts,
            messages.SUCCESS,
        )
        return redirect("admin:journalists_journalist_changelist")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            values = spreadsheet.read(form.cleaned_data["file"])
        except spreadsheet.SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            rows = spreadsheet.Judge().judge(values)
            payload = {"rows": values, "source": form.cleaned_data["source"]}
            context.update(
                rows=rows,
                payload=signing.dumps(payload, salt=IMPORT_SALT, compress=True),
                counts={
                    action: sum(row.action == action for row in rows)
                    for action in ("create", "merge", "refuse")
                },
            )
            return TemplateResponse(
                request, "admin/journalists/journalist/import_preview.html", context
            )
    context["form"] = form
    return TemplateResponse(request, "admin/journalists/journalist/import.html", context)


def export_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    journalists = Journalist.objects.filter(erased_at__isnull=True)
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            spreadsheet.export_xlsx(journalists),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="journalistes-{stamp}.xlsx"'
        return response
    response = HttpResponse(
        spreadsheet.export_csv(journalists), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="journalistes-{stamp}.csv"'
    return response
