"""The read-only JSON API (/api/v1/), its OpenAPI 3.1 schema and its errors.

Every read goes through opendata.datasets, which starts from what the public pages
show. Answers carry an ETag (ConditionalGetMiddleware answers If-None-Match with a
304); CORS, the rate limit and unknown addresses are opendata.middleware's.
"""

import hashlib
import json

from django import forms
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import http_date, urlencode
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from communiques import search
from communiques.filters import CommuniqueFilterForm
from communiques.models import Communique
from grandest_press import response_cache
from opendata import datasets, problems, records, schemas
from opendata.cursors import InvalidCursor, Keyset, page

DEFAULT_LIMIT = 20
CACHE_TIMEOUT = 600
# Part of the key of a kept page: change it with the kept value's shape, so that a
# new release of the code never reads a page kept by the previous one.
PAGE_FORMAT = "v1"
MAX_LIMIT = 100

# The public order (Communique.Meta.ordering), then the key in the direction of the
# index that serves published() in that order (communique_public_order_idx).
RELEASE_ORDER = Keyset("-published_at", "-created_at", "id")
ID_ORDER = Keyset("id")


class ReleaseFilterForm(CommuniqueFilterForm):
    """The public list's filters, where any year is a filter (an empty page for a year
    without releases, not an error)."""

    annee = forms.IntegerField(required=False, min_value=1900, max_value=9000)


class FrenchJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class OpenDataAPI(NinjaAPI):
    def get_root_path(self, path_params):
        return reverse("opendata:api:api-root", kwargs=path_params)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Ninja's schema, with errors documented as problem details and the answers
        every operation may give (400, 429)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        problem = {"$ref": "#/components/schemas/Problem"}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                for status, description in (
                    ("400", "Paramètre invalide."),
                    ("429", "Trop de requêtes : réessayez après Retry-After secondes."),
                ):
                    responses.setdefault(status, {"description": description})
                for status, response in responses.items():
                    if int(status) >= 400:
                        response["content"] = {"application/problem+json": {"schema": problem}}
        schema["components"]["schemas"].setdefault("Problem", schemas.Problem.model_json_schema())
        return schema


api = OpenDataAPI(
    title="API des données ouvertes de l’espace presse de la Région Grand Est",
    version="1.0.0",
    description=(
        "Communiqués de presse publiés, invitations presse, pactes territoriaux et leurs "
        "signataires, personnalités et leurs mandats, organisations et territoires, thèmes, "
        "contacts presse. Lecture seule, sans authentification ; données sous Licence "
        "Ouverte / Etalab 2.0."
    ),
    urls_namespace="api",
    docs_url=None,
    renderer=FrenchJSONRenderer(),
)

ERRORS = {400: schemas.Problem, 404: schemas.Problem}


def absolute_builder(request):
    return request.build_absolute_uri


def paginated(request, queryset, keyset, cursor, limit, record, count=None):
    """One page of `queryset` as the API gives it. `count`: how many there are, when
    it is known already."""
    records, next_cursor = page(queryset, keyset, cursor, limit)
    absolute = absolute_builder(request)
    next_url = None
    if next_cursor:
        query = request.GET.copy()
        query["curseur"] = next_cursor
        next_url = absolute(f"{request.path}?{query.urlencode()}")
    return {
        "nombre": queryset.count() if count is None else count,
        "suivant": next_url,
        "resultats": [record(obj, absolute) for obj in records],
    }


def link_next(response, data):
    """The next page in a Link header too (RFC 8288), as many clients follow it."""
    if data["suivant"]:
        response["Link"] = f'<{data["suivant"]}>; rel="next"'
    return response


Cursor = Query(None, alias="curseur", description="Le curseur de la page (champ « suivant »).")
Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, alias="limite", description="Taille de page.")


