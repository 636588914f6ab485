"""Rédaction's changes to a public pact, person or organisation wait for review: every
public page stays byte-identical (page cache on or off) until Publication applies them."""

import pytest
from django.test import Client
from django.urls import reverse

from grandest_press.models import PendingRevision
from tests.communiques.test_pending_revisions import (
    edit,
    logged_in,
    pending_of,
    review_url,
)
from tests.factories import (
    make_axis,
    make_communique,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_signatory,
)
from tests.html import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_on")]


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def public_bodies(urls) -> dict[str, bytes]:
    from grandest_press.content_state import cache

    cache().clear()
    reader = Client()
    bodies = {}
    for url in urls:
        response = reader.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.content
    return bodies


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to("2026-06-01 10:00:00+00:00", tick=False)


@pytest.fixture
def redaction():
    return logged_in("Rédaction", "redacteur")


@pytest.fixture
def publication():
    return logged_in("Publication", "publieuse")


def surfaces(record, release, resource):
    return [
        record.get_absolute_url(),
        release.get_absolute_url(),
        reverse("home"),
        reverse("partners:pact-list"),
        reverse("sitemap-section", args=[resource]),
        reverse(f"opendata:api:{resource}-detail", args=[record.slug]),
    ]


def test_pact_title_and_axis_wait_for_review(redaction, publication):
    pact = make_pact(title="POCE de Châlons Agglo", territories=[make_organisation()])
    make_axis(pact=pact, title="Attractivité")
    make_signatory(pact=pact)
    release = make_communique(pacts=[pact])
    urls = surfaces(pact, release, "pactes")
    before = public_bodies(urls)
    response = edit(
        redaction,
        change_url(pact),
        "territorialpact_form",
        title="POCE de Châlons-en-Champagne Agglo",
        **{"axes-0-title": "Attractivité du territoire"},
    )
    assert response.status_code == 302
    assert public_bodies(urls) == before
    pact.refresh_from_db()
    assert pact.title == "POCE de Châlons Agglo"
    assert (
        publication.post(
            review_url(pact), {"revision": pending_of(pact).pk, "action": "apply"}
        ).status_code
        == 302
    )
    text = page_text(Client().get(pact.get_absolute_url()))
    assert "POCE de Châlons-en-Champagne Agglo" in text
    assert "Attractivité du territoire" in text


def test_person_mandate_waits_for_review(redaction, publication):
    person = make_person(first_name="Jean", last_name="Rottner")
    make_mandate(person=person, title="Président")
    release = make_communique()
    urls = surfaces(person, release, "personnalites")
    before = public_bodies(urls)
    edit(redaction, change_url(person), "person_form", **{"mandates-0-title": "Conseiller"})
    assert public_bodies(urls) == before
    assert pending_of(person).created_by == redaction.user
    publication.post(review_url(person), {"revision": pending_of(person).pk, "action": "apply"})
    assert "Conseiller" in page_text(Client().get(person.get_absolute_url()))


def test_organisation_description_waits_for_review(redaction, publication):
    organisation = make_organisation(name="Châlons Agglo", description="Avant.")
    release = make_communique(organisations=[organisation])
    urls = surfaces(organisation, release, "organisations")
    before = public_bodies(urls)
    edit(redaction, change_url(organisation), "organisation_form", description="Après.")
    assert public_bodies(urls) == before
    publication.post(
        review_url(organisation), {"revision": pending_of(organisation).pk, "action": "apply"}
    )
    organisation.refresh_from_db()
    assert organisation.description == "Après."


def test_private_records_are_edited_directly(redaction):
    organisation = make_organisation(name="Vallée de la Bruche", public=False)
    edit(redaction, change_url(organisation), "organisation_form", name="Vallée de la Bruche (CC)")
    organisation.refresh_from_db()
    assert organisation.name == "Vallée de la Bruche (CC)"
    assert not PendingRevision.objects.exists()


def test_redaction_cannot_apply_a_partner_revision(redaction):
    pact = make_pact(title="Avant", territories=[make_organisation()])
    edit(redaction, change_url(pact), "territorialpact_form", title="Après")
    response = redaction.post(
        review_url(pact), {"revision": pending_of(pact).pk, "action": "apply"}
    )
    assert response.status_code == 403
    pact.refresh_from_db()
    assert pact.title == "Avant"


def test_the_admin_list_badges_a_pending_change(redaction):
    pact = make_pact(title="Avant", territories=[make_organisation()])
    edit(redaction, change_url(pact), "territorialpact_form", title="Après")
    changelist = reverse("admin:partners_territorialpact_changelist")
    assert "modification en attente" in page_text(redaction.get(changelist))


def test_a_pact_document_waits_for_review(redaction, publication):
    from django.core.files.base import ContentFile

    from partners.models import PactAttachment
    from tests.factories import pdf_bytes

    pact = make_pact(title="POCE", territories=[make_organisation()])
    document = PactAttachment.objects.create(
        pact=pact, title="Le pacte signé", file=ContentFile(pdf_bytes(), name="pacte.pdf")
    )
    release = make_communique(pacts=[pact])
    urls = surfaces(pact, release, "pactes")
    before = public_bodies(urls)
    edit(redaction, change_url(pact), "territorialpact_form", **{"attachments-0-title": "Le pacte"})
    assert public_bodies(urls) == before
    document.refresh_from_db()
    assert document.title == "Le pacte signé"
    publication.post(review_url(pact), {"revision": pending_of(pact).pk, "action": "apply"})
    document.refresh_from_db()
    assert document.title == "Le pacte"


def test_the_portrait_of_a_public_person_waits_for_review(redaction, publication):
    from tests.factories import image_bytes, make_image

    portrait = make_image(caption="Avant", content=image_bytes(width=60, height=40))
    person = make_person(portrait=portrait)
    release = make_communique()
    urls = surfaces(person, release, "personnalites")
    before = public_bodies(urls)
    url = reverse("admin:grandest_press_image_change", args=[portrait.pk])
    edit(redaction, url, "image_form", caption="Après")
    assert public_bodies(urls) == before
    portrait.refresh_from_db()
    assert portrait.caption == "Avant"
    publication.post(review_url(portrait), {"revision": pending_of(portrait).pk, "action": "apply"})
    portrait.refresh_from_db()
    assert portrait.caption == "Après"


def test_a_mandate_of_a_public_person_edited_on_its_own_page_waits(redaction):
    mandate = make_mandate(person=make_person(), title="Président")
    edit(redaction, change_url(mandate), "mandate_form", title="Vice-président")
    mandate.refresh_from_db()
    assert mandate.title == "Président"
    assert pending_of(mandate).created_by == redaction.user


def test_a_revision_made_before_a_pact_changed_is_not_applied(redaction, publication):
    pact = make_pact(title="Avant", territories=[make_organisation()])
    make_axis(pact=pact, title="Axe")
    edit(redaction, change_url(pact), "territorialpact_form", title="Proposé")
    edit(publication, change_url(pact), "territorialpact_form", **{"axes-0-title": "Axe revu"})
    publication.post(review_url(pact), {"revision": pending_of(pact).pk, "action": "apply"})
    pact.refresh_from_db()
    assert pact.title == "Avant"
    assert pending_of(pact)
