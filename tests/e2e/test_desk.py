"""The press officer's desk and the release form, in a real browser: accessibility,
screenshots, the keyboard-only path from writing to publishing, and the autosave that
survives a crashed tab."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from communiques.models import Communique, CommuniqueAutosave
from grandest_press.models import PendingRevision
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import (
    make_communique,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_signatory,
    make_staff_user,
    make_theme,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "mot-de-passe-de-test-1234"
PHONE = {"width": 390, "height": 844}


def log_in(page, user):
    page.goto(reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def busy_desk():
    """A desk with a row in each list."""
    author = make_staff_user(group="Rédaction", username="claire.martin")
    to_review = make_communique(published=False, title="Le pacte de Chaumont est signé")
    to_review.submit_for_review(by=author)
    make_communique(
        title="Nouvelles lignes TER entre Reims et Charleville",
        published_at=timezone.now() + datetime.timedelta(days=2),
    )
    pact = make_pact(territories=[make_organisation(name="Châlons Agglo")])
    make_signatory(pact=pact, organisation=make_organisation(), person=make_person())
    release = make_communique(
        published=False, title="Signature du pacte de Châlons", themes=[make_theme()]
    )
    live = make_communique(title="Le POCE de Châlons Agglo est signé")
    PendingRevision.objects.create(
        content_type=ContentType.objects.get_for_model(live, for_concrete_model=False),
        object_id=live.pk,
        object_repr=live.title,
        base_fingerprint="0" * 64,
        created_by=author,
    )
    return release, pact


def test_desk_release_form_pact_form_and_calendar_have_no_axe_violation(page):
    release, pact = busy_desk()
    user = make_staff_user(group="Publication")
    make_communique(published=False, title="Mon brouillon en cours", created_by=user)
    log_in(page, user)
    urls = {
        "bureau": reverse("admin:index"),
        "communique": reverse("admin:communiques_communique_change", args=[release.pk]),
        "nouveau-communique-sur-un-pacte": reverse("admin:communiques_communique_add")
        + f"?pacte={pact.pk}",
        "pacte": reverse("admin:partners_territorialpact_change", args=[pact.pk]),
        "calendrier": reverse("admin:communiques_communique_calendar"),
        "mes-notifications": reverse("admin:notification-settings"),
    }
    violations = {}
    for name, url in urls.items():
        response = page.goto(url)
        assert response.status == 200, name
        page.wait_for_load_state("networkidle")
        if found := axe_violations(page):
            violations[name] = found
    assert violations == {}, "\n".join(f"{k}: {v}" for k, vs in violations.items() for v in vs)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["1280", "390"])
def test_screenshots_of_the_desk_and_the_release_form(new_page, viewport):
    release, _pact = busy_desk()
    page = new_page()
    if viewport:
        page.set_viewport_size(viewport)
    width = viewport["width"] if viewport else 1280
    log_in(page, make_staff_user(group="Publication"))

    assert page.locator("h2", has_text="À relire").is_visible()
    screenshot(page, f"bureau-{width}")
    page.goto(reverse("admin:communiques_communique_change", args=[release.pk]))
    page.wait_for_load_state("networkidle")
    screenshot(page, f"formulaire-communique-{width}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if not viewport:
        assert overflow <= 0


def test_autosave_brings_back_the_text_after_the_tab_crashed(new_page):
    draft = make_communique(published=False, title="Titre de départ")
    editor = make_staff_user(group="Rédaction")
    page = new_page()
    page.clock.install()
    log_in(page, editor)
    page.goto(reverse("admin:communiques_communique_change", args=[draft.pk]))
    page.fill("#id_title", "Un titre tapé mais jamais enregistré")
    page.locator(".prose-editor [contenteditable=true]").click()
    page.keyboard.type("Un paragraphe écrit avant la panne.")

    page.clock.fast_forward(31_000)
    # A locator, not wait_for_function: the admin's CSP forbids evaluating strings.
    page.locator("#autosave-status", has_text="enregistré").wait_for()
    page.close()  # The tab crashes: nothing was saved.

    assert Communique.objects.get(pk=draft.pk).title == "Titre de départ"
    reopened = page.context.new_page()
    reopened.goto(reverse("admin:communiques_communique_change", args=[draft.pk]))
    notice = reopened.locator(".autosave-notice")
    assert "peut être restauré" in notice.inner_text()
    notice.get_by_role("link", name="Restaurer le brouillon").click()

    assert reopened.input_value("#id_title") == "Un titre tapé mais jamais enregistré"
    assert "écrit avant la panne" in reopened.locator(".prose-editor").inner_text()
    reopened.click("input[name=_continue]")
    assert Communique.objects.get(pk=draft.pk).title == "Un titre tapé mais jamais enregistré"
    assert not CommuniqueAutosave.objects.exists()


def tab_to(page, selector, *, limit=200):
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} jamais atteint au clavier")


def choose_with_the_keyboard(page, select_id, search):
    """Django's autocomplete widget (Select2) by keyboard: reach it, open, type, Enter."""
    tab_to(page, f"#{select_id} + .select2 .select2-selection, #{select_id} + .select2 input")
    page.keyboard.press("ArrowDown")
    page.keyboard.type(search)
    page.locator(".select2-container--open .select2-results__option", has_text=search).wait_for()
    page.keyboard.press("Enter")


