from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion_compare.admin import CompareVersionAdmin

from communiques import admin_import, admin_workflow
from communiques.models import (
    Communique,
    CommuniqueAttachment,
    CommuniqueContact,
    CommuniqueEvent,
    Correction,
    PressContact,
    PressContactPhone,
    PreviewLink,
    PreviewOpening,
    Quote,
    StaleEditError,
    Theme,
)
from grandest_press.admin import AttachmentAdminForm
from grandest_press.protection import ProtectedDeleteAdminMixin


@admin.register(Theme)
class ThemeAdmin(ProtectedDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PressContactPhoneInline(admin.TabularInline):
    model = PressContactPhone
    extra = 1
    fields = ["order", "number"]


@admin.register(PressContact)
class PressContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "email", "phone_numbers", "is_active"]
    list_filter = ["is_active", "organisation"]
    search_fields = ["name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    inlines = [PressContactPhoneInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("organisation").prefetch_related("phones")
        )

    @admin.display(description=_("téléphones"))
    def phone_numbers(self, contact):
        return " / ".join(phone.number.as_national for phone in contact.phones.all())


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker", "organisation"]
    fields = ["order", "speaker", "organisation", "text"]


class CommuniqueContactInline(admin.TabularInline):
    model = CommuniqueContact
    extra = 0
    autocomplete_fields = ["contact"]
    fields = ["order", "contact"]


class CommuniqueAttachmentInline(admin.TabularInline):
    form = AttachmentAdminForm
    model = CommuniqueAttachment
    extra = 0
    fields = ["order", "title", "file", "file_format", "size"]
    readonly_fields = ["file_format", "size"]


