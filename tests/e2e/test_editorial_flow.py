"""From the newsroom to the reader, in a real browser.

A Rédaction officer writes a release with a quote and a press contact in the admin and
submits it; a Publication officer publishes it; an anonymous reader finds it on the home
page, opens it and finds it in the RSS feed. Screenshots go to artifacts/screenshots/.
"""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from communiques.models import Communique
from tests.e2e.conftest import screenshot
from tests.factories import (
    make_mandate,
    make_organisation,
    make_person,
    make_press_contact,
    make_staff_user,
    make_theme,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "mot-de-passe-de-test-1234"
TITLE = "La Région et Châlons Agglo signent leur pacte pour l’emploi"
QUOTE = "Ce pacte donne au territoire les moyens de sa croissance."


def log_in(page, user):
    page.goto(reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def choose_in_autocomplete(page, select_id, search):
    """Django's autocomplete_fields widget (Select2): open, type, pick the match."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", search)
    page.click(f".select2-container--open .select2-results__option >> text={search}")


def add_inline_row(page, prefix):
    page.click(f"#{prefix}-group .add-row a")


def run_action(page, title, action):
    """Tick the release in the admin list and run a list action, by its name."""
    page.goto(reverse("admin:communiques_communique_changelist"))
    row = page.locator("#result_list tbody tr", has_text=title)
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def available_actions(page) -> list[str]:
    page.goto(reverse("admin:communiques_communique_changelist"))
    return page.locator("select[name=action] option").evaluate_all(
        "options => options.map(o => o.value)"
    )


def test_a_release_goes_from_the_newsroom_to_the_reader(new_page):
    region = make_organisation(name="Région Grand Est")
    speaker = make_person(first_name="Jean", last_name="Rottner")
    make_mandate(person=speaker, organisation=region, title="Président")
    make_press_contact(name="Sandrine Poirier", organisation=region, phones=["+33684801148"])
    make_theme(name="Emploi")
    redaction = make_staff_user(group="Rédaction")
    publication = make_staff_user(group="Publication")

    # The Rédaction officer writes the release.
    writer = new_page()
    log_in(writer, redaction)
    writer.goto(reverse("admin:communiques_communique_add"))
    writer.fill("#id_title", TITLE)
    writer.fill("#id_slug", "pacte-emploi-chalons-agglo")
    writer.fill("#id_lede", "Jean Rottner a signé ce jeudi le pacte de Châlons Agglo.")
    writer.click(".field-body [contenteditable=true]")
    writer.keyboard.type("Le pacte engage 2,5 millions d’euros sur trois ans.")
    # Complete, as publishing asks: the event's date and a theme.
    writer.fill("#id_event_date", "05/09/2019")
    choose_in_autocomplete(writer, "id_themes", "Emploi")
    add_inline_row(writer, "quotes")
    choose_in_autocomplete(writer, "id_quotes-0-speaker", "Rottner")
    writer.fill("#id_quotes-0-text", QUOTE)
    add_inline_row(writer, "contact_links")
    choose_in_autocomplete(writer, "id_contact_links-0-contact", "Sandrine Poirier")
    writer.click("input[name=_save]")
    writer.wait_for_url(re.compile(r"/admin/communiques/communique/(\?.*)?$"))
    communique = Communique.objects.get(title=TITLE)
    assert communique.quotes.get().speaker == speaker
    assert [contact.name for contact in communique.contacts] == ["Sandrine Poirier"]
    assert not communique.is_published()

    # ... and submits it, when the workflow has a review step.
    if "submit_selected" in available_actions(writer):
        run_action(writer, TITLE, "submit_selected")
        communique.refresh_from_db()
        assert communique.status == Communique.Status.REVIEW
    assert "publish_selected" not in available_actions(writer)

    # The Publication officer publishes it.
    publisher = new_page()
    log_in(publisher, publication)
    run_action(publisher, TITLE, "publish_selected")
    publisher.locator(".messagelist .success").wait_for()
    communique.refresh_from_db()
    assert communique.is_published()

    # An anonymous reader finds it on the home page and opens it.
    reader = new_page()
    reader.goto(reverse("home"))
    link = reader.get_by_role("link", name=TITLE)
    link.wait_for()
    screenshot(reader, "accueil")
    link.click()
    reader.wait_for_url(f"**{communique.get_absolute_url()}")
    assert reader.locator("h1").inner_text().replace("\u202f", " ") == TITLE.replace("\u202f", " ")
    assert "Ce pacte donne au territoire" in reader.locator("blockquote").inner_text()
    assert "Sandrine Poirier" in reader.locator("#contact-presse + *").inner_text()
    screenshot(reader, "communique")

    # ... and in the RSS feed.
    feed = reader.goto(feed_url())
    assert feed.ok
    assert communique.get_absolute_url() in feed.text()


def feed_url():
    try:
        return reverse("communiques:feed", kwargs={"format": "rss"})
    except NoReverseMatch:
        pytest.skip("pas encore de flux RSS (URL « communiques:feed », issue 4)")
