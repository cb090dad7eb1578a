"""Reads and writes of users, web sessions, API tokens and failed sign-ins.

Secrets never reach the store in the clear: passwords are argon2 hashes (made by the caller),
and session cookies and API tokens are stored as their SHA-256, so a copy of the database does
not let anyone sign in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from tawthiq.store.schema import ApiToken, LoginAttempt, User, WebSession

__all__ = [
    "UserRow",
    "add_user",
    "clear_failed_logins",
    "count_failed_logins",
    "create_api_token",
    "create_session",
    "delete_session",
    "get_session",
    "list_users",
    "record_failed_login",
    "set_active",
    "set_password_hash",
    "set_role",
    "user_by_id",
    "user_by_name",
    "user_by_token",
]


TOKEN_USE_RESOLUTION = timedelta(minutes=5)


def now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    password_hash: str
    role: str
    active: bool
    locale: str


def _user(row: object) -> UserRow:
    m = row._mapping  # type: ignore[attr-defined]
    return UserRow(
        int(m["id"]),
        str(m["username"]),
        str(m["password_hash"]),
        str(m["role"]),
        bool(m["active"]),
        str(m["locale"]),
    )


_USER_COLS = (User.id, User.username, User.password_hash, User.role, User.active, User.locale)


def add_user(conn: Connection, username: str, password_hash: str, role: str, locale: str) -> int:
    result = conn.execute(
        insert(User).values(
            username=username,
            password_hash=password_hash,
            role=role,
            active=True,
            locale=locale,
            created_at=now(),
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def set_password_hash(conn: Connection, user_id: int, password_hash: str) -> None:
    conn.execute(update(User).where(User.id == user_id).values(password_hash=password_hash))


def user_by_name(conn: Connection, username: str) -> UserRow | None:
    row = conn.execute(select(*_USER_COLS).where(User.username == username)).first()
    return None if row is None else _user(row)


def user_by_id(conn: Connection, user_id: int) -> UserRow | None:
    row = conn.execute(select(*_USER_COLS).where(User.id == user_id)).first()
    return None if row is None else _user(row)


def set_role(conn: Connection, user_id: int, role: str) -> None:
    conn.execute(update(User).where(User.id == user_id).values(role=role))


def set_active(conn: Connection, user_id: int, active: bool) -> None:
    """Enable or disable an account; a disabled one's sessions and tokens stop working."""
    conn.execute(update(User).where(User.id == user_id).values(active=active))
    if not active:
        conn.execute(delete(WebSession).where(WebSession.user_id == user_id))


def list_users(conn: Connection) -> list[UserRow]:
    return [_user(r) for r in conn.execute(select(*_USER_COLS).order_by(User.username))]


# Built once: every API call looks its token up, and building the query costs more than it.
_BY_TOKEN = (
    select(*_USER_COLS, ApiToken.last_used_at)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)
_BY_SESSION = (
    select(*_USER_COLS, WebSession.csrf_token, WebSession.expires_at)
    .join(WebSession, WebSession.user_id == User.id)
    .where(WebSession.token_hash == bindparam("token_hash"))
)


def create_session(
    conn: Connection, token_hash: str, user_id: int, csrf_token: str, expires_at: datetime
) -> None:
    conn.execute(
        insert(WebSession).values(
            token_hash=token_hash,
            user_id=user_id,
            csrf_token=csrf_token,
            created_at=now(),
            expires_at=expires_at,
        )
    )


def get_session(conn: Connection, token_hash: str) -> tuple[UserRow, str] | None:
    """The signed-in user and the session's CSRF token, if the session is live."""
    row = conn.execute(_BY_SESSION, {"token_hash": token_hash}).first()
    if row is None or _aware(row.expires_at) < now():
        return None
    user = _user(row)
    return (user, str(row.csrf_token)) if user.active else None


def delete_session(conn: Connection, token_hash: str) -> None:
    conn.execute(delete(WebSession).where(WebSession.token_hash == token_hash))


def create_api_token(conn: Connection, token_hash: str, user_id: int, name: str) -> None:
    conn.execute(
        insert(ApiToken).values(token_hash=token_hash, user_id=user_id, name=name, created_at=now())
    )


def user_by_token(conn: Connection, token_hash: str) -> UserRow | None:
    row = conn.execute(_BY_TOKEN, {"token_hash": token_hash}).first()
    if row is None:
        return None
    # Record use at most every few minutes: a write per API call would serialise readers.
    if row.last_used_at is None or _aware(row.last_used_at) < now() - TOKEN_USE_RESOLUTION:
        conn.execute(
            update(ApiToken).where(ApiToken.token_hash == token_hash).values(last_used_at=now())
        )
    user = _user(row)
    return user if user.active else None


def record_failed_login(conn: Connection, username: str, client: str | None) -> None:
    conn.execute(insert(LoginAttempt).values(username=username, client=client, at=now()))


def count_failed_logins(
    conn: Connection, since: datetime, *, username: str | None = None, client: str | None = None
) -> int:
    query = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.at >= since)
    if username is not None:
        query = query.where(LoginAttempt.username == username)
    if client is not None:
        query = query.where(LoginAttempt.client == client)
    return int(conn.execute(query).scalar_one())


def clear_failed_logins(conn: Connection, username: str) -> None:
    conn.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
