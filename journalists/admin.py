import json

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communiques.models import Communique, PreviewOpening
from journalists import delivery, services, spreadsheet
from journalists.addresses import email_digest
from journalists.models import (
    Delivery,
    Journalist,
    JournalistEmail,
    JournalistPhone,
    Language,
    Media,
    RecipientList,
    Segment,
    Sending,
    Subscriber,
    Suppression,
)


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Media)
class MediaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["territories"]


class JournalistEmailInline(admin.TabularInline):
    model = JournalistEmail
    extra = 1
    fields = ["email", "legal_basis", "source", "collected_on", "order"]


class JournalistPhoneInline(admin.TabularInline):
    model = JournalistPhone
    extra = 0
    fields = ["number", "label", "order"]


class ErasedFilter(admin.SimpleListFilter):
    """Opens on the living directory: erased entries are kept only for the counts."""

    title = gettext_lazy("effacement")
    parameter_name = "efface"

    def lookups(self, request, model_admin):
        return [("tous", gettext_lazy("Tous, y compris effacés")), ("oui", gettext_lazy("Effacés"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Actifs"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(erased_at__isnull=False)
        if self.value() == "tous":
            return queryset
        return queryset.filter(erased_at__isnull=True)


@admin.register(Journalist)
class JournalistAdmin(admin.ModelAdmin):
    list_display = ["name", "media", "media_kind", "function", "first_email"]
    list_select_related = ["media"]
    list_filter = [ErasedFilter, "media__kind", "beats", "languages", "lists"]
    search_fields = ["name", "function", "media__name", "emails__normalised"]
    autocomplete_fields = ["media", "beats", "territories", "languages"]
    readonly_fields = ["personal_data_links"]
    inlines = [JournalistEmailInline, JournalistPhoneInline]
    fieldsets = [
        (None, {"fields": ["name", "media", "function"]}),
        (gettext_lazy("Centres d’intérêt"), {"fields": ["beats", "territories", "languages"]}),
        (gettext_lazy("Notes"), {"fields": ["notes"]}),
        (gettext_lazy("Données personnelles (RGPD)"), {"fields": ["personal_data_links"]}),
    ]

    def get_queryset(self, request):
        first_email = JournalistEmail.objects.filter(journalist=OuterRef("pk")).order_by(
            "order", "pk"
        )
        return (
            super()
            .get_queryset(request)
            .annotate(first_email_address=Subquery(first_email.values("email")[:1]))
        )

    @admin.display(description=gettext_lazy("type de média"), ordering="media__kind")
    def media_kind(self, journalist):
        return journalist.media.get_kind_display() if journalist.media else ""

    @admin.display(description=gettext_lazy("courriel"), ordering="first_email_address")
    def first_email(self, journalist):
        return journalist.first_email_address or ""

    @admin.display(description=gettext_lazy("accès et effacement"))
    def personal_data_links(self, journalist):
        if not journalist.pk:
            return _("Enregistrez d’abord la fiche.")
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:journalists_journalist_export", args=[journalist.pk]),
            _("Exporter ses données (JSON)"),
            reverse("admin:journalists_journalist_erase", args=[journalist.pk]),
            _("Effacer ses données"),
        )

    def get_urls(self):
        return [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name="journalists_journalist_import",
            ),
            path(
                "exporter/",
                self.admin_site.admin_view(self.export_all_view),
                name="journalists_journalist_export_all",
            ),
            path(
                "<int:pk>/export/",
                self.admin_site.admin_view(self.export_view),
                name="journalists_journalist_export",
            ),
            path(
                "<int:pk>/effacer/",
                self.admin_site.admin_view(self.erase_view),
                name="journalists_journalist_erase",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        return import_view(self, request)

    def export_all_view(self, request):
        return export_view(self, request)

    def export_view(self, request, pk):
        journalist = get_object_or_404(Journalist, pk=pk)
        if not self.has_view_permission(request, journalist):
            raise PermissionDenied
        data = json.dumps(services.personal_data(journalist), ensure_ascii=False, indent=2)
        response = HttpResponse(data, content_type="application/json; charset=utf-8")
        filename = f"donnees-{slugify(journalist.name) or journalist.pk}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def erase_view(self, request, pk):
        journalist = get_object_or_404(Journalist, pk=pk)
        if not self.has_delete_permission(request, journalist):
            raise PermissionDenied
        if request.method == "POST":
            services.erase(journalist)
            self.message_user(
                request,
                _("Les données personnelles ont été effacées ; les envois restent comptés."),
                messages.SUCCESS,
            )
            return redirect("admin:journalists_journalist_change", journalist.pk)
        return TemplateResponse(
            request,
            "admin/journalists/journalist/erase.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Effacer les données de %(name)s") % {"name": journalist.name},
                "journalist": journalist,
                "deliveries": journalist.deliveries.count(),
            },
        )


@admin.register(RecipientList)
class RecipientListAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]
    autocomplete_fields = ["journalists"]


