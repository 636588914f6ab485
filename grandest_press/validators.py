"""Validators shared by the apps: identifiers, uploaded images, and upload limits in words."""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.utils.deconstruct import deconstructible
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def validate_siren(value: str) -> None:
    """A SIREN is 9 digits whose Luhn checksum is valid."""
    compact = re.sub(r"\s", "", value or "")
    if not re.fullmatch(r"\d{9}", compact):
        raise ValidationError(
            _("Le numéro SIREN doit comporter exactement 9 chiffres."), code="siren_format"
        )
    if not luhn_is_valid(compact):
        raise ValidationError(
            _("Ce numéro SIREN n’est pas valide (la clé de contrôle ne correspond pas)."),
            code="siren_checksum",
        )


validate_departement_code = RegexValidator(
    regex=r"^(0[1-9]|1[0-9]|2[1-9]|[3-8][0-9]|9[0-5]|2A|2B|97[1-46])$",
    message=_("Code de département inconnu (exemples : « 51 », « 2A », « 974 »)."),
    code="departement",
)

validate_image_extension = FileExtensionValidator(
    allowed_extensions=["jpg", "jpeg", "png", "webp"],
    message=_("Format d’image non accepté : utilisez JPEG, PNG ou WebP."),
)


# Upload limits, as every message and help text words them. The limits themselves are
# settings (MAX_IMAGE_UPLOAD_SIZE, MAX_IMAGE_PIXELS, MAX_DOCUMENT_UPLOAD_SIZE), in bytes and
# pixels, where 1 Mo is 1 000 000 bytes, as French readers count.

MILLION = 1_000_000


def _millions(value: int, *, at_least: bool) -> str:
    """`value` in millions, written in French: « 30 », « 1,5 », « 10,48576 ».

    A limit is written exactly. A measured amount (`at_least`) is rounded up to the tenth,
    so a file just above « 30 Mo » reads « 30,1 Mo », never « 30 Mo ».
    """
    tenths = -(-value // (MILLION // 10))  # rounded up
    amount = Decimal(tenths) / 10 if at_least else Decimal(value) / MILLION
    integer, _separator, decimals = format(amount.normalize(), "f").partition(".")
    whole = f"{int(integer):,}".replace(",", " ")
    return f"{whole},{decimals}" if decimals else whole


def megabytes(size: int, *, at_least: bool = False) -> str:
    """Bytes in megabytes: « 30 Mo », « 1,5 Mo »."""
    return f"{_millions(size, at_least=at_least)} Mo"


def million_pixels(count: int, *, at_least: bool = False) -> str:
    """Pixels in millions: « 50 millions de pixels », « 1,5 million de pixels »."""
    amount = _millions(count, at_least=at_least)
    noun = "million" if Decimal(amount.replace(" ", "").replace(",", ".")) < 2 else "millions"
    return f"{amount} {noun} de pixels"


def image_size_limit() -> str:
    return megabytes(settings.MAX_IMAGE_UPLOAD_SIZE)


def image_pixel_limit() -> str:
    return million_pixels(settings.MAX_IMAGE_PIXELS)


def document_size_limit() -> str:
    return megabytes(settings.MAX_DOCUMENT_UPLOAD_SIZE)


def image_help_text():
    """The image field's rules, with the limits read when the form is shown."""
    return format_lazy(
        _("JPEG, PNG ou WebP, jusqu’à {size} et {pixels}. {rest}"),
        size=image_size_limit(),
        pixels=image_pixel_limit(),
        rest=_(
            "Les métadonnées (position GPS, appareil, auteur) sont retirées et l’image est "
            "redressée à l’enregistrement."
        ),
    )


def document_help_text():
    return format_lazy(
        _("PDF, Word, Excel, PowerPoint ou OpenDocument, sans macro, jusqu’à {size}."),
        size=document_size_limit(),
    )


FILE_TOO_LARGE = _("Le fichier est trop lourd (%(size)s) : la limite est de %(limit)s.")


def file_too_large(size: int, limit: int, *, message=FILE_TOO_LARGE, code="file_too_large"):
    """The refusal of a `size`-byte upload over `limit`, both sizes in megabytes."""
    return ValidationError(
        message,
        params={"size": megabytes(size, at_least=True), "limit": megabytes(limit)},
        code=code,
    )


@deconstructible
class MaxFileSizeValidator:
    """Refuse files larger than settings.MAX_IMAGE_UPLOAD_SIZE."""

    def __call__(self, file):
        limit = settings.MAX_IMAGE_UPLOAD_SIZE
        if file.size > limit:
            raise file_too_large(file.size, limit)

    def __eq__(self, other):
        return isinstance(other, MaxFileSizeValidator)


# A commune's code in the Code officiel géographique: its département's code, then its
# number in the département (3 digits; 2 in the overseas départements, whose code has 3).
# "51108" (Châlons-en-Champagne), "2A004" (Ajaccio), "97411" (Saint-Denis, La Réunion).
validate_commune_code = RegexValidator(
    regex=r"^((0[1-9]|1[0-9]|2[1-9]|[3-8][0-9]|9[0-5]|2A|2B)(?!000)[0-9]{3}|97[1-46](?!00)[0-9]{2})$",
    message=_(
        "Code commune INSEE invalide : 5 caractères, le code du département puis le numéro "
        "de la commune (exemples : « 51108 », « 2A004 », « 97411 »)."
    ),
    code="commune",
)

# The 18 régions of the Code officiel géographique since 2016 (44: Grand Est).
REGION_CODES = (
    "01", "02", "03", "04", "06", "11", "24", "27", "28",
    "32", "44", "52", "53", "75", "76", "84", "93", "94",
)  # fmt: skip

validate_region_code = RegexValidator(
    regex=rf"^({'|'.join(REGION_CODES)})$",
    message=_("Code de région INSEE inconnu (exemple : « 44 » pour le Grand Est)."),
    code="region",
)
