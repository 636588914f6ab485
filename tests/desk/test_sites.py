"""The admin's home page is the desk: the work waiting for each user, one click from it."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from communiques.models import PreviewLink
from desk.models import NotificationSettings
from grandest_press.models import PendingRevision
from tests.factories import make_communique, make_image, make_staff_user
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def submit(communique, user):
    communique.submit_for_review(by=user)


def propose_change(obj, user):
    """A change to live `obj` waiting for review, as the admin records it."""
    return PendingRevision.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
        object_repr=str(obj),
        base_fingerprint="0" * 64,
        created_by=user,
    )


def section(page, heading_id):
    return page.select_one(f'section[aria-labelledby="{heading_id}"]')


def test_to_review_lists_who_submitted_with_links_to_review_and_publish(client):
    author = make_staff_user(group="Rédaction", username="claire")
    communique = make_communique(published=False, title="Le pacte de Chaumont est signé")
    submit(communique, author)
    client.force_login(make_staff_user(group="Publication"))

    page = soup(client.get(reverse("admin:index")))

    to_review = section(page, "a-relire")
    assert "Le pacte de Chaumont est signé" in text_of(to_review)
    assert "claire" in text_of(to_review)
    links = {a["href"] for a in to_review.select("a")}
    assert reverse("admin:communiques_communique_change", args=[communique.pk]) in links
    assert (
        reverse("admin:communiques_communique_transition", args=[communique.pk, "publish"]) in links
    )


def test_redaction_is_not_offered_to_publish_from_the_desk(client):
    communique = make_communique(published=False)
    submit(communique, make_staff_user(group="Rédaction"))
    client.force_login(make_staff_user(group="Rédaction"))

    page = soup(client.get(reverse("admin:index")))

    hrefs = {a["href"] for a in section(page, "a-relire").select("a")}
    assert (
        reverse("admin:communiques_communique_transition", args=[communique.pk, "publish"])
        not in hrefs
    )


def test_scheduled_releases_split_between_today_and_the_week(client):
    now = timezone.localtime()
    later_today = now.replace(hour=23, minute=59)
    if later_today <= now + datetime.timedelta(minutes=1):
        pytest.skip("Trop près de minuit pour programmer aujourd’hui.")
    make_communique(title="Levée ce soir", published_at=later_today)
    make_communique(title="Levée dans trois jours", published_at=now + datetime.timedelta(days=3))
    make_communique(title="Levée dans un mois", published_at=now + datetime.timedelta(days=30))
    client.force_login(make_staff_user(group="Publication"))

    text = text_of(section(soup(client.get(reverse("admin:index"))), "programmes"))

    today, _, week = text.partition("Les sept jours suivants")
    assert "Levée ce soir" in today
    assert "Levée dans trois jours" in week
    assert "Levée dans un mois" not in text


def test_my_drafts_are_mine_only(client):
    me = make_staff_user(group="Rédaction")
    make_communique(published=False, title="Mon brouillon", created_by=me)
    make_communique(published=False, title="Le brouillon d’un collègue")
    client.force_login(me)

    text = text_of(section(soup(client.get(reverse("admin:index"))), "mes-brouillons"))

    assert "Mon brouillon" in text
    assert "collègue" not in text


def test_preview_openings_by_journalists_not_robots(client):
    communique = make_communique(published_at=timezone.now() + datetime.timedelta(days=2))
    link = PreviewLink.objects.create(
        communique=communique, recipient_name="Paul Durand", outlet="L’Union", email="p@union.fr"
    )
    link.record_opening(user_agent="Firefox")
    robot_link = PreviewLink.objects.create(
        communique=communique, recipient_name="Robot Slack", email="r@example.fr"
    )
    robot_link.record_opening(user_agent="Slackbot", by_robot=True)
    client.force_login(make_staff_user(group="Publication"))

    text = text_of(section(soup(client.get(reverse("admin:index"))), "ouvertures"))

    assert "Paul Durand (L'Union)" in text
    assert "Robot Slack" not in text


def test_every_model_stays_one_click_away(client):
    client.force_login(make_staff_user(group="Publication"))

    page = soup(client.get(reverse("admin:index")))
    models_page = client.get(reverse("admin:models"))

    assert page.select_one(f'a[href="{reverse("admin:models")}"]')
    assert models_page.status_code == 200
    assert soup(models_page).select_one(
        f'a[href="{reverse("admin:communiques_communique_changelist")}"]'
    )


def test_desk_query_count_does_not_grow_with_releases(client, django_assert_max_num_queries):
    user = make_staff_user(group="Publication")
    client.force_login(user)
    author = make_staff_user(group="Rédaction")
    for _ in range(3):
        submit(make_communique(published=False, created_by=user), user)
        propose_change(make_communique(), author)
        propose_change(make_image(), author)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("admin:index"))
    for _ in range(12):
        submit(make_communique(published=False, created_by=user), user)
        make_communique(published=False, created_by=user)
        propose_change(make_communique(), author)
        propose_change(make_image(), author)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("admin:index"))


def test_publication_sees_every_pending_change_one_click_from_its_review(client):
    author = make_staff_user(group="Rédaction", username="claire.martin")
    release = make_communique(title="Signature du POCE")
    image = make_image(caption="Vue de Châlons")
    propose_change(release, author)
    propose_change(image, author)
    client.force_login(make_staff_user(group="Publication"))

    rows = section(soup(client.get(reverse("admin:index"))), "modifications-en-attente").select(
        "tbody tr"
    )

    assert [text_of(row.th) for row in rows] == [
        "Communiqué « Signature du POCE »",
        f"Image « {image} »",
    ]
    assert "claire.martin" in text_of(rows[0])
    assert rows[0].select_one(
        f'a[href="{reverse("admin:communiques_communique_pending_revision", args=[release.pk])}"]'
    )
    assert rows[1].select_one(
        f'a[href="{reverse("admin:grandest_press_image_pending_revision", args=[image.pk])}"]'
    )


def test_an_author_sees_their_own_pending_changes_only_with_a_link_to_withdraw(client):
    author = make_staff_user(group="Rédaction")
    mine, theirs = make_communique(title="Ma correction"), make_communique(title="La sienne")
    propose_change(mine, author)
    propose_change(theirs, make_staff_user(group="Rédaction"))
    client.force_login(author)

    pending = section(soup(client.get(reverse("admin:index"))), "modifications-en-attente")

    assert [text_of(row.th) for row in pending.select("tbody tr")] == [
        "Communiqué « Ma correction »"
    ]
    change = reverse("admin:communiques_communique_change", args=[mine.pk])
    assert [a["href"] for a in pending.select("tbody a")] == [change, change]
    assert "Voir ou retirer" in text_of(pending)


def test_no_pending_change_says_so(client):
    client.force_login(make_staff_user(group="Publication"))

    pending = section(soup(client.get(reverse("admin:index"))), "modifications-en-attente")

    assert "Aucune modification de contenu en ligne n'attend de relecture." in text_of(pending)


def test_a_user_turns_a_notification_off(client):
    user = make_staff_user(group="Publication")
    client.force_login(user)

    response = client.post(
        reverse("admin:notification-settings"), {"returns": "on", "applied_changes": "on"}
    )

    assert response.status_code == 302
    settings = NotificationSettings.objects.get(user=user)
    assert (settings.review_requests, settings.returns, settings.applied_changes) == (
        False,
        True,
        True,
    )
    assert not NotificationSettings.wants(user, "review_requests")


def test_without_settings_every_notification_is_on(client):
    user = make_staff_user(group="Publication")
    client.force_login(user)

    page = soup(client.get(reverse("admin:notification-settings")))

    assert page.select_one("#id_review_requests").has_attr("checked")
    assert page.select_one("#id_applied_changes").has_attr("checked")
    assert "Quand une modification que j'ai proposée est publiée" in text_of(page)
    assert not NotificationSettings.objects.exists()
