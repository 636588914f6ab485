"""The admin of sendings: prepare, test, launch, follow each delivery."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communiques.models import Communique
from journalists import delivery
from journalists.models import (
    Delivery,
    Sending,
)


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