class SegmentForm(forms.ModelForm):
    media_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("types de média"),
        choices=Media.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Aucun coché : tous les types."),
    )

    class Meta:
        model = Segment
        fields = ["name", "themes", "territories", "media_kinds", "languages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("media_kinds", self.instance.media_kinds)


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    form = SegmentForm
    list_display = ["name"]
    search_fields = ["name"]
    autocomplete_fields = ["themes", "territories", "languages"]
    readonly_fields = ["member_count"]

    @admin.display(description=gettext_lazy("journalistes"))
    def member_count(self, segment):
        return segment.members().count() if segment.pk else "—"


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    """The suppression list keeps digests only: search by typing a full address."""

    list_display = ["__str__", "reason", "detail", "created_at"]
    list_filter = ["reason"]
    search_fields = ["digest"]
    search_help_text = gettext_lazy(
        "Saisissez une adresse complète pour savoir si elle est exclue."
    )

    class Form(forms.ModelForm):
        address = forms.EmailField(label=gettext_lazy("adresse à exclure"))

        class Meta:
            model = Suppression
            fields = ["reason", "detail"]

        def clean_address(self):
            address = self.cleaned_data["address"]
            if Suppression.blocks(address):
                raise forms.ValidationError(_("Cette adresse est déjà exclue des envois."))
            return address

        def save(self, commit=True):
            self.instance.digest = email_digest(self.cleaned_data["address"])
            return super().save(commit)

    form = Form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["address", "reason", "detail"]
        return ["reason", "detail", "created_at"]

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.filter(digest=email_digest(search_term)), False

    def has_change_permission(self, request, obj=None):
        return False


class DeliveryInline(admin.TabularInline):
    """What a journalist received."""

    model = Delivery
    extra = 0
    fields = ["sending", "email", "state", "sent_at", "preview_opened"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("envois reçus")
    can_delete = False

    def get_queryset(self, request):
        opened = PreviewOpening.objects.filter(link=OuterRef("preview_link"))
        return (
            super()
            .get_queryset(request)
            .select_related("sending__communique")
            .annotate(opened=Exists(opened))
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("lien d’aperçu ouvert"), boolean=True)
    def preview_opened(self, delivery):
        return delivery.opened if delivery.preview_link_id else None


JournalistAdmin.inlines = [*JournalistAdmin.inlines, DeliveryInline]


class SendingForm(forms.ModelForm):
    class Meta:
        model = Sending
        fields = ["communique", "recipient_lists", "segments", "journalists", "addresses"]

    def clean_communique(self):
        communique = self.cleaned_data["communique"]
        if communique.status == Communique.Status.WITHDRAWN:
            raise forms.ValidationError(_("Un communiqué retiré ne s’envoie pas."))
        return communique


@admin.register(Sending)
class SendingAdmin(admin.ModelAdmin):
    form = SendingForm
    list_display = [
        "communique",
        "kind",
        "state",
        "send_at",
        "queued_count",
        "sent_count",
        "failed_count",
        "refused_count",
        "opened_count",
    ]
    list_filter = ["state", "kind", "is_alert"]
    list_select_related = ["communique"]
    search_fields = ["communique__title"]
    autocomplete_fields = ["communique", "recipient_lists", "segments", "journalists"]
    readonly_fields = [
        "state",
        "send_at",
        "launched_at",
        "launched_by",
        "queued_count",
        "sent_count",
        "failed_count",
        "refused_count",
        "opened_count",
    ]
    fieldsets = [
        (None, {"fields": ["communique"]}),
        (
            gettext_lazy("Destinataires"),
            {"fields": ["recipient_lists", "segments", "journalists", "addresses"]},
        ),
        (
            gettext_lazy("Suivi"),
            {
                "fields": [
                    "state",
                    "send_at",
                    "launched_at",
                    "launched_by",
                    ("queued_count", "sent_count", "failed_count", "refused_count"),
                    "opened_count",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def get_fieldsets(self, request, obj=None):
        if obj is None or not obj.is_follow_up:
            return self.fieldsets
        return [
            (None, {"fields": ["communique", "kind", "note"]}),
            (
                gettext_lazy("Destinataires"),
                {"fields": ["follow_up_recipients"]},
            ),
            self.fieldsets[-1],
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_follow_up:
            fields = [*self.readonly_fields, "communique", "kind", "follow_up_recipients"]
            return fields if obj.state == Sending.State.DRAFT else [*fields, "note"]
        if obj is not None and obj.state != Sending.State.DRAFT:
            return [
                *self.readonly_fields,
                "communique",
                "recipient_lists",
                "segments",
                "journalists",
                "addresses",
            ]
        return self.readonly_fields

    @admin.display(description=gettext_lazy("destinataires"))
    def follow_up_recipients(self, sending):
        return _(
            "Les adresses qui ont reçu le communiqué (%(count)s), sauf celles exclues depuis."
        ) % {"count": delivery.delivered_to(sending.communique).values("digest").distinct().count()}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=gettext_lazy("en attente"), ordering="queued_count")
    def queued_count(self, sending):
        return sending.queued_count

    @admin.display(description=gettext_lazy("envoyés"), ordering="sent_count")
    def sent_count(self, sending):
        return sending.sent_count

    @admin.display(description=gettext_lazy("échecs"), ordering="failed_count")
    def failed_count(self, sending):
        return sending.failed_count

    @admin.display(description=gettext_lazy("refusés"), ordering="refused_count")
    def refused_count(self, sending):
        return sending.refused_count

    @admin.display(description=gettext_lazy("liens d’aperçu ouverts"), ordering="opened_count")
    def opened_count(self, sending):
        return sending.opened_count

    def get_urls(self):
        def view(function, name):
            return path(
                f"<int:pk>/{name}/",
                self.admin_site.admin_view(function),
                name=f"journalists_sending_{function.__name__.removesuffix('_view')}",
            )

        return [
            view(self.preview_view, "apercu"),
            view(self.test_view, "essai"),
            view(self.launch_view, "lancer"),
            view(self.pause_view, "suspendre"),
            view(self.resume_view, "reprendre"),
            view(self.cancel_view, "annuler"),
            view(self.follow_up_view, "suite"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_launch"] = delivery.can_launch(request.user)
        if obj is not None and not obj.is_follow_up:
            context["follow_up"] = delivery.follow_up_offered(obj.communique)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_view(self, request, pk):
        """The message as a recipient gets it: ?format=texte for the plain text part."""
        sending = get_object_or_404(Sending, pk=pk)
        if not self.has_view_permission(request, sending):
            raise PermissionDenied
        message = delivery.sample_message(sending, user=request.user, create_link=False)
        if request.GET.get("format") == "texte":
            return HttpResponse(message.body, content_type="text/plain; charset=utf-8")
        [(html, _mimetype)] = message.alternatives
        response = HttpResponse(html)
        # The message in the admin's origin, but with no script and no form.
        response["Content-Security-Policy"] = (
            "sandbox; default-src 'none'; style-src 'unsafe-inline'"
        )
        return response

    def _post_only(self, request, sending_pk, permission_check):
        if request.method != "POST":
            raise PermissionDenied
        sending = get_object_or_404(Sending, pk=sending_pk)
        if not permission_check(request, sending):
            raise PermissionDenied
        return sending

    def _back(self, sending):
        return redirect("admin:journalists_sending_change", sending.pk)

    def test_view(self, request, pk):
        sending = self._post_only(request, pk, self.has_change_permission)
        if not request.user.email:
            self.message_user(
                request, _("Votre compte n’a pas d’adresse de courriel."), messages.ERROR
            )
            return self._back(sending)
        message = delivery.sample_message(sending, user=request.user, create_link=True)
        message.subject = _("[Essai] %(subject)s") % {"subject": message.subject}
        message.send()
        self.message_user(
            request,
            _("Essai envoyé à %(email)s.") % {"email": request.user.email},
            messages.SUCCESS,
        )
        return self._back(sending)

    def launch_view(self, request, pk):
        sending = self._post_only(request, pk, lambda request, obj: True)
        form = LaunchForm(request.POST)
        if not form.is_valid():
            self.message_user(request, form.errors.as_text(), messages.ERROR)
            return self._back(sending)
        try:
            count = delivery.launch(sending, by=request.user, at=form.cleaned_data["send_at"])
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return self._back(sending)
        self.message_user(
            request,
            _("Envoi lancé pour %(count)s destinataires.") % {"count": count},
            messages.SUCCESS,
        )
        return self._back(sending)

    def _transition_view(self, request, pk, function, done):
        sending = self._post_only(request, pk, lambda request, obj: True)
        try:
            function(sending, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return self._back(sending)

    def follow_up_view(self, request, pk):
        """Rédaction prepares the rectificatif or withdrawal notice to the same recipients."""
        sending = self._post_only(
            request, pk, lambda request, obj: self.has_add_permission(request)
        )
        try:
            follow_up = delivery.prepare_follow_up(sending.communique, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return self._back(sending)
        self.message_user(
            request,
            _("%(kind)s préparé : relisez-le ; la Publication le lancera.")
            % {"kind": follow_up.get_kind_display()},
            messages.SUCCESS,
        )
        return self._back(follow_up)

    def pause_view(self, request, pk):
        return self._transition_view(request, pk, delivery.pause, _("Envoi suspendu."))

    def resume_view(self, request, pk):
        return self._transition_view(request, pk, delivery.resume, _("Envoi repris."))

    def cancel_view(self, request, pk):
        return self._transition_view(request, pk, delivery.cancel, _("Envoi annulé."))


class LaunchForm(forms.Form):
    send_at = forms.DateTimeField(
        label=gettext_lazy("envoyer à"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["email", "journalist", "sending", "state", "attempts", "sent_at", "error"]
    list_filter = ["state"]
    list_select_related = ["journalist", "sending__communique"]
    search_fields = ["email", "journalist__name"]
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ConfirmedFilter(admin.SimpleListFilter):
    title = gettext_lazy("confirmation")
    parameter_name = "confirme"

    def lookups(self, request, model_admin):
        return [("oui", gettext_lazy("Confirmés")), ("non", gettext_lazy("En attente"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "non":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Subscribers manage their own choices (double opt-in): the admin only reads."""

    list_display = ["email", "all_releases", "confirmed_at", "created_at"]
    list_filter = [ConfirmedFilter, "all_releases", "themes"]
    search_fields = ["normalised"]
    readonly_fields = ["email", "all_releases", "themes", "pacts", "territories", "confirmed_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
