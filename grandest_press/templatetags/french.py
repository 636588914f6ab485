"""Template filters for French dates, typography and phone numbers."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from phonenumber_field.phonenumber import PhoneNumber

from grandest_press import typography

register = template.Library()


@register.filter
def date_fr(value, arg="weekday"):
    """{{ d|date_fr }} → "jeudi 5 septembre 2019"; {{ d|date_fr:"short" }} → "5 septembre 2019"."""
    return typography.french_date(value, weekday=arg != "short")


@register.filter
def time_fr(value):
    """{{ dt|time_fr }} → "11 h 30"."""
    return typography.french_time(value) if value else ""


@register.filter(needs_autoescape=True)
def typo(value, autoescape=True):
    """French spacing and apostrophes on plain text, escaped."""
    escape = conditional_escape if autoescape else str
    return mark_safe(escape(typography.french_typography(str(value or ""))))


# Not `if number`: a PhoneNumber's truth is the length of its formatted text, so testing
# it would format the number once more.


@register.filter
def phone_fr(number):
    """ "06 84 80 11 48" from a stored PhoneNumber."""
    return number.as_national.replace(" ", typography.NBSP) if _is_number(number) else ""


@register.filter
def phone_uri(number):
    """ "tel:+33684801148" from a stored PhoneNumber."""
    return f"tel:{number.as_e164}" if _is_number(number) else ""


def _is_number(value) -> bool:
    return isinstance(value, PhoneNumber)
