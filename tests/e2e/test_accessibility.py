"""RGAA / WCAG 2.1 AA in a real browser: axe-core on every page type, and the keyboard."""

import contextlib

import pytest
from django.urls import NoReverseMatch, reverse

from tests.e2e.conftest import axe_violations
from tests.factories import make_communique, make_staff_user
from tests.pages import build_site, public_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "mot-de-passe-de-test-1234"


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_site()


def test_every_public_page_type_has_no_axe_violation(page, site, client):
    pages, _ = public_pages(client, site)
    violations = {}
    for public_page in pages:
        response = visit(page, public_page)
        assert response.status == public_page.status, public_page
        if found := axe_violations(page):
            violations[public_page.kind] = found
    assert violations == {}


def visit(page, public_page):
    """Open the page; for a page reached by a form, fill it and press its button."""
    response = page.goto(public_page.url)
    if public_page.form is None:
        return response
    for name, value in public_page.form.items():
        field = page.locator(f"main form[method=post] [name='{name}']")
        if value is True:
            field.check()
        else:
            field.fill(value)
    with page.expect_navigation() as navigation:
        page.click("main form[method=post] button[type=submit]")
    return navigation.value


def log_in(page, user):
    page.goto(reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def admin_urls(communique):
    urls = {
        "liste-des-communiques": reverse("admin:communiques_communique_changelist"),
        "modification-d-un-communique": reverse(
            "admin:communiques_communique_change", args=[communique.pk]
        ),
        "nouveau-communique": reverse("admin:communiques_communique_add"),
    }
    with contextlib.suppress(NoReverseMatch):
        urls["import"] = reverse("admin:communiques_communique_import")
    return urls


def test_press_officer_admin_screens_have_no_unexplained_axe_violation(page, site):
    log_in(page, make_staff_user(group="Publication"))
    # No inline rows: the tabular inlines' cells are checked where they are fixed.
    draft = make_communique(title="Brouillon à relire", published=False, complete=False)
    violations = {}
    for name, url in admin_urls(draft).items():
        response = page.goto(url)
        assert response.status == 200, name
        if found := axe_violations(page):
            violations[name] = found
    assert violations == {}


def test_admin_import_page_is_checked_when_it_exists():
    try:
        reverse("admin:communiques_communique_import")
    except NoReverseMatch:
        pytest.skip("pas encore de page d’import (admin:communiques_communique_import)")


class TestKeyboard:
    def focused(self, page) -> dict:
        return page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                const box = el.getBoundingClientRect();
                return {
                    index: [...document.querySelectorAll('*')].indexOf(el),
                    tag: el.tagName.toLowerCase(),
                    id: el.id,
                    cls: el.className,
                    text: (el.textContent || '').trim().slice(0, 60),
                    href: el.getAttribute('href'),
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                    visible: box.width > 1 && box.height > 1 && box.top >= 0
                        && box.bottom <= window.innerHeight,
                };
            }"""
        )

    def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(self, page, site):
        page.goto(reverse("home"))
        page.keyboard.press("Tab")
        first = self.focused(page)
        assert first["cls"] == "skip-link"
        assert first["text"] == "Aller au contenu"
        assert first["visible"], "le lien d’évitement doit apparaître quand il a le focus"
        page.keyboard.press("Enter")
        assert self.focused(page)["id"] == "contenu"
        page.keyboard.press("Tab")
        after = page.evaluate("document.activeElement.closest('main') !== null")
        assert after, "après le lien d’évitement, la tabulation continue dans le contenu"

    @pytest.mark.parametrize("url_kind", ["accueil", "communique"])
    def test_every_stop_shows_its_focus_and_tabbing_goes_round_without_trap(
        self, page, site, client, url_kind
    ):
        pages, _ = public_pages(client, site)
        page.goto(next(p.url for p in pages if p.kind == url_kind))
        focusable = page.evaluate(
            """() => [...document.querySelectorAll('a[href], button, input, select, textarea')]
                .filter(el => !el.disabled && el.offsetParent !== null).length"""
        )
        seen = []
        for _ in range(focusable + 2):
            page.keyboard.press("Tab")
            current = self.focused(page)
            if current["tag"] == "body":
                break
            assert current["outline"], f"focus invisible sur {current}"
            assert current["index"] not in seen, f"piège au clavier : retour sur {current}"
            seen.append(current["index"])
        assert len(seen) == focusable, "chaque lien est atteint une fois, puis le focus sort"

    def test_shift_tab_goes_back(self, page, site):
        page.goto(reverse("home"))
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Shift+Tab")
        assert self.focused(page)["cls"] == "skip-link"


def test_error_pages_an_editor_meets_have_no_axe_violation(page, site):
    log_in(page, make_staff_user(group="Rédaction"))
    draft = make_communique(title="Brouillon à relire", published=False)
    urls = {
        "refus-de-publier": (
            reverse("admin:communiques_communique_transition", args=[draft.pk, "publish"]),
            403,
        ),
        "page-d-administration-introuvable": (reverse("admin:index") + "pas-de-page-ici/", 404),
        "page-publique-introuvable": ("/communiques/ce-communique-n-existe-pas/", 404),
    }
    violations = {}
    for name, (url, status) in urls.items():
        response = page.goto(url)
        assert response.status == status, name
        if found := axe_violations(page):
            violations[name] = found
    assert violations == {}