@api.get(
    "/communiques/",
    response={200: schemas.page_of(schemas.ReleaseSummary), **ERRORS},
    url_name="release-list",
    summary="Communiqués publiés",
    tags=["communiqués"],
)
def release_list(
    request,
    theme: str | None = Query(None, description="Slug d’un thème."),
    annee: int | None = Query(None, description="Année de publication."),
    mois: int | None = Query(None, ge=1, le=12, description="Mois de publication (1 à 12)."),
    organisation: str | None = Query(
        None, description="Slug d’une organisation ou d’un territoire citée, signataire…"
    ),
    pacte: str | None = Query(None, description="Slug d’un pacte."),
    kind: str | None = Query(None, alias="type", description="Slug d’un type de pacte."),
    personne: str | None = Query(None, description="Slug d’une personnalité citée ou signataire."),
    q: str | None = Query(None, description="Recherche plein texte (mots, « expression »)."),
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Les communiqués publiés, du plus récent au plus ancien, avec les mêmes filtres
    que la liste publique. Avec `q`, seuls les communiqués qui contiennent les mots
    cherchés (au plus les 1 000 plus récents)."""
    chosen = {
        "theme": theme,
        "annee": annee,
        "mois": mois,
        "organisation": organisation,
        "pacte": pacte,
        "type": kind,
        "personne": personne,
    }
    chosen = {name: str(value) for name, value in chosen.items() if value is not None}
    form = ReleaseFilterForm(chosen) if chosen else None
    if form is not None and not form.is_valid():
        errors = [
            {"parametre": name, "message": str(message)}
            for name, messages in form.errors.items()
            for message in messages
        ]
        raise FilterError(errors)
    if q is not None and q.strip():
        chosen["q"] = q

    def releases():
        queryset = datasets.public_releases()
        if "q" in chosen:
            found = search.search_communiques(queryset, search.parse_query(q))
            queryset = queryset.filter(pk__in=found.releases.values("pk"))
        return queryset if form is None else form.filter(queryset)

    def count():
        return releases().count()

    def compute():
        # Counted once per content generation and set of filters, as the public list is.
        filters = hashlib.sha256(urlencode(sorted(chosen.items())).encode()).hexdigest()
        known = response_cache.generation_cached(
            f"api-release-count:{filters}", count, CACHE_TIMEOUT
        )
        data = paginated(
            request,
            datasets.release_list(releases()),
            RELEASE_ORDER,
            cursor,
            limit,
            records.release_summary,
            count=known,
        )
        # Kept as the bytes sent: a hit neither unpickles nor serialises 100 records.
        return {"body": json.dumps(data, ensure_ascii=False), "suivant": data["suivant"]}

    # Each page is computed once per content generation (any public change, or a
    # scheduled release's time), like the public list's count; the rate limit and
    # the 304s still apply to every request (opendata.middleware).
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    kept = response_cache.generation_cached(
        f"api-releases:{PAGE_FORMAT}:{address}", compute, CACHE_TIMEOUT
    )
    return link_next(HttpResponse(kept["body"], content_type=api.get_content_type()), kept)


@api.get(
    "/communiques/{slug:slug}/",
    response={200: schemas.ReleaseOut, 410: schemas.Problem, **ERRORS},
    url_name="release-detail",
    summary="Un communiqué publié",
    tags=["communiqués"],
)
def release_detail(request, response: HttpResponse, slug: str):
    communique = datasets.release_detail(datasets.public_releases().filter(slug=slug)).first()
    if communique is None:
        if Communique.objects.withdrawn().filter(slug=slug).exists():
            raise HttpError(410, "Ce communiqué a été retiré par le service presse.")
        raise Http404
    response["Last-Modified"] = http_date(communique.updated_at.timestamp())
    return records.release_record(communique, absolute_builder(request))


def register_resource(path, *, queryset, record, schema, tag, lookup="slug", summary):
    """A list (in creation order) and a detail endpoint for a partner resource."""

    def listing(request, response: HttpResponse, cursor: str | None = Cursor, limit: int = Limit):
        data = paginated(request, queryset(), ID_ORDER, cursor, limit, record)
        link_next(response, data)
        return data

    listing.__name__ = f"{tag}_list"
    api.get(
        f"/{path}/",
        response={200: schemas.page_of(schema), **ERRORS},
        url_name=f"{path}-list",
        summary=summary,
        tags=[tag],
    )(listing)

    if lookup == "slug":

        def detail(request, slug: str):
            found = queryset().filter(slug=slug).first()
            if found is None:
                raise Http404
            return record(found, absolute_builder(request))

    else:

        def detail(request, id: int):
            found = queryset().filter(pk=id).first()
            if found is None:
                raise Http404
            return record(found, absolute_builder(request))

    detail.__name__ = f"{tag}_detail"
    api.get(
        f"/{path}/{{{'slug:slug' if lookup == 'slug' else 'int:id'}}}/",
        response={200: schema, **ERRORS},
        url_name=f"{path}-detail",
        summary=f"{summary} : un élément",
        tags=[tag],
    )(detail)


register_resource(
    "invitations",
    queryset=datasets.public_invitations,
    record=records.invitation_record,
    schema=schemas.InvitationOut,
    tag="invitations",
    summary="Invitations presse : événements annoncés aux journalistes",
)
register_resource(
    "pactes",
    queryset=datasets.public_pacts,
    record=records.pact_record,
    schema=schemas.PactOut,
    tag="pactes",
    summary="Pactes territoriaux, leurs axes, signataires, financements et territoires",
)
register_resource(
    "personnalites",
    queryset=datasets.public_people,
    record=records.person_record,
    schema=schemas.PersonOut,
    tag="personnalites",
    summary="Personnalités et leurs mandats",
)
register_resource(
    "organisations",
    queryset=datasets.public_organisations,
    record=records.organisation_record,
    schema=schemas.OrganisationOut,
    tag="organisations",
    summary="Organisations et territoires, avec leurs codes officiels",
)
register_resource(
    "themes",
    queryset=datasets.public_themes,
    record=records.theme_record,
    schema=schemas.ThemeOut,
    tag="themes",
    summary="Thèmes des communiqués",
)
register_resource(
    "contacts-presse",
    queryset=datasets.public_press_contacts,
    record=records.contact_record,
    schema=schemas.ContactOut,
    tag="contacts",
    lookup="id",
    summary="Contacts presse",
)


@api.get("/", include_in_schema=False, url_name="index")
def index(request):
    """Where to start: the documentation, the schema and each resource's list."""
    absolute = absolute_builder(request)
    return {
        "documentation": absolute(reverse("opendata:api-documentation")),
        "openapi": absolute(reverse("opendata:api:openapi-json")),
        "licence": datasets.LICENCE_URL,
        "ressources": {
            dataset.slug: absolute(reverse(dataset.api)) for dataset in datasets.DATASETS
        },
    }


# Errors ---------------------------------------------------------------------------


class FilterError(Exception):
    def __init__(self, errors):
        self.errors = errors


PYDANTIC_MESSAGES = {
    "int_parsing": "Un nombre entier est attendu.",
    "int_from_float": "Un nombre entier est attendu.",
    "greater_than_equal": "La valeur doit être au moins {ge}.",
    "less_than_equal": "La valeur doit être au plus {le}.",
    "missing": "Ce paramètre est obligatoire.",
}


def french_message(error) -> str:
    template = PYDANTIC_MESSAGES.get(error.get("type"), "Valeur invalide.")
    return template.format(**error.get("ctx", {}))


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    errors = [
        {"parametre": str(error["loc"][-1]), "message": french_message(error)}
        for error in exc.errors
    ]
    return problems.problem(
        request, 400, "Un ou plusieurs paramètres sont invalides.", errors=errors
    )


@api.exception_handler(FilterError)
def invalid_filters(request, exc):
    return problems.problem(
        request, 400, "Un ou plusieurs filtres sont invalides.", errors=exc.errors
    )


@api.exception_handler(InvalidCursor)
def invalid_cursor(request, exc):
    return problems.problem(
        request,
        400,
        "Curseur invalide : reprenez l’adresse donnée dans le champ « suivant ».",
        errors=[{"parametre": "curseur", "message": "Curseur invalide."}],
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return problems.problem(request, 404, "Aucune donnée publique ne correspond à cette adresse.")


@api.exception_handler(HttpError)
def http_error(request, exc):
    return problems.problem(request, exc.status_code, str(exc))
