from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalistsConfig(AppConfig):
    name = "journalists"
    verbose_name = _("Journalistes et envois")
