"""The public state of pacts, people and organisations in the admin: a badge and a
filter on the lists, the reason a record is public, and « Publier » for Publication.

The views only check the permission and call partners.services.publish(), which
checks it again and publishes in one transaction.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from grandest_press.review import PendingRevision
from grandest_press.typography import french_date, french_time
from partners import services
from partners.models import TerritorialPact


def _moment(value) -> str:
    """ "jeudi 5 septembre 2019 à 11 h 30", in the site's time zone."""
    local = timezone.localtime(value)
    return f"{french_date(local.date())} à {french_time(local)}"


class PublicStateFilter(admin.SimpleListFilter):
    """Public records, records still private, and those a scheduled release will lift."""

    title = _("état de publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("public", _("Public")),
            ("programme", _("Public à l’heure d’un communiqué programmé")),
            ("non_publie", _("Non publié")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "public":
            return queryset.public()
        if self.value() == "programme":
            return queryset.private().filter(public_since__isnull=False)
        if self.value() == "non_publie":
            return queryset.filter(public_since__isnull=True)
        return queryset


class PublicationAdminMixin:
    """For the admins of Organisation, Person and TerritorialPact."""

    change_form_template = "admin/partners/change_form.html"
    publication_fieldset = (
        _("Publication"),
        {
            "fields": ["publication_reason"],
            "description": _(
                "Une fiche n’est visible du public qu’une fois publiée : par un membre du "
                "groupe Publication (bouton « Publier »), ou avec le premier communiqué "
                "qui la cite, à son heure de publication."
            ),
        },
    )
    actions = ["publish_selected"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "publication_badge"]

    def get_list_filter(self, request):
        return [PublicStateFilter, *super().get_list_filter(request)]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "publication_reason"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f != "publication_reason"]},
            )
            for name, options in super().get_fieldsets(request, obj)
        ]
        return [*fieldsets, self.publication_fieldset] if obj is not None else fieldsets

    def view_on_site(self, record):
        # A private record has no public page: the link would only lead to a 404.
        return record.get_absolute_url() if record.is_public() else None

    def has_publish_permission(self, request):
        return request.user.has_perm(services.publish_permission(self.model))

    # What the lists and the form show ------------------------------------------

    def has_pending_revision(self, record) -> bool:
        """Whether an edit of this live record awaits review (« modification en
        attente »)."""
        annotated = getattr(record, "has_pending_revision", None)  # the list's query
        if annotated is not None:
            return annotated
        return PendingRevision.objects.for_object(record).pending().exists()

    @admin.display(description=_("état"))
    def publication_badge(self, record):
        if record.is_public():
            label, state = _("public"), "public"
        elif record.public_since is not None:
            label, state = (
                _("non publié (public le %s)") % _moment(record.public_since),
                "programme",
            )
        else:
            label, state = _("non publié"), "prive"
        badges = [(state, label)]
        if self.has_pending_revision(record):
            badges.append(("en-attente", _("modification en attente")))
        return format_html_join(
            " ", '<span class="publication-badge publication-badge--{}">{}</span>', badges
        )

    @admin.display(description=_("pourquoi cette fiche est publique"))
    def publication_reason(self, record):
        reasons = []
        release = services.first_citing(record)
        if release is not None:
            url = reverse("admin:communiques_communique_change", args=[release.pk])
            when = _("publié le") if release.is_published() else _("programmé pour le")
            reasons.append(
                format_html(
                    '{} <a href="{}">{}</a> ({} {})',
                    _("Cité par"),
                    url,
                    release.title,
                    when,
                    _moment(release.published_at),
                )
            )
        if record.explicitly_published_at is not None:
            reasons.append(
                format_html(
                    "{} {} {} {}",
                    _("Publié par"),
                    record.published_by or _("un compte supprimé"),
                    _("le"),
                    _moment(record.explicitly_published_at),
                )
            )
        if not reasons:
            return _("Non publié : aucun communiqué publié ou programmé ne cite cette fiche.")
        return format_html_join(mark_safe("<br>"), "{}", ((reason,) for reason in reasons))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish_record"] = (
            obj is not None and not obj.is_public() and self.has_publish_permission(request)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Publishing ------------------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/publier/",
                self.admin_site.admin_view(self.publish_view),
                name=f"{prefix}_publish",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request, object_id):
        """GET: what publishing this record makes public; POST: publish it."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[record.pk]
        )
        if request.method == "POST":
            self._publish(request, [record])
            return redirect(change_url)
        pending = [] if record.is_public() else [record]
        return self._confirmation(request, pending, cancel_url=change_url)

    @admin.action(description=_("Publier les fiches sélectionnées"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        records = [record for record in queryset if not record.is_public()]
        if request.POST.get("confirme"):
            self._publish(request, records)
            return None
        return self._confirmation(request, records, cancel_url=request.get_full_path())

    def _publish(self, request, records):
        for record in records:
            try:
                services.publish(record, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{record} : {' '.join(error.messages)}", messages.WARNING
                )
            else:
                self.message_user(request, _("« %s » est publique.") % record, messages.SUCCESS)

    def _confirmation(self, request, records, *, cancel_url):
        also = []
        pacts = [record for record in records if isinstance(record, TerritorialPact)]
        if pacts:
            for parties in services.named_by_pacts([pact.pk for pact in pacts]):
                also.extend(parties.private().distinct())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Publier"),
            "records": records,
            "also": also,
            "cancel_url": cancel_url,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "action": request.POST.get("action", ""),
        }
        return TemplateResponse(request, "admin/partners/publish.html", context)
