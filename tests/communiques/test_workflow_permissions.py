"""Editorial workflow: who may do which transition, over HTTP, and which
workflow links and admin pages each role is offered."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communiques.models import CommuniqueEvent
from tests.communiques.workflow_states import make_in_state, state_of, transition_url
from tests.factories import make_staff_user
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db


def future_paris(days=2, hour=11):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def transition_data(name):
    if name == "schedule":
        at = future_paris()
        return {"at_0": at.strftime("%Y-%m-%d"), "at_1": at.strftime("%H:%M")}
    if name == "withdraw":
        return {"reason": "Le pacte n’a finalement pas été signé."}
    return {}


# (transition, starting state, state expected after it)
TRANSITIONS = [
    ("submit", "draft", "review"),
    ("draft", "review", "draft"),
    ("publish", "review", "published"),
    ("schedule", "draft", "scheduled"),
    ("draft", "scheduled", "draft"),
    ("withdraw", "published", "withdrawn"),
    ("draft", "withdrawn", "draft"),
]
ALLOWED = {
    "Rédaction": {("submit", "draft"), ("draft", "review")},
    "Publication": {(name, start) for name, start, _ in TRANSITIONS},
}


@pytest.mark.parametrize("group", ["Rédaction", "Publication"])
@pytest.mark.parametrize(("name", "start", "end"), TRANSITIONS)
def test_permission_matrix_over_http(client, group, name, start, end):
    user = make_staff_user(group=group)
    client.force_login(user)
    communique = make_in_state(start)

    response = client.post(transition_url(communique, name), transition_data(name))

    if (name, start) in ALLOWED[group]:
        assert response.status_code == 302
        assert state_of(communique) == end
        event = CommuniqueEvent.objects.get(communique=communique)
        assert event.user == user
    else:
        assert response.status_code == 403
        assert state_of(communique) == start
        assert not CommuniqueEvent.objects.exists()


def test_anonymous_cannot_reach_a_transition(client):
    communique = make_in_state("draft")
    response = client.post(transition_url(communique, "publish"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert state_of(communique) == "draft"


def test_superuser_may_do_everything(client):
    client.force_login(make_staff_user(superuser=True))
    communique = make_in_state("draft")
    client.post(transition_url(communique, "publish"))
    assert state_of(communique) == "published"


def test_change_form_offers_only_allowed_transitions(client):
    client.force_login(make_staff_user(group="Rédaction"))
    draft = make_in_state("draft")
    response = client.get(reverse("admin:communiques_communique_change", args=[draft.pk]))
    links = {a["href"] for a in soup(response).select(".object-tools a")}
    assert transition_url(draft, "submit") in links
    assert transition_url(draft, "publish") not in links


# The workflow links of a release's change form, by group and state.
OFFERED = {
    "Rédaction": {
        "draft": ["Soumettre à relecture"],
        "review": ["Repasser en brouillon"],
        "scheduled": [],
        "published": [],
        "withdrawn": [],
    },
    "Publication": {
        "draft": ["Soumettre à relecture", "Publier maintenant", "Programmer"],
        "review": ["Repasser en brouillon", "Publier maintenant", "Programmer"],
        "scheduled": ["Publier maintenant", "Programmer", "Repasser en brouillon"],
        "published": ["Retirer"],
        "withdrawn": ["Repasser en brouillon"],
    },
}


@pytest.mark.parametrize("group", ["Rédaction", "Publication"])
@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "published", "withdrawn"])
def test_change_form_shows_only_the_workflow_links_the_group_may_use(client, group, state):
    client.force_login(make_staff_user(group=group))
    communique = make_in_state(state)
    response = client.get(reverse("admin:communiques_communique_change", args=[communique.pk]))
    tools = [a.get_text(strip=True) for a in soup(response).select(".object-tools a")]
    workflow = [
        label for label in tools if label in {t for ts in OFFERED[group].values() for t in ts}
    ]
    assert workflow == OFFERED[group][state]


@pytest.mark.parametrize(("group", "offered"), [("Rédaction", False), ("Publication", True)])
def test_change_list_offers_the_publish_action_only_to_publishers(client, group, offered):
    client.force_login(make_staff_user(group=group))
    make_in_state("review")
    response = client.get(reverse("admin:communiques_communique_changelist"))
    actions = [
        option.get_text(strip=True) for option in soup(response).select("[name=action] option")
    ]
    assert ("Publier maintenant" in actions) is offered


@pytest.mark.parametrize("name", ["publish", "schedule", "withdraw"])
def test_redaction_opening_a_publishing_url_gets_a_french_refusal_without_a_button(client, name):
    client.force_login(make_staff_user(group="Rédaction"))
    communique = make_in_state("published" if name == "withdraw" else "review")
    response = client.get(transition_url(communique, name))
    assert response.status_code == 403
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Action non autorisée"
    assert "réservé au groupe « Publication »" in page_text(response)
    assert not page.select("#content-main form, #content-main [type=submit]")
    assert page.select_one(f'#content-main a[href="{reverse("admin:index")}"]')


WORKFLOW_ADMIN_URLS = {
    "calendar": lambda c: reverse("admin:communiques_communique_calendar"),
    "staff-preview": lambda c: reverse("admin:communiques_communique_preview", args=[c.pk]),
    "history": lambda c: reverse("admin:communiques_communique_history", args=[c.pk]),
    "recover-list": lambda c: reverse("admin:communiques_communique_recoverlist"),
    "journal": lambda c: reverse("admin:communiques_communiqueevent_changelist"),
    "submit-form": lambda c: reverse(
        "admin:communiques_communique_transition", args=[c.pk, "submit"]
    ),
}


@pytest.mark.parametrize("url_name", WORKFLOW_ADMIN_URLS)
@pytest.mark.parametrize("role", ["anonyme", "Rédaction", "Publication", "superuser"])
def test_workflow_admin_pages_by_role(client, role, url_name):
    communique = make_in_state("draft")
    if role == "superuser":
        client.force_login(make_staff_user(superuser=True))
    elif role != "anonyme":
        client.force_login(make_staff_user(group=role))
    response = client.get(WORKFLOW_ADMIN_URLS[url_name](communique))
    if role == "anonyme":
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    else:
        assert response.status_code == 200
