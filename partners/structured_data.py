"""JSON-LD of a person page (schema.org Person)."""

from django.utils import timezone


def person(person, request) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.full_name,
        "givenName": person.first_name,
        "familyName": person.last_name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
    }
    if current := person.mandate_on(timezone.localdate()):
        data["jobTitle"] = current.role_label
        organisation = current.organisation
        data["worksFor"] = {"@type": "Organization", "name": organisation.name}
        if organisation.is_public():  # no address of a page the public cannot open
            data["worksFor"]["url"] = request.build_absolute_uri(organisation.get_absolute_url())
    if person.bio:
        data["description"] = person.bio
    return data
