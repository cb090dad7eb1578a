"""Incidents on a workspace: reconcile the stored reports, and read what came of it.

``reconcile_workspace`` is one transaction: cluster the reports (respecting reviewer
decisions), keep each incident's id where most of its reports stayed, reconcile and grade each
incident, register attacked health facilities, link victim records, refresh the review queue,
and audit merges, splits and the run. The readers (``list_incidents``, ``incident_detail``,
``incident_aggregates``, ``facility_summary``) return plain dicts and dataclasses for the CLI,
the web app and the demo.
"""

from __future__ import annotations

import getpass
import os
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Engine

from tawthiq.errors import InputError
from tawthiq.incidents.aggregate import AggregateRow, IncidentFigure, aggregate
from tawthiq.incidents.cluster import ClusterSettings, cluster_claims
from tawthiq.incidents.grade import grade_incident
from tawthiq.incidents.healthcare import (
    KIND_CROSSWALK,
    UNNAMED,
    crosswalk,
    facility_counts,
    facility_key,
)
from tawthiq.incidents.model import (
    COUNT_KINDS,
    FACILITY_HARM_KINDS,
    Claim,
    Range,
    Reconciled,
    attribution_label,
    claim_from_row,
)
from tawthiq.incidents.reconcile import reconcile_claims
from tawthiq.incidents.victims import IncidentSpan, VictimSpan, link_victims
from tawthiq.model.vocab import Grade, TargetType
from tawthiq.store import incidents as db
from tawthiq.store.records import add_audit_event

__all__ = [
    "ReconcileSummary",
    "decide_reports",
    "facility_summary",
    "incident_aggregates",
    "incident_detail",
    "incident_page",
    "list_incidents",
    "merge_incidents",
    "override_grade",
    "reconcile_workspace",
    "review_queue",
    "split_report",
]


def _user() -> str:
    try:
        return os.environ.get("TAWTHIQ_USER") or getpass.getuser()
    except Exception:  # pragma: no cover - no user database in some containers
        return "unknown"


@dataclass(frozen=True)
class ReconcileSummary:
    """What a reconciliation did, in counts (no names)."""

    reports: int
    incidents: int
    multi_source: int
    merges: int
    splits: int
    retired: int
    review_pairs: int
    pairs_scored: int
    refused_same_source: int
    facilities: int
    facility_attacks: int
    victims_linked: int
    victims_ambiguous: int
    grades: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _fields(rec: Reconciled, grade: str, reasons: tuple[str, ...]) -> dict[str, Any]:
    return {
        "date_earliest": rec.date_earliest,
        "date_latest": rec.date_latest,
        "date_precision": rec.date_precision,
        "time_text": rec.time_text,
        "pcode": rec.pcode,
        "admin1_pcode": rec.admin1_pcode,
        "place_precision": rec.place_precision,
        "place_text": rec.place_text,
        "latitude": rec.latitude,
        "longitude": rec.longitude,
        "incident_type": rec.incident_type,
        "target_type": rec.target_type,
        "weapon": rec.weapon,
        "facility_id": None,
        "attribution": rec.attribution,
        "killed_min": rec.killed.low,
        "killed_max": rec.killed.high,
        "killed_best": rec.best,
        "best_rule": rec.best_rule,
        "injured_min": rec.injured.low,
        "injured_max": rec.injured.high,
        "children_min": rec.children.low,
        "children_max": rec.children.high,
        "women_min": rec.women.low,
        "women_max": rec.women.high,
        "men_min": rec.men.low,
        "men_max": rec.men.high,
        "named_victims": 0,
        "sources": len(rec.sources),
        "grade": grade,
        "grade_reasons": [*reasons, *rec.notes],
        "sensitive": rec.sensitive,
        "deaths_all_min": rec.deaths_all.low,
        "deaths_all_max": rec.deaths_all.high,
        "counts": {k: [r.low, r.high] for k, r in rec.counts} or None,
        "source_grades": [
            {"source": src, "grade": g, "status": st} for src, g, st in rec.source_grades
        ]
        or None,
    }


