"""Turn the text of a press release into a structured, unsaved draft.

Pure functions only: no database here. `communiques.services` matches and saves.
"""

from communiques.importer.decoding import ImportTextError, decode_bytes
from communiques.importer.parsing import ParsedCommunique, parse_communique

__all__ = ["ImportTextError", "ParsedCommunique", "decode_bytes", "parse_communique"]
