"""The invitation's admin: the release's workflow buttons and pages, in French."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from agenda import structured_data
from agenda.models import Invitation, InvitationEvent
from communiques import admin_workflow
from communiques.views import private_response


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    change_form_template = "admin/communiques/communique/change_form.html"
    list_display = [
        "title",
        "starts_at",
        "event_status",
        "editorial_state",
        "is_published",
        "published_at",
        "updated_by",
    ]
    list_filter = ["status", "event_status", "themes", "territories"]
    search_fields = ["title", "lede", "place_name", "programme"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "speakers",
        "themes",
        "territories",
        "pact",
        "related_release",
        "follow_up_release",
        "contacts",
    ]
    list_select_related = ["updated_by"]
    date_hierarchy = "starts_at"
    readonly_fields = [
        "editorial_state",
        "published_at",
        "withdrawn_at",
        "withdrawal_reason",
        "previous_starts_at",
        "sequence",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lede"]}),
        (_("Date et lieu"), {"fields": ["starts_at", "ends_at", "place_name", "place_address"]}),
        (
            _("Changement de programme"),
            {
                "fields": ["event_status", "event_status_note", "previous_starts_at"],
                "description": _(
                    "Pour un report, choisissez « Reporté » et indiquez la nouvelle date dans "
                    "« début » et « fin » (laissez-les si elle n’est pas connue) ; pour une "
                    "annulation, « Annulé » et le motif. Journalistes, flux et agendas abonnés "
                    "l’apprennent à l’enregistrement."
                ),
            },
        ),
        (_("Programme et intervenants"), {"fields": ["programme", "speakers"]}),
        (_("Accréditation"), {"fields": ["accreditation_deadline", "accreditation_details"]}),
        (
            _("Liens"),
            {
                "fields": [
                    "themes",
                    "territories",
                    "pact",
                    "related_release",
                    "follow_up_release",
                    "contacts",
                ]
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "editorial_state",
                    "published_at",
                    "withdrawn_at",
                    "withdrawal_reason",
                    "sequence",
                ],
                "description": _(
                    "L’état change avec les boutons en haut de page (soumettre, programmer, "
                    "publier, retirer)."
                ),
            },
        ),
    ]

    @admin.display(description=_("état"))
    def editorial_state(self, invitation):
        return invitation.editorial_state

    @admin.display(boolean=True, description=_("en ligne"))
    def is_published(self, invitation):
        return invitation.is_published()

    def view_on_site(self, invitation):
        return invitation.get_absolute_url() if invitation.is_published() else None

    def get_urls(self):
        def wrap(view):
            def wrapper(*args, **kwargs):
                return self.admin_site.admin_view(view)(*args, **kwargs)

            return wrapper

        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
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
                wrap(lambda request, object_id: self.preview_view(request, object_id)),
                name=f"{prefix}_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """Any state, with the public template and a banner; never cached nor indexed."""
        try:
            invitation = Invitation.objects.for_page().get(pk=unquote(object_id))
        except (Invitation.DoesNotExist, ValueError) as missing:
            raise Http404 from missing
        if not self.has_view_permission(request, invitation):
            raise PermissionDenied
        context = {
            "invitation": invitation,
            "preview_banner": _("Aperçu interne — état : %(state)s")
            % {"state": invitation.editorial_state},
            "structured_data": structured_data.event(invitation, request),
        }
        response = TemplateResponse(request, "agenda/invitation_detail.html", context)
        return private_response(response)

    def has_change_permission(self, request, obj=None):
        if obj is not None:
            return obj.can_edit(request.user)
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Online or withdrawn invitations are part of the record: withdraw, don't delete.
        if obj is not None and obj.status in (
            Invitation.Status.PUBLISHED,
            Invitation.Status.WITHDRAWN,
        ):
            return request.user.is_superuser
        return super().has_delete_permission(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_transitions"] = (
            admin_workflow.available_transitions(obj, request.user) if obj else []
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Only Publication edits a live or scheduled invitation: what it now cites turns
        # public with it, as for a release.
        form.instance.publish_cited_records()
        if form.instance.is_scheduled:
            Invitation.reconsider_pending_records()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(InvitationEvent)
class InvitationEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "invitation_title", "user", "note"]
    list_filter = ["action"]
    search_fields = ["invitation_title", "note"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
