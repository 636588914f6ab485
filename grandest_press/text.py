"""Accent folding, the one helper for comparing French names and words.

Search, the importer's matcher and its e-mail reader all compare text "without accents
or capitals", but they need different things from punctuation:

- search keeps every character in place (one character for one), because it finds a
  match in the folded text and highlights the same span of the original;
- names are compared word by word: "Châlons-en-Champagne", "Chalons en Champagne" and
  "CHÂLONS  EN CHAMPAGNE" are one name (`separator=" "`);
- an e-mail address glues the words of a name together: "Jean-Pierre Mâlon" is
  "jeanpierre" and "malon" inside "jeanpierre.malon@…" (`separator=""`).
"""

import re
import unicodedata

_NOT_A_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def strip_accents(text: str | None) -> str | None:
    """`text` without its diacritics, one character for one; None stays None (SQL NULL)."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if not unicodedata.combining(char))
    )


def fold(text: str | None, *, separator: str | None = None) -> str:
    """Lower-case `text` without accents: "Châlons" → "chalons".

    With `separator`, every run of characters that are neither letters nor digits
    (spaces, hyphens, apostrophes, punctuation) becomes `separator`, and none is left
    at either end: `fold("L’Agglo de Châlons-en-Champagne", separator=" ")` is
    "l agglo de chalons en champagne".
    """
    folded = strip_accents(text or "").lower()
    if separator is None:
        return folded
    return _NOT_A_LETTER_OR_DIGIT.sub(separator, folded).strip(separator)
