"""Passwords, sessions, CSRF tokens, API tokens and login rate limiting.

Passwords are hashed with argon2id (``argon2-cffi``, its default parameters). A session is a
random 32-byte token in an HttpOnly, SameSite=Lax cookie (Secure unless the app is told it runs
over plain HTTP on localhost); the store keeps only its SHA-256 and an expiry. Each session has
its own CSRF token, required on every POST as a form field or an ``X-CSRF-Token`` header (htmx
sends the header). Sign-in is limited per user name and per client address: after
:data:`MAX_FAILURES` failures within :data:`FAILURE_WINDOW`, further attempts are refused
without checking the password until the window passes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine

from tawthiq.errors import InputError
from tawthiq.store import users as db
from tawthiq.store.records import add_audit_event
from tawthiq.web.policy import ROLES

__all__ = [
    "FAILURE_WINDOW",
    "MAX_FAILURES",
    "SESSION_COOKIE",
    "SESSION_LIFETIME",
    "LoginResult",
    "Principal",
    "add_user",
    "check_csrf",
    "hash_password",
    "issue_api_token",
    "log_in",
    "log_out",
    "principal_from_session",
    "principal_from_token",
]

SESSION_COOKIE = "tawthiq_session"
SESSION_LIFETIME = timedelta(hours=12)
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 12

_hasher = PasswordHasher()
# A hash to verify against when the user does not exist, so timing does not reveal names.
_DUMMY_HASH = _hasher.hash("not a real password; used to keep timing even")


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@dataclass(frozen=True)
class Principal:
    """Who is making a request."""

    user_id: int | None
    username: str
    role: str
    locale: str
    csrf_token: str | None = None


ANONYMOUS = Principal(None, "", "public", "ar")


def add_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    locale: str = "ar",
    *,
    added_by: str | None = None,
) -> int:
    """A new active account; with ``added_by`` (the web admin page) also an audit event."""
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; one of {', '.join(ROLES)}", field="role")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters", field="password")
    if not username or len(username) > 100 or any(c.isspace() for c in username):
        raise InputError("a user name is 1–100 characters without spaces", field="username")
    with engine.begin() as conn:
        if db.user_by_name(conn, username) is not None:
            raise InputError(f"user {username!r} exists already", field="username")
        user_id = db.add_user(conn, username, hash_password(password), role, locale)
        if added_by is not None:
            add_audit_event(
                conn,
                actor=added_by,
                action="user_add",
                entity="user",
                entity_id=str(user_id),
                detail={"username": username, "role": role},
            )
        return user_id


@dataclass(frozen=True)
class LoginResult:
    token: str | None
    principal: Principal | None
    reason: str | None  # "invalid" or "rate_limited" when token is None


def log_in(engine: Engine, username: str, password: str, client: str | None) -> LoginResult:
    """Check the password (unless rate limited); on success open a session."""
    since = datetime.now(UTC) - FAILURE_WINDOW
    with engine.begin() as conn:
        by_name = db.count_failed_logins(conn, since, username=username)
        by_client = db.count_failed_logins(conn, since, client=client) if client else 0
        if by_name >= MAX_FAILURES or by_client >= MAX_FAILURES * 4:
            return LoginResult(None, None, "rate_limited")
        user = db.user_by_name(conn, username)
        ok = False
        try:
            ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        if not ok or user is None or not user.active:
            db.record_failed_login(conn, username, client)
            return LoginResult(None, None, "invalid")
        db.clear_failed_logins(conn, username)
        if _hasher.check_needs_rehash(user.password_hash):
            db.set_password_hash(conn, user.id, hash_password(password))
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        db.create_session(conn, _sha(token), user.id, csrf, datetime.now(UTC) + SESSION_LIFETIME)
    return LoginResult(token, Principal(user.id, user.username, user.role, user.locale, csrf), None)


def log_out(engine: Engine, token: str) -> None:
    with engine.begin() as conn:
        db.delete_session(conn, _sha(token))


def principal_from_session(engine: Engine, token: str | None) -> Principal:
    if not token:
        return ANONYMOUS
    with engine.connect() as conn:
        found = db.get_session(conn, _sha(token))
    if found is None:
        return ANONYMOUS
    user, csrf = found
    return Principal(user.id, user.username, user.role, user.locale, csrf)


def principal_from_token(engine: Engine, token: str) -> Principal | None:
    with engine.begin() as conn:
        user = db.user_by_token(conn, _sha(token))
    return None if user is None else Principal(user.id, user.username, user.role, user.locale)


def issue_api_token(engine: Engine, username: str, name: str) -> str:
    """A new bearer token for ``username``; shown once, stored only as its hash."""
    token = "tq_" + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        user = db.user_by_name(conn, username)
        if user is None:
            raise InputError(f"no user {username!r}", field="username")
        db.create_api_token(conn, _sha(token), user.id, name)
    return token


def check_csrf(principal: Principal, supplied: str | None) -> bool:
    return bool(
        principal.csrf_token
        and supplied
        and hmac.compare_digest(principal.csrf_token.encode(), supplied.encode())
    )
