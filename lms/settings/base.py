"""Settings shared by every environment. Configuration comes from environment
variables only (django-environ); see production.py for what is required there."""

from pathlib import Path

import environ
import fontpkg_sarabun
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "lms",
    "courses",
    "quizzes",
    "certificates",
    "content",
    "lms.reports",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.wagtail_users_app.UsersConfig",  # wagtail.users, superusers only
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "ninja",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lms.security.idle.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "lms.sites.SiteCacheMiddleware",
]
SITE_CACHE_SECONDS = 60

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "builtins": ["lms.templatetags.thai"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "lms.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Thai first, English second.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "lms" / "roster" / "locale",
    BASE_DIR / "lms" / "reports" / "locale",
]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The Thai web font ships with the project (pinned package), never a system font.
    ("fonts/sarabun", str(fontpkg_sarabun.ROOT / "files")),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Zero Corruption e-Learning"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
SITE_BASE_URL = env("SITE_BASE_URL", default=WAGTAILADMIN_BASE_URL)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "mp4", "webm"]
# Upload limits (docs/SECURITY.md, V5, lists every upload and its checks).
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024  # lesson videos
WAGTAILDOCS_DOCUMENT_FORM_BASE = "content.documents.DocumentForm"  # content matches the extension
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
ROSTER_MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # admin upload (a background job)
ROSTER_API_MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # API push (answered in the request)
QUESTION_BANK_MAX_UPLOAD_BYTES = 1536 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Wagtail's own background work (search index updates, reference index) goes
# through django-tasks; it runs in-process unless a worker is configured.
TASKS = {
    "default": {
        "BACKEND": env("WAGTAIL_TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")
    }
}

# Celery. No broker configured = run tasks in-process (embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Our tasks are idempotent: acknowledge after they ran, and put a task back
# when its worker dies, so that a crash never loses a job.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Longer than any countdown or ETA we use, or Redis would redeliver early.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 60 * 60}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Zero Corruption e-Learning <no-reply@localhost>")
if env("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}


AUTHENTICATION_BACKENDS = ["lms.auth.UsernameOrEmployeeIdBackend"]

CELERY_BEAT_SCHEDULE["verify-audit-log"] = {"task": "lms.verify_audit_log", "schedule": 24 * 60 * 60}
CELERY_BEAT_SCHEDULE["apply-all-assignments"] = {
    "task": "courses.apply_all_assignments",
    "schedule": 24 * 60 * 60,
}
CELERY_BEAT_SCHEDULE["send-due-reminders"] = {"task": "courses.send_due_reminders", "schedule": 24 * 60 * 60}
CELERY_BEAT_SCHEDULE["send-hr-digests"] = {"task": "courses.send_hr_digests", "schedule": 7 * 24 * 60 * 60}

#: StreamField blocks other apps add to lesson bodies: (name, dotted path of the block class).
LESSON_EXTRA_BLOCKS: list[tuple[str, str]] = [
    ("h5p", "content.blocks.H5PBlock"),
    ("quiz", "quizzes.blocks.QuizBlock"),
]

# --- Security and privacy (issue 8). See docs/SECURITY.md. ---------------------------------------
from datetime import timedelta  # noqa: E402

from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

INSTALLED_APPS += ["axes", "csp", "lms.security", "lms.privacy"]
# Axes turns a lockout into our Thai page; it must come last. The CSP middleware picks the
# policy by path (officer pages strict, Wagtail admin looser), see lms/security/csp.py.
MIDDLEWARE += ["lms.security.csp.PathCSPMiddleware", "axes.middleware.AxesMiddleware"]
# The lockout check runs before any backend that can log a user in.
AUTHENTICATION_BACKENDS = ["lms.security.backends.LockoutBackend", *AUTHENTICATION_BACKENDS]

# Login lockout: 5 wrong passwords for one account from one address lock that pair for 15
# minutes. Offices share one public address: other officers there, and the same officer
# from another address, can still sign in.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "lms.security.lockout.axes_username"
AXES_LOCKOUT_CALLABLE = "lms.security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "lms.security.client_ip.client_ip"
AXES_VERBOSE = False
# The client address is REMOTE_ADDR unless production trusts a reverse proxy's header
# (TRUSTED_PROXY_COUNT, see production.py): a header a client can set must never decide it.
TRUSTED_PROXY_COUNT = 0
CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
AXES_IPWARE_PROXY_COUNT = None
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# Rate limits (lms/security/ratelimit.py): "<requests>/<seconds|Nm|Nh>" per scope, counted in
# the default cache. A scope missing here is not limited. RATELIMIT_ENABLED=false for load tests.
RATELIMIT_ENABLED = env.bool("RATELIMIT_ENABLED", default=True)
RATELIMITS = {
    "login-ip": env("RATELIMIT_LOGIN_IP", default="300/m"),
    "login-username": env("RATELIMIT_LOGIN_USERNAME", default="20/h"),
    "password-reset-ip": env("RATELIMIT_PASSWORD_RESET_IP", default="10/h"),
    "password-reset-email": env("RATELIMIT_PASSWORD_RESET_EMAIL", default="3/h"),
    "password-change-user": env("RATELIMIT_PASSWORD_CHANGE_USER", default="10/h"),
    "certificate-verify-ip": env("RATELIMIT_CERTIFICATE_VERIFY_IP", default="60/m"),
    "xapi-user": env("RATELIMIT_XAPI_USER", default="600/m"),
    "api-token-ip": env("RATELIMIT_API_TOKEN_IP", default="600/h"),  # every request made with a token
    "my-data-user": env("RATELIMIT_MY_DATA_USER", default="10/h"),
}

# Content-Security-Policy (django-csp 4). Officer pages: no inline script or style at all.
_CSP_STRICT = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "media-src": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_STRICT}
# The Wagtail admin (8.0) still renders inline init scripts for its date/time pickers and
# model choosers (wagtail/wagtail#1288) and sets inline styles; it needs no eval and no other
# origin. So on /admin/ only: 'unsafe-inline' for scripts and styles, everything else strict.
# Tested in Chromium (tests/e2e/test_security_csp_e2e.py).
CSP_ADMIN_DIRECTIVES = {
    **_CSP_STRICT,
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}
# No calls to third parties from the admin: Gravatar would receive a hash of every officer's
# e-mail (PDPA), and the update check calls releases.wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
#: (path prefix, directives), first match wins; other paths get CONTENT_SECURITY_POLICY.
CSP_PATH_POLICIES = [("/admin/", CSP_ADMIN_DIRECTIVES)]

