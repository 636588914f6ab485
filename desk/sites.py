"""The admin site whose home page is the desk; Django's list of models moves one click away."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from desk.models import NotificationSettings
from desk.sections import desk_for


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["review_requests", "returns", "applied_changes"]


class DeskAdminSite(admin.AdminSite):
    def get_urls(self):
        return [
            path("modeles/", self.admin_view(self.models_index), name="models"),
            path(
                "mes-notifications/",
                self.admin_view(self.notification_settings),
                name="notification-settings",
            ),
            *super().get_urls(),
        ]

    def i18n_javascript(self, request, extra_context=None):
        """The admin's JavaScript catalogue, with the rich-text editor's dialogs in it."""
        return JavaScriptCatalog.as_view(packages=["django.contrib.admin", "django_prose_editor"])(
            request
        )

    def index(self, request, extra_context=None):
        """The desk: what waits for this user, each row one click from its action."""
        context = {
            **self.each_context(request),
            "title": _("Bureau de presse"),
            "subtitle": None,
            "desk": desk_for(request.user),
            **(extra_context or {}),
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/desk/index.html", context)

    def models_index(self, request):
        """Django's admin home: every model the user may manage, by application."""
        return super().index(request, extra_context={"title": _("Tous les contenus")})

    def notification_settings(self, request):
        instance = NotificationSettings.objects.filter(
            user=request.user
        ).first() or NotificationSettings(user=request.user)
        form = NotificationSettingsForm(request.POST or None, instance=instance)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Vos réglages de notification sont enregistrés."))
            return redirect("admin:notification-settings")
        context = {
            **self.each_context(request),
            "title": _("Mes notifications"),
            "subtitle": None,
            "form": form,
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/desk/notification_settings.html", context)
