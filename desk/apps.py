from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    default = True
    name = "desk"
    verbose_name = _("Bureau de presse")

    def ready(self):
        from desk import signals  # noqa: F401


class DeskAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose home page is the press officer's desk (desk/sites.py)."""

    default = False
    default_site = "desk.sites.DeskAdminSite"
