"""The review screens in a real browser: axe-core finds nothing on the change form of an
incomplete draft, of a release with a pending change, and on the review page."""

import pytest
from django.test import Client
from django.urls import reverse

from grandest_press.models import PendingRevision
from tests.communiques.test_pending_revisions import edit, review_url
from tests.communiques.workflow_states import change_url
from tests.e2e.conftest import axe_violations
from tests.e2e.test_accessibility import log_in
from tests.factories import make_communique, make_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_review_screens_have_no_unexplained_axe_violation(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    incomplete = make_communique(published=False, complete=False, lede="", body="")
    # No inline rows: the tabular inlines' unlabelled cells are the release form's own
    # (checked with the admin screens), not the review panel's.
    live = make_communique(title="Signature du POCE", complete=False)
    proposer = Client()
    proposer.force_login(make_staff_user(group="Rédaction"))
    edit(
        proposer,
        change_url(live),
        "communique_form",
        title="Signature du POCE de Châlons",
        minor_change="on",
    )
    assert PendingRevision.objects.count() == 1
    log_in(page, make_staff_user(group="Publication"))
    violations = {}
    for name, url in {
        "brouillon-incomplet": change_url(incomplete),
        "publier-incomplet": reverse(
            "admin:communiques_communique_transition", args=[incomplete.pk, "publish"]
        ),
        "communique-avec-modification": change_url(live),
        "relecture": review_url(live),
        "liste-des-modifications": reverse("admin:grandest_press_pendingrevision_changelist"),
    }.items():
        response = page.goto(url)
        assert response.status == 200, name
        if found := axe_violations(page):
            violations[name] = found
    assert violations == {}
