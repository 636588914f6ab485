"""Read an uploaded release: refuse binary and empty files, try UTF-8 then cp1252."""


class ImportTextError(ValueError):
    """Input that cannot become a draft; the message is for the press officer."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise ImportTextError with a French message."""
    if not data or not data.strip():
        raise ImportTextError("Le fichier est vide : aucun communiqué à importer.")
    if b"\x00" in data or _control_ratio(data) > 0.05:
        raise ImportTextError(
            "Le fichier semble binaire (image, PDF, traitement de texte…) : "
            "importez un texte brut .txt ou .md."
        )
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252 (cp1252)"
    except UnicodeDecodeError as error:
        raise ImportTextError(
            "Encodage non reconnu (ni UTF-8 ni Windows-1252) : "
            "enregistrez le fichier en UTF-8 et recommencez."
        ) from error


def _control_ratio(data: bytes) -> float:
    controls = sum(1 for byte in data if byte < 32 and byte not in (9, 10, 13, 12))
    return controls / len(data)
