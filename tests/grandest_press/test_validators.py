import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from grandest_press.validators import (
    MaxFileSizeValidator,
    luhn_is_valid,
    validate_commune_code,
    validate_departement_code,
    validate_image_extension,
    validate_region_code,
    validate_siren,
)

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
