"""Settings for dangjian, read from environment variables (see README, 配置).

The embedded default (no variables set) is a development instance on a SQLite file.
`DANGJIAN_ENV=production` turns on the deployment checks in `config.checks`, which refuse
to start with a default secret key, DEBUG on or no encryption key.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from dangjian.core.crypto import encryption_key_problem

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DANGJIAN_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

ENVIRONMENT = env_str("DANGJIAN_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

DEV_SECRET_KEY = "insecure-development-key-do-not-use-in-production-0123456789"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Set when nginx in front sets X-Real-IP (see README); never trust the header otherwise.
BEHIND_PROXY = env_bool("DANGJIAN_BEHIND_PROXY", False)

# Key for personal data (身份证号) and the audit chain: 32 bytes, base64. Never in the database.
DEV_ENCRYPTION_KEY = "ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE="  # 32 bytes, development only
ENCRYPTION_KEY = env_str("DANGJIAN_ENCRYPTION_KEY", "" if PRODUCTION else DEV_ENCRYPTION_KEY)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "treebeard",
    "ninja",  # its own Swagger UI template and static files, so the API docs never load a CDN
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "huey.contrib.djhuey",
    "dangjian.core",
    "dangjian.accounts",
    "dangjian.orgs",
    "dangjian.members",
    "dangjian.staff",
    "dangjian.dues",
    "dangjian.recruitment",
    "dangjian.orglife",
    "dangjian.decisions",
    "dangjian.supervision",
    "dangjian.appraisal",
    "dangjian.reports",
    "dangjian.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dangjian.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dangjian.accounts.middleware.SessionPolicyMiddleware",
    "dangjian.accounts.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dangjian" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dangjian.core.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dangjian.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # No JIT compilation: PostgreSQL compiles a query when its *estimated* cost passes jit_above_cost,
    # and the city's subtree queries are estimated far above what they read (the arrears list: 165,000
    # rows estimated, 3,767 read), so a 45 ms query spent 121 ms compiling (EXPLAIN ANALYZE, city
    # scale). PostgreSQL's manual, "When to JIT?": "For short queries the added overhead of performing
    # JIT compilation will often be higher than the time it can save" — all of ours are short.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication and sessions (QUALITY.md items 6-10) ------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "display_name", "first_name", "last_name", "email")},
    },
    {"NAME": "dangjian.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "dangjian.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    # Django's two checks miss what people here actually choose: their name in pinyin
    # (chenjingzhen1A) and a common password dressed up with symbols (P@ssw0rd1234).
    {"NAME": "dangjian.accounts.validators.NamePinyinValidator"},
    {"NAME": "dangjian.accounts.validators.DisguisedCommonPasswordValidator"},
]
# 等保 2.0 asks for periodic change; ASVS discourages it. Off by default, at most 90 days.
PASSWORD_MAX_AGE_DAYS = min(env_int("DANGJIAN_PASSWORD_MAX_AGE_DAYS", 0), 90)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions in the database, read through the shared cache (Redis in production, see CACHES): a
# page then reads its session without a query. A cache that is down or has dropped the session
# falls back to the database row, which stays the record (logout deletes both).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_IDLE_SECONDS = env_int("DANGJIAN_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("DANGJIAN_SESSION_ABSOLUTE_SECONDS", 12 * 3600)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
# The idle timeout slides with activity: SessionPolicyMiddleware saves the session at most once a
# minute (dangjian/accounts/policy.py ACTIVITY_AT_SESSION_KEY), not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ACTIVITY_REFRESH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Second factor for higher-committee and system administrators.
REQUIRE_2FA = env_bool("DANGJIAN_REQUIRE_2FA", True)

# API tokens (QUALITY.md item 22): every token expires. A user picks the lifetime up to the
# maximum; the operator may lower the maximum but never raise it past a year (a forgotten
# token must die on its own). Out-of-range values are pulled into 1..maximum.
API_TOKEN_HARD_MAX_DAYS = 365
API_TOKEN_MAX_DAYS = max(1, min(env_int("DANGJIAN_API_TOKEN_MAX_DAYS", API_TOKEN_HARD_MAX_DAYS),
                                API_TOKEN_HARD_MAX_DAYS))
API_TOKEN_DAYS = max(1, min(env_int("DANGJIAN_API_TOKEN_DAYS", 90), API_TOKEN_MAX_DAYS))
OTP_TOTP_ISSUER = "中小学校党建工作管理系统"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each alone can lock
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "dangjian.accounts.views.lockout_response"
AXES_ENABLED = env_bool("DANGJIAN_AXES_ENABLED", True)
# A fixed 30-minute lock: attempts during the lock are refused (and audited) but do not
# extend it, so the lock ends at the time the lockout page tells the user.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind nginx REMOTE_ADDR is the proxy: locking it would lock everyone out at once.
AXES_CLIENT_IP_CALLABLE = "dangjian.core.middleware.client_ip"
# Successful logins and logouts are in the audit log (accounts.signals); axes' own access log
# would write a second row at each login and update it at each logout. Failures and lockouts
# are still axes' (AccessAttempt).
AXES_DISABLE_ACCESS_LOG = True

# --- Security headers -----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files (all assets served by the app; never a CDN) -------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"  # outside the web root; never served directly

# --- Cache: shared by all worker processes (export rate limits, throttles) -------------
# A file cache in the embedded mode, so gunicorn's workers count together; Redis when set.
CACHE_URL = env_str("DANGJIAN_CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache")}}

# --- Background jobs ------------------------------------------------------------------
HUEY_REDIS_URL = env_str("HUEY_REDIS_URL", "")
if HUEY_REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "dangjian", "url": HUEY_REDIS_URL, "immediate": False}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "dangjian",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": env_bool("HUEY_IMMEDIATE", False),
    }

# Hosts a group robot may post to besides 企业微信's and 钉钉's own (dangjian.orgs.services.robot):
# a gateway of a closed network, say. Empty by default: only the vendors' HTTPS addresses.
ROBOT_EXTRA_HOSTS = env_list("DANGJIAN_ROBOT_EXTRA_HOSTS", [])

# --- Domain settings ------------------------------------------------------------------
# How many days before a term ends the 换届 reminder starts (and a term shows 即将到期); the
# default is orgs.rules.TERM_WARNING_DAYS, a working convention, read through term_warning_days().
TERM_WARNING_DAYS = env_int("DANGJIAN_TERM_WARNING_DAYS", 180)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Refuse to start a production instance with development secrets (QUALITY.md 20) ----
if not PRODUCTION and (_key_problem := encryption_key_problem(ENCRYPTION_KEY)):
    # A key set by hand is checked in every mode: a mistyped one fails here, not at the first save.
    raise ImproperlyConfigured("加密密钥无效：" + _key_problem)
if PRODUCTION:
    _problems = []
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        _problems.append("DJANGO_SECRET_KEY 未设置或过短（至少 50 个字符）")
    if DEBUG:
        _problems.append("生产环境不得开启 DJANGO_DEBUG")
    if not ENCRYPTION_KEY or ENCRYPTION_KEY == DEV_ENCRYPTION_KEY:
        _problems.append("DANGJIAN_ENCRYPTION_KEY 未设置（32 字节，base64 编码）")
    elif _key_problem := encryption_key_problem(ENCRYPTION_KEY):
        # Checked now, not at the first ID number: a short key would otherwise start fine and
        # fail on the first save or login (the audit chain needs the key too).
        _problems.append(_key_problem)
    if not ALLOWED_HOSTS:
        _problems.append("DJANGO_ALLOWED_HOSTS 未设置")
    if _problems:
        raise ImproperlyConfigured("生产模式拒绝启动：" + "；".join(_problems))
