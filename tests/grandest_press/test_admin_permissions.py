"""Who may open which admin page and run which action: anonymous, Rédaction,
Publication, superuser, over every URL of every registered model admin."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import URLPattern, reverse

from communiques.models import Communique, PressContact, Theme
from grandest_press.models import Image, LegalPage
from partners.models import (
    Mandate,
    Organisation,
    PactKind,
    Person,
    ReferenceFramework,
    TerritorialPact,
)
from tests.factories import (
    make_communique,
    make_framework,
    make_image,
    make_mandate,
    make_organisation,
    make_pact,
    make_pact_kind,
    make_person,
    make_press_contact,
    make_staff_user,
    make_theme,
)
from tests.html import soup

pytestmark = pytest.mark.django_db

# The content both editorial groups write (README, "Editorial roles").
CONTENT = {
    Theme: make_theme,
    PressContact: make_press_contact,
    Communique: lambda: make_communique(published=False),
    Organisation: make_organisation,
    Person: make_person,
    Mandate: make_mandate,
    ReferenceFramework: make_framework,
    PactKind: make_pact_kind,
    TerritorialPact: make_pact,
    Image: make_image,
}
# Staff-only models no editorial group may touch.
RESTRICTED = {
    User: lambda: make_staff_user(username="autre-agent"),
    Group: lambda: Group.objects.get(name="Rédaction"),
    AccessAttempt: lambda: AccessAttempt.objects.create(
        username="agent", ip_address="192.0.2.1", user_agent="test", failures_since_start=1
    ),
    AccessLog: lambda: AccessLog.objects.create(
        username="agent", ip_address="192.0.2.1", user_agent="test"
    ),
    AccessFailureLog: lambda: AccessFailureLog.objects.create(
        username="agent", ip_address="192.0.2.1", user_agent="test"
    ),
}
ALLOWED, REFUSED, BACK_TO_THE_FORM = 200, 403, 302
# Review pages sending a GET back to the change form: nothing pending, or a POST-only form.
REVIEW_VIEWS = {"pending_revision", "review_comment"}


def expected(role: str, model, view: str) -> int | None:
    """The status a role gets on a model admin view; None when not pinned here."""
    if model in CONTENT and view in REVIEW_VIEWS:
        return BACK_TO_THE_FORM
    if model in CONTENT:
        if view == "publish":  # a pact, person or organisation (partners)
            return ALLOWED if role == "Publication" else REFUSED
        if view == "delete":
            return ALLOWED if role == "Publication" else REFUSED
        return ALLOWED
    if model in RESTRICTED:
        return REFUSED
    if model is LegalPage:
        if role == "Publication" and view in {"changelist", "change", "history"}:
            return ALLOWED
        return REFUSED
    return None


def admin_urls(model, model_admin, obj) -> list[tuple[str, str]]:
    """(view name, URL) for every named URL of a model admin."""
    prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
    urls = []
    for pattern in model_admin.urls:
        if not isinstance(pattern, URLPattern) or not pattern.name:
            continue
        view = pattern.name.removeprefix(prefix)
        if view == "compare":
            continue  # reversion-compare: needs two version ids in the query string
        groups = set(pattern.pattern.regex.groupindex)
        if groups - {"object_id", "id"} or pattern.pattern.regex.groups > len(groups):
            # Endpoints on something else than the object (a workflow transition, an
            # old version to recover): reached from the object's pages, tested there.
            continue
        needs_object = bool(groups)
        if needs_object and obj is None:
            continue
        args = [obj.pk] if needs_object else []
        urls.append((view, reverse(f"admin:{pattern.name}", args=args)))
    return urls


def every_admin_url():
    """[(model, view, url)] for all registered models, one object of each where known."""
    factories = {**CONTENT, **RESTRICTED, LegalPage: lambda: LegalPage.objects.first()}
    rows = []
    for model, model_admin in admin.site._registry.items():
        obj = factories[model]() if model in factories else model._default_manager.first()
        rows += [(model, view, url) for view, url in admin_urls(model, model_admin, obj)]
    return rows


def test_anonymous_is_sent_to_the_login_page_from_every_admin_url(client):
    rows = [*every_admin_url(), (None, "index", reverse("admin:index"))]
    wrong = {}
    for _model, _view, url in rows:
        response = client.get(url)
        if response.status_code != 302 or "/admin/login/" not in response["Location"]:
            wrong[url] = response.status_code
    assert wrong == {}


def test_superuser_opens_every_admin_url(client):
    client.force_login(make_staff_user(superuser=True))
    rows = every_admin_url()
    wrong = {}
    for model, view, url in rows:
        status = client.get(url).status_code
        # Some views are closed to everybody by design (adding an axes log line,
        # deleting a legal page): refused, never broken.
        refused_by_design = status == REFUSED and view in {"add", "delete"}
        if status not in {200, 302} and not refused_by_design:
            wrong[url] = (model._meta.label, status)
    assert wrong == {}


@pytest.mark.parametrize("role", ["Rédaction", "Publication"])
def test_editorial_roles_get_exactly_their_rights_on_every_admin_url(client, role):
    client.force_login(make_staff_user(group=role))
    wrong, unpinned = {}, {}
    for model, view, url in every_admin_url():
        status = client.get(url).status_code
        want = expected(role, model, view)
        if want is None:
            # A model not pinned in this matrix yet: at least it must not break.
            if status >= 500:
                wrong[url] = status
            unpinned[url] = status
        elif status != want:
            wrong[url] = (want, status)
    assert wrong == {}


@pytest.mark.parametrize(
    ("role", "can_publish", "can_delete"),
    [("Rédaction", False, False), ("Publication", True, True)],
)
def test_list_actions_offered_to_each_role(client, role, can_publish, can_delete):
    client.force_login(make_staff_user(group=role))
    make_communique(published=False)
    page = soup(client.get(reverse("admin:communiques_communique_changelist")))
    actions = {option["value"] for option in page.select("select[name=action] option")}
    assert ("publish_selected" in actions) is can_publish
    assert ("delete_selected" in actions) is can_delete


def test_superuser_has_every_release_action(client):
    client.force_login(make_staff_user(superuser=True))
    make_communique(published=False)
    page = soup(client.get(reverse("admin:communiques_communique_changelist")))
    actions = {option["value"] for option in page.select("select[name=action] option")}
    assert {"publish_selected", "delete_selected"} <= actions


def test_redaction_cannot_publish_by_posting_the_action(client):
    client.force_login(make_staff_user(group="Rédaction"))
    draft = make_communique(published=False)
    client.post(
        reverse("admin:communiques_communique_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0},
    )
    draft.refresh_from_db()
    assert not draft.is_published()


def test_redaction_cannot_delete_by_posting_the_action(client):
    client.force_login(make_staff_user(group="Rédaction"))
    draft = make_communique(published=False)
    client.post(
        reverse("admin:communiques_communique_changelist"),
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
    )
    assert Communique.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("role", ["Rédaction", "Publication"])
def test_editorial_roles_cannot_unlock_a_locked_out_account(client, role):
    client.force_login(make_staff_user(group=role))
    attempt = RESTRICTED[AccessAttempt]()
    response = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == REFUSED
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_publication_edits_the_legal_pages_but_redaction_does_not(client):
    page = LegalPage.objects.get(slug=LegalPage.ACCESSIBILITY)
    url = reverse("admin:grandest_press_legalpage_change", args=[page.pk])
    client.force_login(make_staff_user(group="Rédaction"))
    assert client.get(url).status_code == REFUSED
    client.force_login(make_staff_user(group="Publication"))
    response = client.post(
        url, {"title": "Déclaration d’accessibilité", "body": "<p>Nouvelle version.</p>"}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "<p>Nouvelle version.</p>"