def _assign_ids(
    groups: tuple[tuple[int, ...], ...], old: dict[int, int]
) -> tuple[list[int | None], list[tuple[list[int], int | None]], list[tuple[int, list[int]]]]:
    """For each group, the old incident id it keeps (most of its reports; bigger groups first),
    plus the merges (old ids joined in one group) and splits (an old id spread over groups)."""
    order = sorted(range(len(groups)), key=lambda k: (-len(groups[k]), groups[k][0]))
    taken: set[int] = set()
    ids: list[int | None] = [None] * len(groups)
    merges: list[tuple[list[int], int | None]] = []
    spread: dict[int, set[int]] = defaultdict(set)
    for k in order:
        counts = Counter(old[r] for r in groups[k] if r in old)
        for inc in counts:
            spread[inc].add(k)
        for inc, _ in sorted(counts.items(), key=lambda t: (-t[1], t[0])):
            if inc not in taken:
                ids[k] = inc
                taken.add(inc)
                break
        if len(counts) > 1:
            merges.append((sorted(counts), ids[k]))
    splits = [(inc, sorted(ks)) for inc, ks in spread.items() if len(ks) > 1]
    return ids, merges, splits


def _attacked_facility(rec: Reconciled) -> tuple[str, str] | None:
    """(name, type) of the facility an incident attacked: the one a report names, else an
    unnamed one when the reports count a facility harmed or the target was health care."""
    if rec.facility_name:
        return rec.facility_name, rec.facility_type or TargetType.HOSPITAL.value
    harmed = any((rec.count(k).high or rec.count(k).low or 0) > 0 for k in FACILITY_HARM_KINDS)
    if harmed or rec.target_type == TargetType.HOSPITAL.value:
        return UNNAMED, rec.facility_type or "health facility"
    return None


def _facility(
    conn: Connection,
    rec: Reconciled,
    known: dict[tuple[str, str | None], dict[str, Any]],
) -> int | None:
    found_name = _attacked_facility(rec)
    if found_name is None:
        return None
    name, kind = found_name
    key_text = name if name != UNNAMED else f"{UNNAMED} {kind}"
    if name == UNNAMED and rec.pcode is None:
        # no place to identify it by: a facility of its own, never merged with another
        key_text = f"{key_text} reports {'-'.join(map(str, rec.report_ids[:3]))}"
    key = (facility_key(key_text), rec.pcode)
    found = known.get(key)
    if found is None:
        fid = db.add_facility(
            conn,
            {
                "name": name,
                "name_key": key[0],
                "facility_type": kind[:40],
                "pcode": rec.pcode,
                "admin1_pcode": rec.admin1_pcode,
                "latitude": rec.latitude,
                "longitude": rec.longitude,
                "sensitive": rec.sensitive,
            },
        )
        known[key] = {"id": fid, "sensitive": rec.sensitive}
        return fid
    if rec.sensitive and not found["sensitive"]:
        db.update_facility_sensitive(conn, int(found["id"]))
        found["sensitive"] = True
    return int(found["id"])


def _link_victims(conn: Connection) -> tuple[int, int]:
    incidents = [
        IncidentSpan(
            int(r["id"]),
            r["date_earliest"],
            r["date_latest"] or r["date_earliest"],
            r["pcode"],
            r["admin1_pcode"],
            r["incident_type"],
        )
        for r in db.incident_rows(conn)
        if r["date_earliest"] is not None
    ]
    spans = db.victim_spans(conn)
    links, ambiguous = link_victims(
        (
            VictimSpan(
                int(v["id"]),
                v["date_earliest"],
                v["date_latest"],
                v["pcode"],
                v["admin1_pcode"],
                v["cause"],
            )
            for v in spans
        ),
        incidents,
    )
    db.replace_victim_links(
        conn,
        [
            {
                "victim_record_id": lk.record_id,
                "reconciled_id": lk.incident_id,
                "score": lk.score,
                "linked_by": "auto",
            }
            for lk in links
        ],
    )
    named = _named_counts(conn)
    from sqlalchemy import update

    from tawthiq.store.schema import ReconciledIncident

    t = ReconciledIncident
    conn.execute(update(t).values(named_victims=0))
    for inc, n in named.items():
        conn.execute(update(t).where(t.id == inc).values(named_victims=n))
    return len(links), ambiguous


def _named_counts(conn: Connection) -> dict[int, int]:
    """Named victims per incident: distinct persons (a record not yet linked counts alone)."""
    people: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for r in db.victim_link_rows(conn):
        who = (
            ("p", int(r["person_id"]))
            if r["person_id"] is not None
            else ("r", r["victim_record_id"])
        )
        people[int(r["reconciled_id"])].add(who)
    return {k: len(v) for k, v in people.items()}


