"""Import the text of a press release as a draft.

`decoding`, `french_dates` and `parsing` turn the text into an unsaved structure: pure
functions, no database. `matching`, `parties` and `writer` save it as a draft and
`report` says what was done; `communiques.services.import_communique_text` runs them
in one transaction.
"""

from communiques.importer.decoding import ImportTextError, decode_bytes
from communiques.importer.parsing import ParsedCommunique, parse_communique

__all__ = ["ImportTextError", "ParsedCommunique", "decode_bytes", "parse_communique"]
