"""Validators shared by the apps: identifiers and uploaded images."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.utils.deconstruct import deconstructible
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


@deconstructible
class MaxFileSizeValidator:
    """Refuse files larger than settings.MAX_IMAGE_UPLOAD_SIZE."""

    def __call__(self, file):
        limit = settings.MAX_IMAGE_UPLOAD_SIZE
        if file.size > limit:
            raise ValidationError(
                _("Le fichier est trop lourd (%(size)s Mo) : la limite est de %(limit)s Mo."),
                params={
                    "size": f"{file.size / 1_000_000:.1f}".replace(".", ","),
                    "limit": f"{limit / 1_000_000:.0f}",
                },
                code="file_too_large",
            )

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