def reconcile_workspace(
    engine: Engine, settings: ClusterSettings | None = None, *, run_by: str | None = None
) -> ReconcileSummary:
    """Reconcile every stored report into incidents (see the module docstring)."""
    user = run_by or _user()
    with engine.begin() as conn:
        rows = db.report_rows(conn)
        claims = [claim_from_row(r) for r in rows]
        by_id = {c.report_id: c for c in claims}
        clustering = cluster_claims(claims, db.pair_decisions(conn), settings)
        old = db.memberships(conn)
        ids, merges, splits = _assign_ids(clustering.groups, old)
        known = {(str(f["name_key"]), f["pcode"]): f for f in db.facility_rows(conn)}
        members: list[dict[str, Any]] = []
        belligerents: list[dict[str, Any]] = []
        attacks: list[dict[str, Any]] = []
        grades: Counter[str] = Counter()
        final_ids: list[int] = []
        # ids for new incidents in one statement, every incident's fields in one executemany
        # after the loop: a statement per incident took 68 of 84 s at 25,000 reports
        fresh = iter(db.new_incident_ids(conn, sum(1 for i in ids if i is None)))
        computed: list[tuple[int, dict[str, Any]]] = []
        for k, group in enumerate(clustering.groups):
            group_claims = [by_id[r] for r in group]
            rec = reconcile_claims(group_claims)
            graded = grade_incident(rec, group_claims)
            fields = _fields(rec, graded.grade, graded.reasons)
            fid = _facility(conn, rec, known)
            fields["facility_id"] = fid
            if fid is not None and fields["target_type"] is None:
                fields["target_type"] = TargetType.HOSPITAL.value
            inc = ids[k]
            if inc is None:
                inc = next(fresh)
            computed.append((inc, fields))
            final_ids.append(inc)
            grades[graded.grade] += 1
            for r in group:
                members.append(
                    {
                        "report_id": r,
                        "reconciled_id": inc,
                        "score": clustering.scores.get(r),
                        "linked_by": "reviewer" if r in clustering.by_reviewer else "auto",
                    }
                )
            for b in rec.belligerents:
                belligerents.append(
                    {
                        "reconciled_id": inc,
                        "party": b.party,
                        "assessment": b.assessment,
                        "killed_min": b.killed.low,
                        "killed_max": b.killed.high,
                        "sources": len(b.sources),
                        "reason": b.reason,
                    }
                )
            if fid is not None:
                phr, who = crosswalk(rec.incident_type)
                attacks.append(
                    {
                        "facility_id": fid,
                        "reconciled_id": inc,
                        "phr_category": phr,
                        "who_ssa_type": who,
                    }
                )
        db.update_incidents(conn, computed)
        retired = sorted(set(old.values()) - set(final_ids))
        db.replace_members(conn, members)
        db.replace_belligerents(conn, belligerents)
        db.retire_incidents(conn, retired)
        db.replace_facility_attacks(conn, attacks)
        db.replace_review_queue(
            conn,
            [
                {"left": p.left, "right": p.right, "score": p.score, "reasons": list(p.reasons)}
                for p in clustering.review
            ],
        )
        for olds, kept in merges:
            add_audit_event(
                conn,
                actor=user,
                action="incident_merge",
                entity="reconciled_incident",
                entity_id=str(kept) if kept is not None else None,
                detail={"merged": olds},
            )
        for inc, parts in splits:
            add_audit_event(
                conn,
                actor=user,
                action="incident_split",
                entity="reconciled_incident",
                entity_id=str(inc),
                detail={"into": sorted({final_ids[k] for k in parts})},
            )
        linked, ambiguous = _link_victims(conn)
        summary = ReconcileSummary(
            reports=len(claims),
            incidents=len(clustering.groups),
            multi_source=sum(1 for g in clustering.groups if len(g) > 1),
            merges=len(merges),
            splits=len(splits),
            retired=len(retired),
            review_pairs=len(clustering.review),
            pairs_scored=clustering.pairs_scored,
            refused_same_source=clustering.refused,
            facilities=len({a["facility_id"] for a in attacks}),
            facility_attacks=len(attacks),
            victims_linked=linked,
            victims_ambiguous=ambiguous,
            grades=dict(sorted(grades.items())),
        )
        add_audit_event(
            conn,
            actor=user,
            action="incidents_reconcile",
            entity="reconciled_incidents",
            entity_id=None,
            detail=summary.to_dict(),
        )
    return summary


