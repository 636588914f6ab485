import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grandest_press import documents, images
from grandest_press.validators import (
    MaxFileSizeValidator,
    luhn_is_valid,
    megabytes,
    million_pixels,
    validate_commune_code,
    validate_departement_code,
    validate_image_extension,
    validate_region_code,
    validate_siren,
)
from tests.factories import image_bytes, make_staff_user
from tests.html import soup

# Luhn and SIREN


@pytest.mark.parametrize("digits", ["200052264", "246700488", "200067213"])
def test_luhn_accepts_numbers_with_a_valid_check_digit(digits):
    assert luhn_is_valid(digits)


@pytest.mark.parametrize("digits", ["200052265", "246700487", "1"])
def test_luhn_refuses_numbers_with_a_wrong_check_digit(digits):
    assert not luhn_is_valid(digits)


def test_valid_siren_passes():
    assert validate_siren("200052264") is None


@pytest.mark.parametrize("value", ["20005226", "2000522640", "20005226A", "2OOO52264", ""])
def test_siren_that_is_not_nine_digits_is_refused(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_siren(value)

    assert excinfo.value.code == "siren_format"
    assert excinfo.value.messages == ["Le numéro SIREN doit comporter exactement 9 chiffres."]


def test_siren_with_a_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_siren("200052265")

    assert excinfo.value.code == "siren_checksum"
    assert excinfo.value.messages == [
        "Ce numéro SIREN n’est pas valide (la clé de contrôle ne correspond pas)."
    ]


# Département codes


@pytest.mark.parametrize("code", ["01", "08", "51", "67", "88", "95", "2A", "2B", "971", "974"])
def test_departement_code_is_accepted(code):
    assert validate_departement_code(code) is None


@pytest.mark.parametrize("code", ["00", "96", "99", "ab", "2a", "2C", "977", "5", "510", " 51"])
def test_unknown_departement_code_is_refused(code):
    with pytest.raises(ValidationError) as excinfo:
        validate_departement_code(code)

    assert excinfo.value.messages == [
        "Code de département inconnu (exemples : « 51 », « 2A », « 974 »)."
    ]


def test_former_corsica_code_20_is_refused():
    with pytest.raises(ValidationError):
        validate_departement_code("20")


# Commune and région codes (Code officiel géographique)


@pytest.mark.parametrize("code", ["51108", "67482", "01001", "2A004", "2B033", "97411", "97608"])
def test_commune_code_is_accepted(code):
    assert validate_commune_code(code) is None


@pytest.mark.parametrize(
    "code",
    [
        "51000",
        "20004",
        "2C004",
        "2a004",
        "5110",
        "511080",
        "97500",
        "97700",
        "97400",
        "00001",
        "96001",
    ],
)
def test_malformed_commune_code_is_refused(code):
    with pytest.raises(ValidationError) as excinfo:
        validate_commune_code(code)

    assert excinfo.value.code == "commune"
    assert "Code commune INSEE invalide" in excinfo.value.messages[0]


@pytest.mark.parametrize("code", ["44", "11", "94", "06"])
def test_region_code_is_accepted(code):
    assert validate_region_code(code) is None


@pytest.mark.parametrize("code", ["41", "21", "05", "4", "444", "GE"])
def test_former_or_unknown_region_code_is_refused(code):
    with pytest.raises(ValidationError) as excinfo:
        validate_region_code(code)

    assert excinfo.value.messages == [
        "Code de région INSEE inconnu (exemple : « 44 » pour le Grand Est)."
    ]


# Uploaded images


def upload(name="portrait.jpg", *, size):
    return SimpleUploadedFile(name, b"\xff" * size, content_type="image/jpeg")


def test_file_at_the_size_limit_is_accepted(settings):
    settings.MAX_IMAGE_UPLOAD_SIZE = 1_000_000

    assert MaxFileSizeValidator()(upload(size=1_000_000)) is None


def test_file_over_the_size_limit_is_refused(settings):
    settings.MAX_IMAGE_UPLOAD_SIZE = 1_000_000

    with pytest.raises(ValidationError) as excinfo:
        MaxFileSizeValidator()(upload(size=1_000_001))

    assert excinfo.value.code == "file_too_large"


def test_size_error_gives_both_sizes_in_megabytes(settings):
    settings.MAX_IMAGE_UPLOAD_SIZE = 1_000_000

    with pytest.raises(ValidationError) as excinfo:
        MaxFileSizeValidator()(upload(size=2_500_000))

    assert excinfo.value.messages == ["Le fichier est trop lourd (2,5 Mo) : la limite est de 1 Mo."]


# Upload limits in words: one source (the settings), one French form.


@pytest.mark.parametrize(
    ("size", "words"),
    [(30_000_000, "30 Mo"), (2_500_000, "2,5 Mo"), (1_000_000_000, "1 000 Mo")],
)
def test_a_limit_in_bytes_is_written_exactly_in_megabytes(size, words):
    assert megabytes(size) == words


def test_a_measured_size_is_rounded_up_so_it_never_reads_as_the_limit():
    assert megabytes(30_000_001, at_least=True) == "30,1 Mo"


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (50_000_000, "50 millions de pixels"),
        (1_500_000, "1,5 million de pixels"),
        (2_000_000, "2 millions de pixels"),
    ],
)
def test_a_pixel_limit_is_written_in_millions_of_pixels(count, words):
    assert million_pixels(count) == words


