"""The Jinja2 environment of the public pages (templates/jinja2/).

Why Jinja2 there: a release page spent ~9 ms in Django's template engine, more than
on its data, and a list page nearly all of its ~34 ms; Jinja2 compiles templates to
Python and renders the same pages several times faster. The admin keeps Django's
templates. The filters are the ones of grandest_press/templatetags, so both engines
write dates, typography and phone numbers the same way.
"""

from django.template import defaultfilters
from django.templatetags.static import static
from django.utils.timezone import template_localtime
from jinja2 import ChainableUndefined, Environment, pass_context
from markupsafe import escape

from grandest_press.links import reverse
from grandest_press.templatetags import french, media, seo
from grandest_press.typography import french_typography


def url(name, *args, **kwargs):
    """{{ url("communiques:detail", slug=communique.slug) }}, as {% url %}."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


@pass_context
def absolute_url(context, path):
    """{{ absolute_url(communique.get_absolute_url()) }}: "https://presse.example/…",
    with the scheme and host the page was requested at."""
    return context["request"].build_absolute_uri(path)


def querystring(request, **changes):
    """The current query string with `changes` applied, as {% querystring %}:
    "?theme=economie&page=2" (a None value removes the key)."""
    query = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return f"?{query.urlencode()}"


def typo(value):
    """French spacing and apostrophes, escaped as Jinja2 escapes everything else."""
    return escape(french_typography(str(value or "")))


def truncatewords(value, length):
    """Django's truncatewords (whitespace collapsed, " …" when cut), without its lazy
    string machinery: a list page truncates twenty ledes."""
    words = str(value).split()
    if len(words) > length:
        return " ".join(words[:length]) + " …"
    return " ".join(words)


def datetime_attr(value):
    """ "2019-09-05T11:30:00+0200", for <time datetime>: the site's time zone, as
    Django's date filter "Y-m-d\\TH:i:sO" writes it, at a tenth of its cost."""
    return template_localtime(value).strftime("%Y-%m-%dT%H:%M:%S%z") if value else ""


def date(value, arg=None):
    """Django's date filter, in the site's time zone as Django's templates show
    datetimes (Europe/Paris): "2019-09-05T11:30:00+0200", not the stored UTC."""
    return defaultfilters.date(template_localtime(value), arg)


def public(records, attribute=None):
    """The records of a loaded list the public may see: `pacts|public`, or with
    `attribute` those whose related record is public: `signatures|public("pact")`.
    A pact, person or organisation says it through its is_public()."""
    if attribute is None:
        return [record for record in records if record.is_public()]
    return [record for record in records if getattr(record, attribute).is_public()]


def environment(**options):
    # Like Django's templates: a missing attribute, even deep, renders as nothing
    # (in development too, where Django would pick DebugUndefined).
    options["undefined"] = ChainableUndefined
    env = Environment(**options)
    env.globals.update(
        url=url,
        absolute_url=absolute_url,
        static=static,
        querystring=querystring,
        responsive_image=media.render_responsive_image,
    )
    env.filters.update(
        typo=typo,
        datetime_attr=datetime_attr,
        date_fr=french.date_fr,
        time_fr=french.time_fr,
        phone_fr=french.phone_fr,
        phone_uri=french.phone_uri,
        file_size=media.file_size,
        json_ld=seo.json_ld,
        date=date,
        pluralize=defaultfilters.pluralize,
        truncatewords=truncatewords,
        public=public,
        floatformat=defaultfilters.floatformat,
        urlencode=defaultfilters.urlencode,
    )
    return env
