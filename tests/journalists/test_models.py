import pytest
from django.core.exceptions import ValidationError

from journalists.models import Journalist, JournalistEmail, Suppression
from tests.factories import (
    make_journalist,
    make_media,
    make_organisation,
    make_recipient_list,
    make_segment,
    make_theme,
)

pytestmark = pytest.mark.django_db


def test_a_segment_keeps_journalists_matching_every_criterion_given():
    culture, sport = make_theme(name="Culture"), make_theme(name="Sport")
    marne = make_organisation(name="Département de la Marne", kind="departement")
    radio = make_media(kind="radio")
    wanted = make_journalist(media=radio, beats=[culture], territories=[marne], languages=["de"])
    make_journalist(media=radio, beats=[sport], territories=[marne], languages=["de"])
    make_journalist(media=make_media(kind="pqr"), beats=[culture], territories=[marne])
    make_journalist(media=radio, beats=[culture], territories=[marne], languages=["fr"])
    segment = make_segment(
        themes=[culture], territories=[marne], media_kinds=["radio"], languages=["de"]
    )
    assert list(segment.members()) == [wanted]


def test_a_segment_criterion_left_empty_does_not_filter():
    culture = make_theme(name="Culture")
    first = make_journalist(beats=[culture], media=make_media(kind="web"))
    second = make_journalist(beats=[culture])
    make_journalist()
    assert set(make_segment(themes=[culture]).members()) == {first, second}


def test_a_segment_territory_matches_the_territories_covered_by_the_media():
    ardennes = make_organisation(name="Département des Ardennes", kind="departement")
    journalist = make_journalist(media=make_media(territories=[ardennes]))
    make_journalist(media=make_media())
    assert list(make_segment(territories=[ardennes]).members()) == [journalist]


def test_a_list_holds_the_journalists_chosen_by_hand():
    chosen = make_journalist()
    make_journalist()
    assert list(make_recipient_list(journalists=[chosen]).members()) == [chosen]


def test_an_address_already_in_the_directory_is_refused_whatever_its_case():
    make_journalist(emails=["claire.martin@lunion.fr"])
    other = make_journalist(emails=[])
    duplicate = JournalistEmail(journalist=other, email="Claire.Martin@LUNION.fr", source="Import")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.message_dict["email"] == ["Cette adresse figure déjà dans l’annuaire."]


def test_an_unsubscribed_address_is_never_mailable_again_even_if_imported_again():
    journalist = make_journalist(emails=["claire.martin@lunion.fr"])
    Suppression.add("claire.martin@lunion.fr", reason=Suppression.Reason.UNSUBSCRIBED)
    journalist.delete()
    make_journalist(emails=["CLAIRE.MARTIN@lunion.fr"])
    assert not JournalistEmail.objects.mailable().exists()
    assert not Journalist.objects.mailable().exists()


def test_the_suppression_list_keeps_no_address_in_clear():
    suppression = Suppression.add("claire.martin@lunion.fr", reason=Suppression.Reason.BOUNCED)
    assert "claire" not in suppression.digest
    assert Suppression.blocks("Claire.Martin@lunion.fr ")
