from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommuniquesConfig(AppConfig):
    name = "communiques"
    verbose_name = _("Communiqués de presse")
