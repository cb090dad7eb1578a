"""The tables of the system of record (domain model v1 of the design overview).

Tables are declared once here; Alembic migrations under ``migrations/versions`` create them and a
test checks that the migrations and these declarations agree. Stages outside ``store`` never see
these classes: they go through the functions of ``tawthiq.store`` and get plain rows back.

Verbatim input lives in ``raw_rows`` (one row per input row, keyed by import run and row number);
``victim_records`` holds one row per (source, source record id), pointing at the raw row it was
last imported from.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "SPELLING_INDEX_WHERE",
    "ApiToken",
    "AuditEvent",
    "Base",
    "CustodyEvent",
    "EvidenceItem",
    "ImportRun",
    "Incident",
    "LinkRun",
    "LogCheckpoint",
    "LogEntry",
    "LoginAttempt",
    "Person",
    "PersonRecord",
    "RawRow",
    "ReportFigure",
    "ReviewDecision",
    "ReviewPair",
    "Source",
    "User",
    "VictimRecord",
    "WebSession",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Source(Base):
    """A documenting organisation or one of its lists."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str | None] = mapped_column(String(50))
    url: Mapped[str | None] = mapped_column(Text)
    reliability: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ImportRun(Base):
    """One attempt to import one file for one source, with what it did."""

    __tablename__ = "import_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    file_name: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_size: Mapped[int] = mapped_column(BigInteger)
    format: Mapped[str] = mapped_column(String(50))
    encoding: Mapped[str] = mapped_column(String(50))
    mapping: Mapped[dict[str, object] | None] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20))
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_imported: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    rows_duplicate: Mapped[int] = mapped_column(Integer, default=0)
    run_by: Mapped[str | None] = mapped_column(String(200))


class RawRow(Base):
    """An input row exactly as given (column → text), with what became of it and why."""

    __tablename__ = "raw_rows"
    import_run_id: Mapped[int] = mapped_column(ForeignKey("import_runs.id"), primary_key=True)
    row_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_number: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, object]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))
    problems: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)


_NAME_KEYS = ("given_name_key", "father_name_key", "family_name_key")
_NAME_NORMS = ("given_name_norm", "father_name_norm", "family_name_norm")
# Records the spelling indexes (0010) hold: a btree entry has a size limit, and name parts of
# more than 300 characters together are a mis-read cell, not a name (they still match by key).
SPELLING_INDEX_WHERE = " + ".join(f"coalesce(length({n}), 0)" for n in _NAME_NORMS) + " <= 300"