# --- readers ------------------------------------------------------------------------------


def _effective(row: dict[str, Any]) -> str | None:
    return row.get("override_grade") or row.get("grade")


def _range(row: dict[str, Any], name: str) -> Range:
    return Range(row.get(f"{name}_min"), row.get(f"{name}_max"))


def _victims_vs_reports(named: int, killed: Range) -> str:
    if not killed.known:
        return f"{named} named victims; no count reported"
    if killed.high is not None and named > killed.high:
        return f"{named} named victims exceed the highest reported count ({killed.high})"
    if killed.low is not None and named < killed.low:
        return f"{named} named victims fall short of the lowest reported count ({killed.low})"
    return f"{named} named victims, within the reported range {killed}"


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    killed = _range(row, "killed")
    return {
        "id": row["id"],
        "date": row["date_earliest"].isoformat() if row["date_earliest"] else None,
        "date_latest": row["date_latest"].isoformat() if row["date_latest"] else None,
        "date_precision": row["date_precision"],
        "pcode": row["pcode"],
        "admin1_pcode": row["admin1_pcode"],
        "place": row["place_text"],
        "incident_type": row["incident_type"],
        "target_type": row["target_type"],
        "attribution": row["attribution"],
        "attribution_label": attribution_label(row["attribution"]),
        "contested": bool(row["attribution"] and "|" in row["attribution"]),
        "killed": killed.to_dict() | {"text": str(killed)},
        "best": row["killed_best"],
        "sources": row["sources"],
        "named_victims": row["named_victims"],
        "grade": _effective(row),
        "computed_grade": row["grade"],
        "overridden": row.get("override_grade") is not None,
        "sensitive": bool(row["sensitive"]),
    }


def list_incidents(
    engine: Engine, *, grade: str | None = None, contested: bool | None = None
) -> list[dict[str, Any]]:
    """Active incidents as summary dicts (date order), optionally by effective grade."""
    with engine.connect() as conn:
        rows = db.incident_rows(conn)
    out = [_summary(r) for r in rows]
    if grade is not None:
        out = [r for r in out if r["grade"] == grade]
    if contested is not None:
        out = [r for r in out if r["contested"] == contested]
    return out


def incident_page(
    engine: Engine, *, admin1: str | None = None, page: int = 1, per_page: int = 50
) -> tuple[list[dict[str, Any]], int]:
    """One page of active incidents as summary dicts (date order) and the number of them."""
    with engine.connect() as conn:
        rows, total = db.incident_page_rows(
            conn, admin1=admin1, limit=per_page, offset=(page - 1) * per_page
        )
    return [_summary(r) for r in rows], total


def incident_detail(engine: Engine, incident_id: int) -> dict[str, Any]:
    """Everything ``tawthiq incidents show`` prints about one incident."""
    with engine.connect() as conn:
        found = db.incident_rows(conn, [incident_id], status=None)
        if not found:
            raise InputError(f"no incident {incident_id}", field="incident")
        row = found[0]
        members = {m: i for m, i in db.memberships(conn).items() if i == incident_id}
        reports = db.report_rows(conn, members)
        bell = db.belligerent_rows(conn, incident_id)
        victims = db.victim_link_rows(conn, incident_id)
        attacks = [a for a in db.facility_attack_rows(conn) if a["reconciled_id"] == incident_id]
        scores = {
            int(r): s
            for r, s in ((m["report_id"], m["score"]) for m in _member_rows(conn, incident_id))
        }
    out = _summary(row)
    killed = _range(row, "killed")
    out.update(
        status=row["status"],
        time=row["time_text"],
        weapon=row["weapon"],
        best_rule=row["best_rule"],
        injured=_range(row, "injured").to_dict(),
        deaths_all=_range(row, "deaths_all").to_dict() | {"text": str(_range(row, "deaths_all"))},
        counts=_counts(row),
        source_grades=list(row.get("source_grades") or []),
        children=_range(row, "children").to_dict(),
        women=_range(row, "women").to_dict(),
        men=_range(row, "men").to_dict(),
        grade_reasons=list(row["grade_reasons"] or []),
        override=(
            {
                "grade": row["override_grade"],
                "note": row["override_note"],
                "by": row["override_by"],
                "at": row["override_at"].isoformat() if row["override_at"] else None,
            }
            if row.get("override_grade")
            else None
        ),
        belligerents=[
            {
                "party": b["party"],
                "label": attribution_label(b["party"]),
                "assessment": b["assessment"],
                "killed": Range(b["killed_min"], b["killed_max"]).to_dict(),
                "sources": b["sources"],
                "reason": b["reason"],
            }
            for b in bell
        ],
        reports=[_report(claim_from_row(r), scores.get(int(r["id"]))) for r in reports],
        named_victims=row["named_victims"],
        victim_records=len(victims),
        victims_vs_reports=_victims_vs_reports(int(row["named_victims"] or 0), killed),
        facility=(
            {
                "id": attacks[0]["facility_id"],
                "name": attacks[0]["facility_name"],
                "type": attacks[0]["facility_type"],
                "sensitive": bool(attacks[0]["facility_sensitive"]),
                "phr_category": attacks[0]["phr_category"],
                "who_ssa_type": attacks[0]["who_ssa_type"],
            }
            if attacks
            else None
        ),
    )
    return out