def test_write_submit_review_and_publish_with_the_keyboard_alone(new_page):
    make_theme(name="Éducation")
    make_press_contact(name="Sandrine Poirier")
    redaction = make_staff_user(group="Rédaction")
    publication = make_staff_user(group="Publication")
    title = "La Région soutient les lycées agricoles"

    writer = new_page()
    log_in(writer, redaction)
    tab_to(writer, "a[href$='/communiques/communique/add/']")
    writer.keyboard.press("Enter")
    writer.wait_for_url("**/add/")
    tab_to(writer, "#id_title")
    writer.keyboard.type(title)
    tab_to(writer, "#id_lede")
    writer.keyboard.type("Quatre millions d’euros pour moderniser les exploitations.")
    tab_to(writer, ".prose-editor [contenteditable=true]")
    writer.keyboard.type("Le conseil régional a voté le plan ce jeudi.")
    # Complete, as publishing asks: the event's date, a theme and a press contact.
    tab_to(writer, "#id_event_date")
    writer.keyboard.type("05/09/2019")
    choose_with_the_keyboard(writer, "id_themes", "Éducation")
    tab_to(writer, "#contact_links-group .add-row a")
    writer.keyboard.press("Enter")
    choose_with_the_keyboard(writer, "id_contact_links-0-contact", "Sandrine Poirier")
    tab_to(writer, "input[name=_continue]")
    writer.keyboard.press("Enter")
    writer.wait_for_url("**/change/")
    tab_to(writer, "a[href$='/transition/submit/']")
    writer.keyboard.press("Enter")
    writer.wait_for_url("**/transition/submit/")
    tab_to(writer, "#content-main input[type=submit]")
    writer.keyboard.press("Enter")
    writer.wait_for_url("**/change/")
    assert Communique.objects.get(title=title).status == Communique.Status.REVIEW

    reviewer = new_page()
    log_in(reviewer, publication)
    tab_to(reviewer, "section[aria-labelledby=a-relire] a[href$='/transition/publish/']")
    reviewer.keyboard.press("Enter")
    reviewer.wait_for_url("**/transition/publish/")
    tab_to(reviewer, "#content-main input[type=submit]")
    reviewer.keyboard.press("Enter")
    reviewer.wait_for_url("**/change/")

    assert Communique.objects.get(title=title).is_published()


def test_the_editor_speaks_french_and_fields_count_words(page):
    draft = make_communique(published=False, title="Un titre court")
    log_in(page, make_staff_user(group="Rédaction"))
    page.goto(reverse("admin:communiques_communique_change", args=[draft.pk]))
    page.wait_for_load_state("networkidle")

    menubar = page.locator(".prose-menubar")
    titles = menubar.locator("button[title]").evaluate_all("bs => bs.map(b => b.title)")
    options = menubar.locator(".prose-menubar__option").all_inner_texts()
    assert {"Gras", "Italique", "Liste à puces", "Citation"} <= set(titles)
    assert [o.strip() for o in options] == ["Titre 2", "Titre 3", "Titre 4", "Paragraphe"]
    arrow = page.evaluate(
        "getComputedStyle(document.querySelector('.prose-menubar__selected'), '::after').content"
    )
    assert "⏷" not in arrow

    assert page.inner_text("#id_title_counter").startswith("14 caractères, 3 mots")
    long_title = "Un titre bien trop long pour tenir entier dans un résultat de recherche"
    page.fill("#id_title", long_title)
    assert "coupent le titre" in page.inner_text("#id_title_counter")
    search_title = page.inner_text(".search-preview__title")
    assert search_title.startswith("Un titre bien trop long") and search_title.endswith("…")
    page.locator(".prose-editor [contenteditable=true]").click()
    page.keyboard.type(" Deux mots.")
    assert "mots" in page.inner_text("#id_body_counter")


def test_calendar_screenshot_and_keyboard_between_months(page):
    make_communique(
        title="Nouvelles lignes TER entre Reims et Charleville",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    make_communique(published=False, title="Signature à venir", event_date=timezone.localdate())
    log_in(page, make_staff_user(group="Rédaction"))
    page.goto(reverse("admin:communiques_communique_calendar"))
    screenshot(page, "calendrier-1280")

    tab_to(page, ".calendar-nav li:last-child a")
    page.keyboard.press("Enter")
    page.wait_for_url("**?mois=*")
    assert page.locator(".calendar-nav a", has_text="Ce mois-ci").count() == 1


def test_signatories_are_reordered_with_the_keyboard_not_typed_numbers(page):
    pact = make_pact(territories=[make_organisation(name="Vitry")])
    first = make_signatory(pact=pact, organisation=make_organisation(name="Région"), order=1)
    second = make_signatory(pact=pact, organisation=make_organisation(name="Agglo"), order=2)
    log_in(page, make_staff_user(group="Publication"))
    page.goto(reverse("admin:partners_territorialpact_change", args=[pact.pk]))

    assert not page.locator("#signatories-group input[name$='-order']").first.is_visible()
    page.click("#axes-group .add-row a")
    assert page.locator("#axes-0 > h3").inner_text().startswith("Axe n° 1")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "le tableau des signataires déborde de la page"
    down = page.locator("#signatories-group tbody tr.form-row").first.get_by_role(
        "button", name="Descendre"
    )
    down.focus()
    page.keyboard.press("Enter")
    assert "position 2 sur 2" in page.locator("#signatories-group [role=status]").inner_text()
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert page.locator(".errornote").count() == 0, page.locator(".errorlist").all_inner_texts()

    first.refresh_from_db()
    second.refresh_from_db()
    assert second.order < first.order
