"""The admin of the press directory and of sendings: importing each module registers
its model admins, as Django's autodiscovery imports only `journalists.admin`."""

from journalists.admin import audiences, directory, sendings, subscribers, suppressions

__all__ = ["audiences", "directory", "sendings", "subscribers", "suppressions"]