class VictimRecord(Base):
    """One person as one source recorded them: as-recorded text beside normalised values."""

    __tablename__ = "victim_records"
    __table_args__ = (
        UniqueConstraint("source_id", "source_record_id"),
        ForeignKeyConstraint(
            ["import_run_id", "row_number"],
            ["raw_rows.import_run_id", "raw_rows.row_number"],
            name="fk_victim_records_raw_row",
        ),
        Index("ix_victim_records_raw_row", "import_run_id", "row_number"),
        # Search (web, API, claim checks), migration 0007: each index leads with one equality
        # filter, continues in the listing order (date_earliest, id) and ends with the columns
        # the other filters test, so a page is read in order from the index alone.
        *(
            Index(
                f"ix_victim_records_{key.split('_')[0]}_key_date",
                key,
                "date_earliest",
                "id",
                "sensitivity",
                "admin1_pcode",
                "source_id",
                *(k for k in _NAME_KEYS if k != key),
            )
            for key in _NAME_KEYS
        ),
        # Search ranking, migration 0010: the same, led by a name part's normalised spelling,
        # so that each spelling of a name is read in date order (``store.browse``).
        *(
            Index(
                f"ix_victim_records_{norm.split('_')[0]}_norm_date",
                norm,
                "date_earliest",
                "id",
                "sensitivity",
                "admin1_pcode",
                "source_id",
                *_NAME_KEYS,
                *(n for n in _NAME_NORMS if n != norm),
                postgresql_where=text(SPELLING_INDEX_WHERE),
                sqlite_where=text(SPELLING_INDEX_WHERE),
            )
            for norm in _NAME_NORMS
        ),
        Index(
            "ix_victim_records_admin1_date",
            *("admin1_pcode", "date_earliest", "id", "sensitivity", "source_id"),
        ),
        Index(
            "ix_victim_records_source_date",
            *("source_id", "date_earliest", "id", "sensitivity", "admin1_pcode"),
        ),
        Index(
            "ix_victim_records_sensitivity_date",
            *("sensitivity", "date_earliest", "id", "admin1_pcode", "source_id"),
        ),
        Index(
            "ix_victim_records_date_id",
            *("date_earliest", "id", "sensitivity", "admin1_pcode", "source_id"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    source_record_id: Mapped[str] = mapped_column(String(200))
    import_run_id: Mapped[int] = mapped_column(Integer)
    row_number: Mapped[int] = mapped_column(Integer)
    row_sha256: Mapped[str] = mapped_column(String(64))
    # names as recorded
    full_name: Mapped[str | None] = mapped_column(Text)
    given_name: Mapped[str | None] = mapped_column(Text)
    father_name: Mapped[str | None] = mapped_column(Text)
    family_name: Mapped[str | None] = mapped_column(Text)
    mother_name: Mapped[str | None] = mapped_column(Text)
    # names normalised (filled by the normalize stage; re-derivable)
    name_script: Mapped[str | None] = mapped_column(String(10))
    given_name_norm: Mapped[str | None] = mapped_column(Text)
    father_name_norm: Mapped[str | None] = mapped_column(Text)
    grandfather_name_norm: Mapped[str | None] = mapped_column(Text)
    family_name_norm: Mapped[str | None] = mapped_column(Text)
    given_name_key: Mapped[str | None] = mapped_column(String(100))
    father_name_key: Mapped[str | None] = mapped_column(String(100))
    family_name_key: Mapped[str | None] = mapped_column(String(100))
    # migration 0012: the name's structure (normalize.name_structure), re-derivable like the
    # parts: a relation and the anchor it points at, a kunya, titles, a placeholder
    name_relation: Mapped[str | None] = mapped_column(String(20))
    name_anchor: Mapped[str | None] = mapped_column(Text)
    name_kunya: Mapped[str | None] = mapped_column(Text)
    name_titles: Mapped[str | None] = mapped_column(Text)
    name_placeholder: Mapped[bool | None] = mapped_column(Boolean)
    # sex and age
    sex_text: Mapped[str | None] = mapped_column(Text)
    sex: Mapped[str | None] = mapped_column(String(10))
    age_text: Mapped[str | None] = mapped_column(Text)
    age_min: Mapped[float | None] = mapped_column(Float)
    age_max: Mapped[float | None] = mapped_column(Float)
    age_group: Mapped[str | None] = mapped_column(String(20))
    # date of death with precision
    date_text: Mapped[str | None] = mapped_column(Text)
    date_earliest: Mapped[date | None] = mapped_column(Date)
    date_latest: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    # place
    place_text: Mapped[str | None] = mapped_column(Text)
    governorate_text: Mapped[str | None] = mapped_column(Text)
    pcode_text: Mapped[str | None] = mapped_column(String(50))
    pcode: Mapped[str | None] = mapped_column(String(20))
    place_precision: Mapped[str | None] = mapped_column(String(20))
    admin1_pcode: Mapped[str | None] = mapped_column(String(10))
    # circumstances
    cause_text: Mapped[str | None] = mapped_column(Text)
    cause: Mapped[str | None] = mapped_column(String(20))
    perpetrator_text: Mapped[str | None] = mapped_column(Text)
    perpetrator: Mapped[str | None] = mapped_column(String(40))
    status_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(20))
    # migration 0009: the weapon named, and coordinates where a list gives them
    weapon_text: Mapped[str | None] = mapped_column(Text)
    weapon: Mapped[str | None] = mapped_column(String(40))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    source_url: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # who may see the record (public / restricted / confidential); field levels: tawthiq.web
    sensitivity: Mapped[str] = mapped_column(
        String(20), default="restricted", server_default="restricted"
    )


class Person(Base):
    """A linkage cluster: the records believed to describe one person."""

    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_run_id: Mapped[int | None] = mapped_column(Integer)
    review_state: Mapped[str] = mapped_column(String(20), default="unreviewed")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PersonRecord(Base):
    """Membership of a record in a person, with the linkage's confidence."""

    __tablename__ = "person_records"
    victim_record_id: Mapped[int] = mapped_column(ForeignKey("victim_records.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    match_probability: Mapped[float | None] = mapped_column(Float)


class Incident(Base):
    """An event in which people were harmed, as one source reported it (ACLED, UCDP, Airwars…).

    Imported incidents keep their source and source id (unique together), the raw row they came
    from, and the as-recorded date, place, belligerent and grade text beside the coded values.
    ``killed_*`` count everyone reported killed, ``civilians_*`` the civilians among them.
    """

    __tablename__ = "incidents"
    __table_args__ = (
        UniqueConstraint("source_id", "source_incident_id"),
        ForeignKeyConstraint(
            ["import_run_id", "row_number"],
            ["raw_rows.import_run_id", "raw_rows.row_number"],
            name="fk_incidents_raw_row",
        ),
        Index("ix_incidents_raw_row", "import_run_id", "row_number"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date_earliest: Mapped[date | None] = mapped_column(Date)
    date_latest: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    place_text: Mapped[str | None] = mapped_column(Text)
    pcode: Mapped[str | None] = mapped_column(String(20))
    incident_type: Mapped[str | None] = mapped_column(String(40))
    target_type: Mapped[str | None] = mapped_column(String(40))
    killed_min: Mapped[int | None] = mapped_column(Integer)
    killed_max: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # import provenance (migration 0004)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    source_incident_id: Mapped[str | None] = mapped_column(String(200))
    import_run_id: Mapped[int | None] = mapped_column(Integer)
    row_number: Mapped[int | None] = mapped_column(Integer)
    row_sha256: Mapped[str | None] = mapped_column(String(64))
    date_text: Mapped[str | None] = mapped_column(Text)
    governorate_text: Mapped[str | None] = mapped_column(Text)
    place_precision: Mapped[str | None] = mapped_column(String(20))
    admin1_pcode: Mapped[str | None] = mapped_column(String(10))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    incident_type_text: Mapped[str | None] = mapped_column(Text)
    belligerent_text: Mapped[str | None] = mapped_column(Text)
    perpetrator: Mapped[str | None] = mapped_column(String(40))
    killed_best: Mapped[int | None] = mapped_column(Integer)
    civilians_min: Mapped[int | None] = mapped_column(Integer)
    civilians_max: Mapped[int | None] = mapped_column(Integer)
    grade_text: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # real export layouts (migration 0013): the parties the source named ("russia|turkey", in
    # its order), how precise its coordinates are, and its own strike status beside its grade
    parties: Mapped[str | None] = mapped_column(String(400))
    coord_precision_km: Mapped[float | None] = mapped_column(Float)
    geo_precision_text: Mapped[str | None] = mapped_column(Text)
    source_status_text: Mapped[str | None] = mapped_column(Text)
    source_status: Mapped[str | None] = mapped_column(String(40))


class AuditEvent(Base):
    """Who changed what and when; rows are only ever appended."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str | None] = mapped_column(String(100))
    detail: Mapped[dict[str, object] | None] = mapped_column(JSON)


class LinkRun(Base):
    """One linkage run: its settings, the trained model and its diagnostics, for reproduction."""

    __tablename__ = "link_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    backend: Mapped[str] = mapped_column(String(20))
    settings: Mapped[dict[str, object]] = mapped_column(JSON)
    model: Mapped[dict[str, object] | None] = mapped_column(JSON)
    diagnostics: Mapped[dict[str, object] | None] = mapped_column(JSON)
    records: Mapped[int] = mapped_column(Integer, default=0)
    persons: Mapped[int] = mapped_column(Integer, default=0)
    run_by: Mapped[str | None] = mapped_column(String(200))


class ReviewPair(Base):
    """A question for reviewers: a pair of records whose match probability fell in the review
    band of a link run and whose answer would change a person (``link._review``)."""

    __tablename__ = "review_pairs"
    __table_args__ = (UniqueConstraint("link_run_id", "record_l", "record_r"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_run_id: Mapped[int] = mapped_column(ForeignKey("link_runs.id"), index=True)
    record_l: Mapped[int] = mapped_column(ForeignKey("victim_records.id"))
    record_r: Mapped[int] = mapped_column(ForeignKey("victim_records.id"))
    probability: Mapped[float] = mapped_column(Float)
    match_weight: Mapped[float | None] = mapped_column(Float)
    # migration 0011: the records an answer would move and the question's priority
    records: Mapped[int | None] = mapped_column(Integer)
    priority: Mapped[float | None] = mapped_column(Float)


class ReviewDecision(Base):
    """A reviewer's decision that two records are (or are not) the same person.

    Later link runs respect it: "different" is never overridden by the model. One decision per
    ordered pair (``record_l < record_r``); changes are recorded in ``audit_events``.
    """

    __tablename__ = "review_decisions"
    __table_args__ = (UniqueConstraint("record_l", "record_r"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_l: Mapped[int] = mapped_column(ForeignKey("victim_records.id"))
    record_r: Mapped[int] = mapped_column(ForeignKey("victim_records.id"))
    decision: Mapped[str] = mapped_column(String(10))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)


class EvidenceItem(Base):
    """A file in the evidence vault, stored once under its SHA-256 in the workspace's blobs.

    The row is descriptive; the proof that it was not altered is the transparency log
    (``log_entries``), which holds a canonical copy of what was recorded when it was added.
    """

    __tablename__ = "evidence_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str | None] = mapped_column(String(100))
    original_name: Mapped[str | None] = mapped_column(Text)
    acquired_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    added_by: Mapped[str | None] = mapped_column(String(200))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    note: Mapped[str | None] = mapped_column(Text)
    media_metadata: Mapped[dict[str, object] | None] = mapped_column(JSON)
    sensitivity: Mapped[str] = mapped_column(String(20), default="restricted")


class CustodyEvent(Base):
    """One link in an item's chain of custody (acquired, copied, exported, viewed, ...)."""

    __tablename__ = "custody_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("evidence_items.id"), index=True)
    action: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    detail: Mapped[dict[str, object] | None] = mapped_column(JSON)


class LogEntry(Base):
    """A leaf of the transparency log: the canonical bytes of what was logged and their hash.

    Append-only: triggers created by migration 0003 refuse UPDATE and DELETE on both backends.
    ``(kind, ref_id)`` names the row the entry records, so each thing is logged once.
    """

    __tablename__ = "log_entries"
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)
    idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(30))
    ref_id: Mapped[int] = mapped_column(BigInteger)
    entry: Mapped[bytes] = mapped_column(LargeBinary)
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    logged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LogCheckpoint(Base):
    """A signed checkpoint (C2SP signed note) of the log at one tree size; append-only."""

    __tablename__ = "log_checkpoints"
    size: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class User(Base):
    """A person who uses the web app or the API; ``role`` sets what they may see and do."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(5), default="ar")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WebSession(Base):
    """A signed-in browser: only the SHA-256 of the cookie value is stored."""

    __tablename__ = "web_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """A bearer token for scripts; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    """Failed sign-ins, for rate limiting by user name and by client address."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    client: Mapped[str | None] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReportFigure(Base):
    """One number of a generated report (or claim check): its query, value and cited rows.

    ``figure_id`` is ``<report_id>.<key>``; ``value`` holds the figure (a count, a range
    ``min``/``max``, or an estimate with ``lower``/``upper``/``method``), ``query`` what was
    counted (filters, unit, report parameters) and ``refs`` the exact rows behind it
    (``records``: victim record ids; ``possible``: records that may belong to a range;
    ``raw_rows``: [import run, row number]; ``review_pairs``: pair ids). Rows are only added.
    """

    __tablename__ = "report_figures"
    figure_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    report_id: Mapped[str] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    label: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[dict[str, object]] = mapped_column(JSON)
    query: Mapped[dict[str, object]] = mapped_column(JSON)
    refs: Mapped[dict[str, object]] = mapped_column(JSON)


# --- reconciled incidents (issue 7, migration 0008) ------------------------------------------
# ``incidents`` above stays the table of source REPORTS (one row per ACLED/UCDP/Airwars/HXL or
# incident-report row). The tables below hold what tawthiq makes of them: reconciled incidents,
# which reports belong to which, per-belligerent assessments, the health-care facility register,
# victim links, reviewer grade overrides and the review queue of uncertain report pairs.


class HealthFacility(Base):
    """A health-care facility in the register; attacks on it are counted per facility."""

    __tablename__ = "health_facilities"
    __table_args__ = (UniqueConstraint("name_key", "pcode"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(String(200))
    facility_type: Mapped[str | None] = mapped_column(String(40))
    pcode: Mapped[str | None] = mapped_column(String(20))
    admin1_pcode: Mapped[str | None] = mapped_column(String(10))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # withheld from public exports (name, sub-national place, coordinates), as WHO SSA does
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReconciledIncident(Base):
    """One event as tawthiq reconciles it from one or more source reports.

    Figures are recomputed by each reconciliation from the member reports (``incident_members``);
    the id is kept across runs for the incident that keeps most of its reports, so that grade
    overrides, facility attacks and victim links stay attached. ``status`` is ``active`` or
    ``retired`` (all its reports moved elsewhere); rows are never deleted.
    """

    __tablename__ = "reconciled_incidents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    date_earliest: Mapped[date | None] = mapped_column(Date, index=True)
    date_latest: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    time_text: Mapped[str | None] = mapped_column(String(40))
    pcode: Mapped[str | None] = mapped_column(String(20))
    admin1_pcode: Mapped[str | None] = mapped_column(String(10), index=True)
    place_precision: Mapped[str | None] = mapped_column(String(20))
    place_text: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    incident_type: Mapped[str | None] = mapped_column(String(40))
    target_type: Mapped[str | None] = mapped_column(String(40))
    weapon: Mapped[str | None] = mapped_column(Text)
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("health_facilities.id"))
    attribution: Mapped[str | None] = mapped_column(String(200))
    killed_min: Mapped[int | None] = mapped_column(Integer)
    killed_max: Mapped[int | None] = mapped_column(Integer)
    killed_best: Mapped[int | None] = mapped_column(Integer)
    best_rule: Mapped[str | None] = mapped_column(Text)
    injured_min: Mapped[int | None] = mapped_column(Integer)
    injured_max: Mapped[int | None] = mapped_column(Integer)
    children_min: Mapped[int | None] = mapped_column(Integer)
    children_max: Mapped[int | None] = mapped_column(Integer)
    women_min: Mapped[int | None] = mapped_column(Integer)
    women_max: Mapped[int | None] = mapped_column(Integer)
    men_min: Mapped[int | None] = mapped_column(Integer)
    men_max: Mapped[int | None] = mapped_column(Integer)
    named_victims: Mapped[int] = mapped_column(Integer, default=0)
    sources: Mapped[int] = mapped_column(Integer, default=0)
    grade: Mapped[str | None] = mapped_column(String(20))
    grade_reasons: Mapped[list[str] | None] = mapped_column(JSON)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # migration 0013: all deaths (ACLED fatalities) apart from civilians; every other count
    # kind as {kind: [min, max]}; each source's own grade and strike status
    deaths_all_min: Mapped[int | None] = mapped_column(Integer)
    deaths_all_max: Mapped[int | None] = mapped_column(Integer)
    counts: Mapped[dict[str, list[int | None]] | None] = mapped_column(JSON)
    source_grades: Mapped[list[dict[str, str | None]] | None] = mapped_column(JSON)


class IncidentClaim(Base):
    """What one report claims beyond the ``incidents`` columns (incident-report CSV format)."""

    __tablename__ = "incident_claims"
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    time_text: Mapped[str | None] = mapped_column(String(40))
    weapon: Mapped[str | None] = mapped_column(Text)
    assessment: Mapped[str | None] = mapped_column(String(20))
    injured_min: Mapped[int | None] = mapped_column(Integer)
    injured_max: Mapped[int | None] = mapped_column(Integer)
    children_killed: Mapped[int | None] = mapped_column(Integer)
    women_killed: Mapped[int | None] = mapped_column(Integer)
    men_killed: Mapped[int | None] = mapped_column(Integer)
    facility_name: Mapped[str | None] = mapped_column(Text)
    facility_type: Mapped[str | None] = mapped_column(String(40))
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)


class IncidentCount(Base):
    """One count a report gives beyond civilians/all killed, by whom it counts (``kind``, one of
    ``tawthiq.incidents.model.COUNT_KINDS``): a range, or one number as both ends."""

    __tablename__ = "incident_counts"
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    count_min: Mapped[int | None] = mapped_column(Integer)
    count_max: Mapped[int | None] = mapped_column(Integer)


class IncidentMember(Base):
    """A source report's membership in a reconciled incident, with the clustering score."""

    __tablename__ = "incident_members"
    report_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    reconciled_id: Mapped[int] = mapped_column(ForeignKey("reconciled_incidents.id"), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    linked_by: Mapped[str] = mapped_column(String(20))


class IncidentBelligerent(Base):
    """A belligerent named for a reconciled incident, its assessment and its own death range."""

    __tablename__ = "incident_belligerents"
    __table_args__ = (UniqueConstraint("reconciled_id", "party"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reconciled_id: Mapped[int] = mapped_column(ForeignKey("reconciled_incidents.id"))
    party: Mapped[str] = mapped_column(String(40))
    assessment: Mapped[str] = mapped_column(String(20))
    killed_min: Mapped[int | None] = mapped_column(Integer)
    killed_max: Mapped[int | None] = mapped_column(Integer)
    sources: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str | None] = mapped_column(Text)


class FacilityAttack(Base):
    """An attack (a reconciled incident) on a registered health facility."""

    __tablename__ = "facility_attacks"
    __table_args__ = (UniqueConstraint("facility_id", "reconciled_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("health_facilities.id"))
    reconciled_id: Mapped[int] = mapped_column(ForeignKey("reconciled_incidents.id"))
    who_ssa_type: Mapped[str | None] = mapped_column(String(80))
    phr_category: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IncidentVictim(Base):
    """A victim record linked to the reconciled incident it died in (one incident per record)."""

    __tablename__ = "incident_victims"
    victim_record_id: Mapped[int] = mapped_column(ForeignKey("victim_records.id"), primary_key=True)
    reconciled_id: Mapped[int] = mapped_column(ForeignKey("reconciled_incidents.id"), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    linked_by: Mapped[str] = mapped_column(String(20))


class IncidentGradeOverride(Base):
    """A reviewer's grade for an incident, with the note that justifies it (audited)."""

    __tablename__ = "incident_grade_overrides"
    reconciled_id: Mapped[int] = mapped_column(
        ForeignKey("reconciled_incidents.id"), primary_key=True
    )
    grade: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IncidentReviewPair(Base):
    """Two reports that may describe one event: queued when uncertain, or decided by a reviewer.

    ``report_l < report_r``. ``decision`` is NULL while queued, else ``same`` or ``different``;
    reconciliation respects decisions (merging and splitting are decisions, audited).
    """

    __tablename__ = "incident_review_pairs"
    __table_args__ = (UniqueConstraint("report_l", "report_r"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_l: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    report_r: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[list[str] | None] = mapped_column(JSON)
    decision: Mapped[str | None] = mapped_column(String(10))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)


__all__ += [
    "FacilityAttack",
    "HealthFacility",
    "IncidentBelligerent",
    "IncidentClaim",
    "IncidentCount",
    "IncidentGradeOverride",
    "IncidentMember",
    "IncidentReviewPair",
    "IncidentVictim",
    "ReconciledIncident",
]
