"""The release's admin: list, edit page, workflow buttons, revisions, imports."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion_compare.admin import CompareVersionAdmin

from communiques import admin_archive, admin_import, admin_workflow, structured_data
from communiques.admin import autosave, calendar, drafting
from communiques.admin.filters import PublicationStateFilter
from communiques.admin.forms import CommuniqueAdminForm
from communiques.admin.inlines import (
    CommuniqueAmountInline,
    CommuniqueAttachmentInline,
    CommuniqueContactInline,
    CorrectionInline,
    PreviewLinkInline,
    QuoteInline,
)
from communiques.models import (
    Communique,
    CommuniqueAutosave,
    CommuniqueEvent,
    Correction,
    StaleEditError,
)
from grandest_press.admin_review import PendingRevisionFilter, ReviewedChangesAdminMixin
from grandest_press.protection import ProtectedDeleteAdminMixin


def social_preview(communique, request) -> dict:
    """What the release's page gives search engines and social networks (its Open Graph)."""
    # A new release: its address appears as its identifier is typed (previews.js).
    return structured_data.open_graph(communique or Communique(slug="communique"), request)


class _Publisher:
    """Someone with every right: what could be done from a state, whoever does it."""

    def has_perm(self, permission):
        return True


def unavailable_actions(communique, user) -> str:
    """Why the buttons this user does not see are missing, in one French sentence."""
    if communique.can_propose_changes(user) and not communique.can_edit(user):
        # The change form's banner says their edit waits for review.
        return _(
            "Ce communiqué est publié ou programmé : seul le groupe Publication peut "
            "changer son état (retirer, déprogrammer)."
        )
    if not communique.can_edit(user):
        return _(
            "Ce communiqué est publié, programmé ou retiré : seul le groupe Publication "
            "peut le modifier ou changer son état."
        )
    possible = admin_workflow.available_transitions(communique, _Publisher())
    allowed = {t.name for t in admin_workflow.available_transitions(communique, user)}
    missing = [str(t.label) for t in possible if t.name not in allowed]
    if not missing:
        return ""
    return _("%(actions)s : réservé au groupe Publication, qui relit et publie.") % {
        "actions": ", ".join(missing)
    }