def _counts(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The incident's other counts, each with whom it counts and its label, in kind order."""
    stored = row.get("counts") or {}
    return [
        {
            "kind": kind,
            "whom": spec.whom,
            "label": spec.label_en,
            "label_ar": spec.label_ar,
            "min": stored[kind][0],
            "max": stored[kind][1],
            "text": str(Range(stored[kind][0], stored[kind][1])),
        }
        for kind, spec in COUNT_KINDS.items()
        if kind in stored
    ]


def _member_rows(conn: Connection, incident_id: int) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from tawthiq.store.schema import IncidentMember

    t = IncidentMember.__table__
    return [
        dict(r._mapping) for r in conn.execute(select(t).where(t.c.reconciled_id == incident_id))
    ]


def _report(c: Claim, score: float | None) -> dict[str, Any]:
    return {
        "report_id": c.report_id,
        "source": c.source,
        "source_incident_id": c.source_incident_id,
        "date": c.date_earliest.isoformat() if c.date_earliest else None,
        "place": c.place_text,
        "pcode": c.pcode,
        "incident_type": c.incident_type,
        "belligerent": c.belligerent_text,
        "party": c.party,
        "assessment": c.assessment,
        "killed": c.killed.to_dict() | {"text": str(c.killed)},
        "counts_civilians": c.counts_civilians,
        "deaths_all": c.deaths_all.to_dict() | {"text": str(c.deaths_all)},
        "best": c.best,
        "injured": c.injured.to_dict(),
        "counts": {k: r.to_dict() | {"text": str(r)} for k, r in c.counts},
        "parties": list(c.parties()),
        "source_grade": c.source_grade,
        "source_status": c.source_status,
        "url": c.url,
        "score": score,
    }


def incident_aggregates(
    engine: Engine,
    by: tuple[str, ...] = ("belligerent",),
    *,
    period: str = "year",
    include_discounted: bool = False,
) -> list[AggregateRow]:
    """Deaths by belligerent/period/governorate as ranges (``tawthiq.incidents.aggregate``)."""
    with engine.connect() as conn:
        rows = db.incident_rows(conn)
    figures = [
        IncidentFigure(
            id=int(r["id"]),
            date_earliest=r["date_earliest"],
            admin1_pcode=r["admin1_pcode"],
            attribution=r["attribution"],
            killed=_range(r, "killed"),
            grade=_effective(r),
            deaths_all=_range(r, "deaths_all"),
        )
        for r in rows
    ]
    return aggregate(
        figures, by, period=period, exclude_grades=() if include_discounted else ("discounted",)
    )


def facility_summary(engine: Engine) -> dict[str, Any]:
    """Facilities attacked (each once) and attacks (each once), per facility; and the
    health-care counts of every incident (health workers harmed, facilities and transport hit,
    obstruction) summed as ranges, with their WHO SSA types."""
    with engine.connect() as conn:
        attacks = db.facility_attack_rows(conn)
        rows = db.incident_rows(conn)
    counts = facility_counts((int(a["facility_id"]), int(a["reconciled_id"])) for a in attacks)
    out = counts.to_dict()
    health: dict[str, dict[str, Any]] = {}
    for r in rows:
        for kind, (low, high) in (r.get("counts") or {}).items():
            spec = COUNT_KINDS.get(kind)
            if spec is None or spec.whom not in {"health_workers", "health_care"}:
                continue
            entry = health.setdefault(
                kind,
                {
                    "label": spec.label_en,
                    "whom": spec.whom,
                    "who_ssa_type": KIND_CROSSWALK.get(kind),
                    "min": 0,
                    "max": 0,
                    "incidents": 0,
                },
            )
            entry["min"] += low or 0
            entry["max"] = None if entry["max"] is None or high is None else entry["max"] + high
            entry["incidents"] += 1
    out["health_care_counts"] = {k: health[k] for k in COUNT_KINDS if k in health}
    return out


def review_queue(engine: Engine) -> list[dict[str, Any]]:
    """Undecided pairs of reports that may describe one event, highest score first."""
    with engine.connect() as conn:
        return db.review_rows(conn)


def decide_reports(
    engine: Engine,
    left: int,
    right: int,
    decision: str,
    *,
    note: str | None = None,
    run_by: str | None = None,
    action: str = "decide",
) -> None:
    """A reviewer says two reports are the ``same`` event or ``different`` ones (audited);
    the next reconciliation respects it."""
    if decision not in {"same", "different"}:
        raise InputError(f"decision must be same or different (got {decision!r})", field="decision")
    if left == right:
        raise InputError("a report is always the same event as itself", field="report")
    with engine.begin() as conn:
        found = {int(r["id"]) for r in db.report_rows(conn, [left, right])}
        missing = sorted({left, right} - found)
        if missing:
            raise InputError(f"no report {missing[0]}", field="report")
        db.set_pair_decision(
            conn, left, right, decision, decided_by=run_by or _user(), note=note, action=action
        )


def merge_incidents(
    engine: Engine, first: int, second: int, *, note: str, run_by: str | None = None
) -> ReconcileSummary:
    """Merge two incidents: "same" decisions between their reports, then reconcile."""
    with engine.connect() as conn:
        members = db.memberships(conn)
    a = sorted(r for r, i in members.items() if i == first)
    b = sorted(r for r, i in members.items() if i == second)
    if not a or not b:
        raise InputError(f"no active incident {first if not a else second}", field="incident")
    for left in a:  # every pair across: this also lifts earlier "different" decisions
        for right in b:
            decide_reports(engine, left, right, "same", note=note, run_by=run_by, action="merge")
    return reconcile_workspace(engine, run_by=run_by)


def split_report(
    engine: Engine, incident_id: int, report_id: int, *, note: str, run_by: str | None = None
) -> ReconcileSummary:
    """Take one report out of an incident: "different" from each other report, then reconcile."""
    with engine.connect() as conn:
        members = db.memberships(conn)
    if members.get(report_id) != incident_id:
        raise InputError(f"report {report_id} is not in incident {incident_id}", field="report")
    others = sorted(r for r, i in members.items() if i == incident_id and r != report_id)
    for other in others:
        decide_reports(
            engine, report_id, other, "different", note=note, run_by=run_by, action="split"
        )
    return reconcile_workspace(engine, run_by=run_by)


def override_grade(
    engine: Engine,
    incident_id: int,
    grade: str | None,
    *,
    note: str,
    run_by: str | None = None,
) -> dict[str, Any]:
    """Set (or with ``grade=None`` clear) a reviewer's grade; a note is required (audited)."""
    if not note or not note.strip():
        raise InputError("a grade override needs a note saying why", field="note")
    if grade is not None and grade not in {g.value for g in Grade}:
        raise InputError(
            f"grade must be one of {', '.join(g.value for g in Grade)} (got {grade!r})",
            field="grade",
        )
    user = run_by or _user()
    with engine.begin() as conn:
        if not db.incident_rows(conn, [incident_id], status=None):
            raise InputError(f"no incident {incident_id}", field="incident")
        if grade is None:
            db.clear_grade_override(conn, incident_id, note, user)
        else:
            db.set_grade_override(conn, incident_id, grade, note, user)
    return incident_detail(engine, incident_id)
