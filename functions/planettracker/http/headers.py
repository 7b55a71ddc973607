"""The headers every answer carries: media types, caching, CORS and security."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

JSON = "application/json"
PROBLEM_JSON = "application/problem+json"
CACHE_FIXED_TIME = "public, max-age=31536000, immutable"
CACHE_NOW = "public, max-age=1"
CACHE_NONE = "no-store"
CACHE_TONIGHT = "public, max-age=300"  # tonight's plan changes only with the date
CACHE_SCHEMA = "public, max-age=300"
MAX_AGE_EVENTS_S = 3600

# Sent with every API response, and with the site by the dev server and CloudFront.
SECURITY_HEADERS: Mapping[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
# The page loads nothing inline and nothing from elsewhere except the API it is told to use.
SITE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' https: http://127.0.0.1:* http://localhost:*; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)
ALLOWED_HEADERS = "Content-Type"


def public_for(seconds: float) -> str:
    """Cache an answer that stays right for `seconds` (at least 1, at most an hour)."""
    return f"public, max-age={min(max(int(seconds), 1), MAX_AGE_EVENTS_S)}"


@dataclass(frozen=True)
class Settings:
    """What a deployment chooses; read from a mapping so tests never touch os.environ."""

    cors_origins: tuple[str, ...] = ("*",)
    # Off where a CDN in front compresses (the Lambda stack: CloudFront, with brotli too,
    # at no cost to the function).
    compress: bool = True

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        raw = environ.get("PLANETTRACKER_CORS_ORIGINS", "*")
        origins = tuple(o.strip() for o in raw.split(",") if o.strip())
        compress = environ.get("PLANETTRACKER_COMPRESS", "true").strip().lower() != "false"
        return cls(cors_origins=origins or ("*",), compress=compress)


def cors(origin: str | None, settings: Settings) -> dict[str, str]:
    if "*" in settings.cors_origins:
        return {"Access-Control-Allow-Origin": "*"}
    headers = {"Vary": "Origin"}
    if origin in settings.cors_origins:
        headers["Access-Control-Allow-Origin"] = origin
    return headers
