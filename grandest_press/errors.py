"""Error pages in French that say what to do: the site's look for readers, the admin's
look under /admin/. Wired in grandest_press/urls.py (handler403, handler404, handler500),
CSRF_FAILURE_VIEW and MIDDLEWARE (405).

Every page shows `errors/error.html` (Jinja2, extends `errors/layout.html`) or
`admin/error.html` with the same context: `error_title`, `error_message` and `actions`,
a list of (text, url or None). The 500 page is static (`500.html`): it must render when
the database or anything else is broken.
"""

from django.contrib.admin import site
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _


def _is_admin(request) -> bool:
    try:
        return request.path.startswith(reverse("admin:index"))
    except NoReverseMatch:
        return False


def _public_actions() -> list[tuple[str, str | None]]:
    return [
        (_("Revenir à l’accueil de l’espace presse"), reverse("home")),
        (_("Chercher un communiqué"), reverse("communiques:search")),
        (_("Écrire au service presse"), reverse("communiques:contacts")),
    ]


def _admin_actions() -> list[tuple[str, str | None]]:
    return [(_("Revenir à l’accueil de l’administration"), reverse("admin:index"))]


def render_error(request, status: int, *, title: str, message: str, actions, admin=None):
    """An error page with `status`: `actions` is a list of (text, url or None)."""
    admin = _is_admin(request) if admin is None else admin
    context = {"error_title": title, "error_message": message, "actions": actions}
    if admin:
        context |= site.each_context(request) | {"title": title}
        return render(request, "admin/error.html", context, status=status)
    return render(request, "errors/error.html", context, status=status)


def permission_denied(request, exception=None):
    if _is_admin(request):
        return render_error(
            request,
            403,
            title=_("Action non autorisée"),
            message=_(
                "Votre compte n’a pas le droit de faire cette action. Publier, programmer "
                "ou retirer un communiqué est réservé au groupe « Publication »."
            ),
            actions=[
                (
                    _(
                        "Demandez à une personne du groupe « Publication » de le faire, ou à "
                        "l’administrateur du site de vous donner ce droit."
                    ),
                    None,
                ),
                *_admin_actions(),
            ],
        )
    return render_error(
        request,
        403,
        title=_("Accès refusé"),
        message=_("Cette page n’est pas accessible au public."),
        actions=_public_actions(),
    )


def page_not_found(request, exception=None):
    if _is_admin(request):
        return render_error(
            request,
            404,
            title=_("Page introuvable"),
            message=_("Cet élément n’existe pas ou a été supprimé."),
            actions=[
                (
                    _("Vérifiez l’adresse, ou retrouvez l’élément par la recherche de sa liste."),
                    None,
                ),
                *_admin_actions(),
            ],
        )
    return render_error(
        request,
        404,
        title=_("Page introuvable"),
        message=_("La page demandée n’existe pas ou n’est plus en ligne."),
        actions=[
            (_("Vérifiez l’adresse saisie."), None),
            (_("Voir tous les communiqués"), reverse("communiques:list")),
            *_public_actions(),
        ],
    )


def method_not_allowed(request):
    back = _admin_actions() if _is_admin(request) else _public_actions()
    return render_error(
        request,
        405,
        title=_("Opération impossible sur cette adresse"),
        message=_(
            "Cette adresse ne s’utilise pas de cette façon (méthode HTTP %(method)s non acceptée)."
        )
        % {"method": request.method},
        actions=[
            (_("Revenez à la page précédente et utilisez ses liens ou ses boutons."), None),
            *back,
        ],
    )


def csrf_failure(request, reason=""):
    back = _admin_actions() if _is_admin(request) else _public_actions()
    return render_error(
        request,
        403,
        title=_("Formulaire expiré"),
        message=_(
            "Le formulaire n’a pas pu être vérifié : la page était peut-être ouverte depuis "
            "longtemps, ou votre navigateur refuse les cookies de ce site. Rien n’a été "
            "enregistré."
        ),
        actions=[
            (
                _(
                    "Revenez à la page précédente, rechargez-la, puis envoyez de nouveau le "
                    "formulaire (copiez d’abord votre texte si vous l’aviez saisi)."
                ),
                None,
            ),
            (_("Vérifiez que votre navigateur accepte les cookies de ce site."), None),
            *back,
        ],
    )


def server_error(request):
    """A static page: nothing here may query the database or depend on the request."""
    try:
        stylesheet = static("css/site.css")
    except ValueError:  # not in the static manifest: the page without its styles
        stylesheet = ""
    try:
        home = reverse("home")
    except NoReverseMatch:
        home = "/"
    page = loader.get_template("500.html").render({"stylesheet": stylesheet, "home": home})
    return HttpResponseServerError(page)


class MethodNotAllowedPageMiddleware:
    """Gives the French 405 page to the empty responses of views that refuse a method
    (HttpResponseNotAllowed), keeping their Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        page = method_not_allowed(request)
        response.content = page.content
        response["Content-Type"] = page["Content-Type"]
        return response