def pdf_of_size(size: int) -> ContentFile:
    head, tail = b"%PDF-1.4\n", b"\n%%EOF\n"
    return ContentFile(head + b" " * (size - len(head) - len(tail)) + tail, name="dossier.pdf")


def jpeg_of_size(size: int) -> ContentFile:
    content = image_bytes(width=20, height=20)
    return ContentFile(content + b"\0" * (size - len(content)), name="photo.jpg")


def test_the_default_document_limit_is_30_mo_as_documented():
    with pytest.raises(ValidationError) as error:
        documents.validate_document(pdf_of_size(30_000_001))
    assert error.value.messages == [
        "Le document est trop lourd (30,1 Mo) : la limite est de 30 Mo."
    ]


def test_a_document_exactly_at_the_default_limit_is_accepted():
    assert documents.validate_document(pdf_of_size(30_000_000)) is None


def test_a_document_just_over_a_configured_limit_shows_that_limit(settings):
    settings.MAX_DOCUMENT_UPLOAD_SIZE = 2_500_000
    with pytest.raises(ValidationError) as error:
        documents.validate_document(pdf_of_size(2_500_001))
    assert error.value.messages == [
        "Le document est trop lourd (2,6 Mo) : la limite est de 2,5 Mo."
    ]


def test_a_document_exactly_at_a_configured_limit_is_accepted(settings):
    settings.MAX_DOCUMENT_UPLOAD_SIZE = 2_500_000
    assert documents.validate_document(pdf_of_size(2_500_000)) is None


def test_the_default_image_limit_is_10_mo_as_documented():
    with pytest.raises(ValidationError) as error:
        images.sanitize(jpeg_of_size(10_000_001))
    assert error.value.messages == ["Le fichier est trop lourd (10,1 Mo) : la limite est de 10 Mo."]


def test_an_image_just_over_a_configured_size_limit_shows_that_limit(settings):
    settings.MAX_IMAGE_UPLOAD_SIZE = 1_500_000
    with pytest.raises(ValidationError) as error:
        images.sanitize(jpeg_of_size(1_500_001))
    assert error.value.messages == ["Le fichier est trop lourd (1,6 Mo) : la limite est de 1,5 Mo."]


def test_an_image_exactly_at_a_configured_size_limit_is_accepted(settings):
    settings.MAX_IMAGE_UPLOAD_SIZE = 1_500_000
    assert images.sanitize(jpeg_of_size(1_500_000)).width == 20


def test_an_image_just_over_the_pixel_limit_shows_that_limit(settings):
    settings.MAX_IMAGE_PIXELS = 1_500_000
    with pytest.raises(ValidationError) as error:
        images.sanitize(ContentFile(image_bytes(width=1501, height=1000), name="photo.jpg"))
    assert error.value.messages == [
        "L’image est trop grande (1,6 million de pixels) : la limite est de "
        "1,5 million de pixels. Réduisez-la avant de l’envoyer."
    ]


def test_an_image_exactly_at_the_pixel_limit_is_accepted(settings):
    settings.MAX_IMAGE_PIXELS = 1_500_000
    image = images.sanitize(ContentFile(image_bytes(width=1500, height=1000), name="photo.jpg"))
    assert image.width * image.height == 1_500_000


@pytest.mark.django_db
def test_the_image_form_states_the_configured_limits(client, settings):
    settings.MAX_IMAGE_UPLOAD_SIZE = 2_500_000
    settings.MAX_IMAGE_PIXELS = 40_000_000
    client.force_login(make_staff_user(group="Rédaction"))
    response = client.get(reverse("admin:grandest_press_image_add"))
    help_text = soup(response).select_one("#id_file_helptext").get_text(" ", strip=True)
    assert "jusqu’à 2,5 Mo et 40 millions de pixels" in help_text


@pytest.mark.django_db
def test_the_document_forms_state_the_configured_limit(client, settings):
    settings.MAX_DOCUMENT_UPLOAD_SIZE = 20_000_000
    client.force_login(make_staff_user(superuser=True))
    for url_name in ("admin:communiques_communique_add", "admin:partners_territorialpact_add"):
        response = client.get(reverse(url_name))
        assert "sans macro, jusqu’à 20 Mo." in response.content.decode(), url_name


def test_size_validators_compare_equal_so_migrations_stay_stable():
    assert MaxFileSizeValidator() == MaxFileSizeValidator()


@pytest.mark.parametrize("name", ["portrait.jpg", "portrait.JPEG", "logo.png", "photo.webp"])
def test_image_extension_is_accepted(name):
    assert validate_image_extension(upload(name, size=10)) is None


@pytest.mark.parametrize("name", ["animation.gif", "logo.svg", "document.pdf", "portrait"])
def test_other_file_extension_is_refused(name):
    with pytest.raises(ValidationError) as excinfo:
        validate_image_extension(upload(name, size=10))

    assert excinfo.value.messages == ["Format d’image non accepté : utilisez JPEG, PNG ou WebP."]
