"""The admin of press releases: importing each module registers its model admins,
as Django's autodiscovery imports only `communiques.admin`."""

from communiques.admin import history, preview, references
from communiques.admin.communique import CommuniqueAdmin
from communiques.admin.forms import CommuniqueAdminForm

__all__ = ["CommuniqueAdmin", "CommuniqueAdminForm", "history", "preview", "references"]