# PDPA: personal data of officers who left more than this many years ago is anonymised
# by `manage.py purge_leavers` (scheduled daily below).
PERSONAL_DATA_RETENTION_YEARS = env.int("PERSONAL_DATA_RETENTION_YEARS", default=10)
CELERY_BEAT_SCHEDULE["purge-leavers"] = {"task": "lms.privacy.purge_leavers", "schedule": 24 * 60 * 60}
# A session lasts one working day at most (ASVS V7.3): officers on shared office PCs.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=60)
SESSION_IDLE_TOUCH_SECONDS = 5 * 60
#: Shown on the privacy notice as the data protection contact (the agency's DPO).
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", default="")
# Certificates: issue what a lost task left undone (every minute), open recertification (daily).
CERTIFICATES_SWEEP_SECONDS = env.int("CERTIFICATES_SWEEP_SECONDS", default=60)
CERTIFICATES_RENDER_GRACE_SECONDS = env.int("CERTIFICATES_RENDER_GRACE_SECONDS", default=30)
CELERY_BEAT_SCHEDULE["cert-sweep"] = {"task": "certificates.sweep", "schedule": CERTIFICATES_SWEEP_SECONDS}
CELERY_BEAT_SCHEDULE["certificates-recert"] = {"task": "certificates.open_recertification", "schedule": 86400}
# The H5P player (h5p-standalone, pinned in package.json) is served from our static files, never a CDN.
STATICFILES_DIRS += [("h5p-standalone", str(BASE_DIR / "node_modules" / "h5p-standalone" / "dist"))]
CELERY_BEAT_SCHEDULE["grade-expired-attempts"] = {"task": "quizzes.grade_expired_attempts", "schedule": 300}
# Chart.js for the HR dashboards, served from the project (node_modules, pinned in package.json), no CDN.
STATICFILES_DIRS.append(("vendor/chartjs", str(BASE_DIR / "node_modules" / "chart.js" / "dist")))