@admin.register(Communique)
class CommuniqueAdmin(ReviewedChangesAdminMixin, ProtectedDeleteAdminMixin, CompareVersionAdmin):
    form = CommuniqueAdminForm
    # Publication writes the public « rectificatif » when it applies a proposed change.
    approval_fields = ("correction_note", "minor_change")
    apply_conflicts = (StaleEditError,)
    change_form_template = "admin/communiques/communique/change_form.html"
    change_list_template = "admin/communiques/communique/change_list.html"
    list_display = ["title", "editorial_state", "is_published", "published_at", "updated_by"]
    list_filter = [
        PublicationStateFilter,
        PendingRevisionFilter,
        "status",
        "themes",
        "pacts__kind",
    ]
    search_fields = ["title", "lede", "body", "quotes__text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes", "pacts", "organisations", "image"]
    list_select_related = ["updated_by"]
    date_hierarchy = "published_at"
    inlines = [
        QuoteInline,
        CommuniqueContactInline,
        CommuniqueAmountInline,
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
            _("Origine (import d’archive)"),
            {"fields": ["source_url", "source_published_on"], "classes": ["collapse"]},
        ),
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
                wrap(lambda request: calendar.calendar_view(self, request)),
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
            path(
                "importer-archive/",
                wrap(lambda request: admin_archive.import_archive_view(self, request)),
                name=f"{prefix}_import_archive",
            ),
            path(
                "<path:object_id>/dupliquer/",
                wrap(lambda request, object_id: drafting.duplicate_view(self, request, object_id)),
                name=f"{prefix}_duplicate",
            ),
            path(
                "enregistrement-auto/",
                wrap(lambda request: autosave.autosave_view(self, request)),
                name=f"{prefix}_autosave_new",
            ),
            path(
                "enregistrement-auto/supprimer/",
                wrap(lambda request: autosave.discard_view(self, request)),
                name=f"{prefix}_autosave_new_discard",
            ),
            path(
                "<path:object_id>/enregistrement-auto/",
                wrap(lambda request, object_id: autosave.autosave_view(self, request, object_id)),
                name=f"{prefix}_autosave",
            ),
            path(
                "<path:object_id>/enregistrement-auto/supprimer/",
                wrap(lambda request, object_id: autosave.discard_view(self, request, object_id)),
                name=f"{prefix}_autosave_discard",
            ),
        ]
        return import_urls + workflow_urls + super().get_urls()

    def has_publish_permission(self, request):
        return Communique.can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is not None:
            # Rédaction proposes changes to a release online or scheduled: its save
            # waits for review (ReviewedChangesAdminMixin).
            return obj.can_edit(request.user) or obj.can_propose_changes(request.user)
        return super().has_change_permission(request, obj)

    def review_about(self, communique):
        return _("version %(version)s") % {"version": communique.version}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only: the text as readers see it, without the lock's technical counter.
        first_fields = ["title", "slug", "lede", "body_display"]
        return [(None, {"fields": first_fields}), *fieldsets[1:]]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            readonly.append("body_display")
        return readonly

    @admin.display(description=_("texte"))
    def body_display(self, communique):
        # Sanitized on every save (Communique.save): safe to show as the page does.
        return mark_safe(communique.body)

    def has_delete_permission(self, request, obj=None):
        # Online or withdrawn releases are part of the record: withdraw, don't delete.
        if obj is not None and obj.status in (
            Communique.Status.PUBLISHED,
            Communique.Status.WITHDRAWN,
        ):
            return request.user.is_superuser
        return super().has_delete_permission(request, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        pact = drafting.pact_of(request)
        return {**drafting.initial_from_pact(pact), **initial} if pact else initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if obj.pk is None and isinstance(inline, QuoteInline):
            pact = drafting.pact_of(request)
            if pact:
                kwargs["initial"] = drafting.quote_slots(pact)
        return kwargs

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        if not request.user.has_perm("communiques.view_previewlink"):
            inlines.remove(PreviewLinkInline)
        return inlines

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_transitions"] = (
            admin_workflow.available_transitions(obj, request.user) if obj else []
        )
        context["blocked_transitions"] = admin_workflow.NEEDS_COMPLETE_RELEASE
        context["publication_blocked"] = admin_workflow.publication_blocked(
            obj, context["workflow_transitions"]
        )
        context.update(autosave.autosave_context(self, request, obj))
        context["unavailable_actions"] = unavailable_actions(obj, request.user) if obj else ""
        context["social_preview"] = social_preview(obj, request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        lost_race_to = getattr(request, "communique_lost_race_to", None)
        if lost_race_to is not None:
            form = type(form.__name__, (form,), {"lost_race_to": lost_race_to})
        kept = autosave.autosave_to_restore(request, obj) if autosave.restoring(request) else None
        if kept is not None:
            form = type(form.__name__, (form,), {"restored_initial": kept.form_initial()})
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
        # Saved: what was typed is in the release now.
        CommuniqueAutosave.objects.of(request.user, obj if change else None).delete()
        note = form.cleaned_data.get("correction_note", "").strip()
        if change and note and obj.is_published():
            Correction.objects.create(communique=obj, text=note, created_by=request.user)
            CommuniqueEvent.objects.create(
                communique=obj,
                action=CommuniqueEvent.Action.CORRECTED,
                user=request.user,
                note=note,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Only Publication edits a live or scheduled release: what it now cites turns
        # public with it, as when it was published; what it no longer cites does not.
        form.instance.publish_cited_records()
        if form.instance.is_scheduled:
            Communique.reconsider_pending_records()

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
