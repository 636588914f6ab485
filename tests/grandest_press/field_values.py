"""The values of a model instance's fields, to compare objects loaded two ways."""


def fields_of(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}
