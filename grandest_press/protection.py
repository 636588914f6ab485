"""Refuse to delete what published content still uses.

Foreign keys say PROTECT, but many-to-many links (a release's themes, pacts and
organisations) would silently vanish on delete. An app that publishes content
registers, for a model it points to, a function returning the published objects
that use an instance; deletion is then refused, in the admin and everywhere else.
The registry lives here so that `partners` never has to import `communiques`.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _

_protectors: dict[type, list[Callable[[object], Iterable]]] = defaultdict(list)


def protect(model, users_of: Callable[[object], Iterable]) -> None:
    """Refuse deleting an instance of `model` while `users_of(instance)` is not empty."""
    if not _protectors[model]:
        pre_delete.connect(_refuse_protected_delete, sender=model, weak=False)
    _protectors[model].append(users_of)


def protected_users(instance) -> list:
    """The published objects that forbid deleting `instance`."""
    users = []
    for users_of in _protectors.get(type(instance), []):
        users.extend(users_of(instance))
    return users


def _refuse_protected_delete(sender, instance, **kwargs):
    users = protected_users(instance)
    if users:
        raise ProtectedError(
            _("« %(object)s » est utilisé par du contenu publié : %(users)s.")
            % {"object": instance, "users": ", ".join(f"« {user} »" for user in users[:5])},
            set(users),
        )


class ProtectedDeleteAdminMixin:
    """Lists the published content that blocks a deletion on the admin's delete pages."""

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            protected.extend(
                _("%(user)s (publié) utilise %(object)s") % {"user": user, "object": obj}
                for user in protected_users(obj)
            )
        return deleted, model_count, perms_needed, protected
