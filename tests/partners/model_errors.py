"""Reading the messages of a ValidationError, for the partners' model tests."""

from django.core.exceptions import NON_FIELD_ERRORS


def errors_on(excinfo, field=NON_FIELD_ERRORS) -> list[str]:
    return excinfo.value.message_dict.get(field, [])
