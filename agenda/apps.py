from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda presse")

    def ready(self):
        from agenda import signals  # noqa: F401
        from agenda.models import Invitation
        from communiques import search
        from grandest_press.response_cache import expire_at_next_change, invalidate_on_changes_to

        invalidate_on_changes_to(Invitation)
        search.OTHER_SOURCES["invitations"] = Invitation.objects.search
        # A scheduled invitation turns public, an event moves from « à venir » to « passés »:
        # cached agenda pages end then.
        expire_at_next_change(Invitation.objects.next_change_timestamp)
