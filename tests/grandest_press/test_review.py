"""Pending revisions as stored: the live state's fingerprint, the data, private files."""

import pytest
from django.core.files.base import ContentFile

from communiques.models import Communique
from grandest_press.review import PendingRevision, PendingRevisionFile, fingerprint, is_live
from tests.factories import make_communique

pytestmark = pytest.mark.django_db


def test_fingerprint_follows_edits_not_what_the_site_derives():
    communique = make_communique()
    before = fingerprint(communique)
    Communique.objects.filter(pk=communique.pk).update(search_text="index recalculé")
    communique.refresh_from_db()
    assert fingerprint(communique) == before
    communique.lede = "Un autre chapeau."
    assert fingerprint(communique) != before


def test_only_published_or_scheduled_releases_are_live():
    assert is_live(make_communique(published=True))
    assert not is_live(make_communique(published=False))


def test_post_data_gives_the_form_its_lists_and_the_reviewers_overrides():
    communique = make_communique()
    revision = PendingRevision(
        content_object=communique, data={"themes": ["1", "2"], "correction_note": ["Avant"]}
    )
    data = revision.post_data(correction_note="Après")
    assert data.getlist("themes") == ["1", "2"]
    assert data.getlist("correction_note") == ["Après"]


def test_proposed_files_are_private(settings):
    communique = make_communique()
    revision = PendingRevision.objects.create(
        content_object=communique, object_repr=str(communique), base_fingerprint="x"
    )
    kept = PendingRevisionFile(revision=revision, field_name="file", original_name="dp.pdf")
    kept.file.save("dp.pdf", ContentFile(b"%PDF-1.4"), save=True)
    assert kept.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    with pytest.raises(ValueError, match="private"):
        kept.file.url  # noqa: B018
    [upload] = revision.uploaded_files().getlist("file")
    assert (upload.name, upload.read()) == ("dp.pdf", b"%PDF-1.4")