class CorrectionInline(admin.TabularInline):
    """Past change notes; new ones are written in the form's « rectificatif » field."""

    model = Correction
    extra = 0
    fields = ["created_at", "text", "created_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def preview_link_html(preview_link):
    """The address to send to the journalist, while it works."""
    if not preview_link.pk:
        return "—"
    if not preview_link.is_valid():
        return _("expiré ou révoqué")
    return format_html('<a href="{0}">{0}</a>', preview_link.get_absolute_url())


class PreviewLinkInline(admin.TabularInline):
    model = PreviewLink
    extra = 0
    fields = [
        "recipient_name",
        "outlet",
        "email",
        "expires_at",
        "link",
        "openings_count",
        "robot_count",
    ]
    readonly_fields = ["link", "openings_count", "robot_count"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("openings")

    @admin.display(description=_("lien à envoyer"))
    def link(self, preview_link):
        return preview_link_html(preview_link)

    @admin.display(description=_("ouvertures"))
    def openings_count(self, preview_link):
        return len(preview_link.reader_openings()) if preview_link.pk else 0

    @admin.display(description=_("aperçus par des robots"))
    def robot_count(self, preview_link):
        return len(preview_link.robot_fetches()) if preview_link.pk else 0


class PublicationStateFilter(admin.SimpleListFilter):
    """Opens on what still needs work: drafts and releases waiting for review."""

    title = _("étape")
    parameter_name = "etape"

    def lookups(self, request, model_admin):
        return [
            ("a-traiter", _("Brouillons et à relire")),
            ("a-relire", _("À relire")),
            ("programmes", _("Programmés")),
            ("en-ligne", _("En ligne")),
            ("retires", _("Retirés")),
        ]

    def queryset(self, request, queryset):
        status = Communique.Status
        match self.value():
            case "a-traiter":
                return queryset.filter(status__in=[status.DRAFT, status.REVIEW])
            case "a-relire":
                return queryset.filter(status=status.REVIEW)
            case "programmes":
                return queryset.scheduled()
            case "en-ligne":
                return queryset.published()
            case "retires":
                return queryset.filter(status=status.WITHDRAWN)
        return queryset


READER_VISIBLE_FIELDS = ["title", "lede", "body", "dateline_place", "event_date"]


def stale_edit_error(current) -> ValidationError:
    """The form's error when someone else saved the release after this editor opened it."""
    who = current.updated_by.get_username() if current.updated_by else _("quelqu’un")
    return ValidationError(
        _(
            "%(who)s a enregistré ce communiqué le %(when)s, après que vous l’avez "
            "ouvert. Vos modifications n’ont pas été enregistrées : rechargez la page "
            "pour partir de sa version, puis refaites-les."
        ),
        params={
            "who": who,
            "when": timezone.localtime(current.updated_at).strftime("%d/%m/%Y à %H:%M"),
        },
        code="stale",
    )


class CommuniqueAdminForm(forms.ModelForm):
    correction_note = forms.CharField(
        label=_("Rectificatif public"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Pour un communiqué en ligne : ce qui a changé, affiché aux lecteurs "
            "(« Rectificatif du … : … »)."
        ),
    )
    minor_change = forms.BooleanField(
        label=_("Modification mineure"),
        required=False,
        help_text=_("Coquille ou mise en forme : pas de rectificatif public."),
    )

    class Meta:
        model = Communique
        fields = [
            "title",
            "slug",
            "lede",
            "body",
            "version",
            "event_date",
            "event_date_precision",
            "dateline_place",
            "themes",
            "pacts",
            "organisations",
            "image",
        ]
        widgets = {"version": forms.HiddenInput}

    # Set when this editor lost a simultaneous save: the release as the winner left it.
    lost_race_to = None

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is None:
            return cleaned
        current = (
            self.lost_race_to
            or Communique.objects.filter(pk=instance.pk).select_related("updated_by").first()
        )
        if current and (self.lost_race_to or cleaned.get("version") != current.version):
            raise stale_edit_error(current)
        reader_visible_change = any(name in self.changed_data for name in READER_VISIBLE_FIELDS)
        if (
            instance.is_published()
            and reader_visible_change
            and not cleaned.get("minor_change")
            and not cleaned.get("correction_note", "").strip()
        ):
            raise ValidationError(
                _(
                    "Ce communiqué est en ligne : décrivez la modification dans « Rectificatif "
                    "public », ou cochez « Modification mineure » pour une simple coquille."
                ),
                code="correction_needed",
            )
        return cleaned


@admin.register(Communique)
class CommuniqueAdmin(ProtectedDeleteAdminMixin, CompareVersionAdmin):
    form = CommuniqueAdminForm
    change_form_template = "admin/communiques/communique/change_form.html"
    change_list_template = "admin/communiques/communique/change_list.html"
    list_display = ["title", "editorial_state", "is_published", "published_at", "updated_by"]
    list_filter = [PublicationStateFilter, "status", "themes", "pacts__kind"]
    search_fields = ["title", "lede", "body", "quotes__text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes", "pacts", "organisations", "image"]
    list_select_related = ["updated_by"]
    date_hierarchy = "published_at"
    inlines = [
        QuoteInline,
        CommuniqueContactInline,
        CommuniqueAttachmentInline,
        CorrectionInline,
        PreviewLinkInline,
    ]
    actions = ["submit_selected", "publish_selected", "return_to_draft_selected"]
    readonly_fields = [
        "editorial_state",
        "published_at",
        "withdrawn_at",
        "withdrawal_reason",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lede", "body", "version"]}),
        (_("Événement"), {"fields": ["event_date", "event_date_precision", "dateline_place"]}),
        (_("Liens"), {"fields": ["themes", "pacts", "organisations"]}),
        (_("Image"), {"fields": ["image"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "editorial_state",
                    "published_at",
                    "withdrawn_at",
                    "withdrawal_reason",
                    "correction_note",
                    "minor_change",
                ],
                "description": _(
                    "L’état change avec les boutons en haut de page (soumettre, programmer, "
                    "publier, retirer)."
                ),
            },
        ),
        (
            _("Historique"),
            {
                "fields": ["created_at", "created_by", "updated_at", "updated_by"],
                "classes": ["collapse"],
            },
        ),
    ]

    @admin.display(description=_("état"))
    def editorial_state(self, communique):
        return communique.editorial_state

    @admin.display(boolean=True, description=_("en ligne"))
    def is_published(self, communique):
        return communique.is_published()

    def view_on_site(self, communique):
        # A draft has no public page: the link would only lead to a 404.
        return communique.get_absolute_url() if communique.is_published() else None

    def get_urls(self):
        def wrap(view):
            def wrapper(*args, **kwargs):
                return self.admin_site.admin_view(view)(*args, **kwargs)

            return wrapper

        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        workflow_urls = [
            path(
                "calendrier/",
                wrap(lambda request: admin_workflow.calendar_view(self, request)),
                name=f"{prefix}_calendar",
            ),
            path(
                "<path:object_id>/transition/<str:name>/",
                wrap(
                    lambda request, object_id, name: admin_workflow.transition_view(
                        self, request, object_id, name
                    )
                ),
                name=f"{prefix}_transition",
            ),
            path(
                "<path:object_id>/apercu/",
                wrap(
                    lambda request, object_id: admin_workflow.staff_preview_view(
                        self, request, object_id
                    )
                ),
                name=f"{prefix}_preview",
            ),
        ]
        import_urls = [
            path(
                "importer/",
                wrap(lambda request: admin_import.import_view(self, request)),
                name=f"{prefix}_import",
            ),
        ]
        return import_urls + workflow_urls + super().get_urls()

    def has_publish_permission(self, request):
        return Communique.can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is not None:
            return obj.can_edit(request.user)
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Online or withdrawn releases are part of the record: withdraw, don't delete.
        if obj is not None and obj.status in (
            Communique.Status.PUBLISHED,
            Communique.Status.WITHDRAWN,
        ):
            return request.user.is_superuser
        return super().has_delete_permission(request, obj)

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        if not request.user.has_perm("communiques.view_previewlink"):
            inlines.remove(PreviewLinkInline)
        return inlines

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_transitions"] = (
            admin_workflow.available_transitions(obj, request.user) if obj else []
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        lost_race_to = getattr(request, "communique_lost_race_to", None)
        if lost_race_to is not None:
            form = type(form.__name__, (form,), {"lost_race_to": lost_race_to})
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEditError as error:
            # Lost the race between the form's check and the save: nothing was written.
            # The form comes back with what they typed, as when the other save came first.
            if getattr(request, "communique_lost_race_to", None):
                raise  # The second pass shows the form with its error: it never saves.
            if error.current is None:
                self.message_user(
                    request,
                    _("Ce communiqué a été supprimé entre-temps : rien n’a été enregistré."),
                    messages.ERROR,
                )
                return redirect(reverse("admin:communiques_communique_changelist"))
            request.communique_lost_race_to = error.current
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        note = form.cleaned_data.get("correction_note", "").strip()
        if change and note and obj.is_published():
            Correction.objects.create(communique=obj, text=note, created_by=request.user)
            CommuniqueEvent.objects.create(
                communique=obj,
                action=CommuniqueEvent.Action.CORRECTED,
                user=request.user,
                note=note,
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            CommuniqueEvent.objects.create(
                communique=obj,
                communique_title=obj.title,
                action=CommuniqueEvent.Action.DELETED,
                user=request.user,
                note=obj.editorial_state,
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for communique in queryset:
            self.delete_model(request, communique)

    def _apply_transition(self, request, queryset, method, done_message):
        count = 0
        for communique in queryset:
            try:
                getattr(communique, method)(by=request.user)
            except (ValidationError, PermissionDenied) as error:
                reason = (
                    " ".join(error.messages)
                    if isinstance(error, ValidationError)
                    else _("vous n’en avez pas le droit.")
                )
                self.message_user(
                    request,
                    _("« %(title)s » : %(reason)s") % {"title": communique.title, "reason": reason},
                    messages.ERROR,
                )
            else:
                count += 1
        if count:
            self.message_user(request, done_message(count), messages.SUCCESS)

    @admin.action(description=_("Soumettre à relecture"))
    def submit_selected(self, request, queryset):
        self._apply_transition(
            request,
            queryset,
            "submit_for_review",
            lambda n: ngettext("%d communiqué soumis.", "%d communiqués soumis.", n) % n,
        )

    @admin.action(description=_("Publier maintenant"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._apply_transition(
            request,
            queryset,
            "publish",
            lambda n: ngettext("%d communiqué publié.", "%d communiqués publiés.", n) % n,
        )

    @admin.action(description=_("Repasser en brouillon"))
    def return_to_draft_selected(self, request, queryset):
        self._apply_transition(
            request,
            queryset,
            "return_to_draft",
            lambda n: (
                ngettext(
                    "%d communiqué repassé en brouillon.",
                    "%d communiqués repassés en brouillon.",
                    n,
                )
                % n
            ),
        )


class PreviewOpeningInline(admin.TabularInline):
    """Who opened the link: the journalist, or a robot previewing it (not an opening)."""

    model = PreviewOpening
    extra = 0
    fields = ["opened_at", "by_robot", "user_agent"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "communique", "email", "expires_at", "revoked_at", "is_valid"]
    list_filter = ["revoked_at"]
    search_fields = ["recipient_name", "outlet", "email", "communique__title"]
    autocomplete_fields = ["communique"]
    readonly_fields = ["revoked_at", "created_at", "created_by", "link"]
    fields = [
        "communique",
        "recipient_name",
        "outlet",
        "email",
        "expires_at",
        "link",
        "revoked_at",
        "created_at",
        "created_by",
    ]
    inlines = [PreviewOpeningInline]
    actions = ["revoke_selected"]

    @admin.display(boolean=True, description=_("valide"))
    def is_valid(self, preview_link):
        return preview_link.is_valid()

    @admin.display(description=_("lien à envoyer"))
    def link(self, preview_link):
        return preview_link_html(preview_link)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Révoquer les liens sélectionnés"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        links = list(queryset.filter(revoked_at__isnull=True))
        for preview_link in links:
            preview_link.revoke()
        self.message_user(
            request,
            ngettext("%d lien révoqué.", "%d liens révoqués.", len(links)) % len(links),
            messages.SUCCESS,
        )


@admin.register(CommuniqueEvent)
class CommuniqueEventAdmin(admin.ModelAdmin):
    """The audit view: read-only."""

    list_display = ["at", "action", "communique_title", "user", "note"]
    list_filter = ["action", "user"]
    search_fields = ["communique_title", "note"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
