"""The FastAPI application: server-rendered pages (Jinja2 + htmx) and the JSON API.

Every handler gets the request's :class:`~tawthiq.web.auth.Principal` (session cookie or bearer
token), asks :mod:`tawthiq.web.policy` what it may do, reads through ``tawthiq.store.browse``
with the principal's clearance, and passes each record through ``visible_fields`` before it is
rendered or serialised. The app needs nothing from the network: htmx and the stylesheet are
served from the package, and the interactive API docs (which load from a CDN) are off; the
OpenAPI schema is at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

import io
import json
import secrets
import tempfile
from dataclasses import replace
from datetime import date
from importlib.resources import files
from pathlib import Path, PurePath
from typing import Annotated, Any, cast

from fastapi import (
    Depends,
    FastAPI,
    Form,
    HTTPException,
    Query,
    Request,
    Response,
    UploadFile,
)
from fastapi import (
    Path as PathParam,
)
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tawthiq import __version__, csvsafe, incidents
from tawthiq.config import Workspace
from tawthiq.errors import TawthiqError
from tawthiq.ingest import DEFAULT_PERIOD_START, FORMATS, import_file
from tawthiq.model.vocab import Grade
from tawthiq.normalize import DateOrder, name_key
from tawthiq.report.maps import choropleth_svg, governorates
from tawthiq.store import browse
from tawthiq.store.records import add_audit_event, recent_runs
from tawthiq.web import auth, edits
from tawthiq.web.counts import CountsCache
from tawthiq.web.estimates import EstimateCache
from tawthiq.web.i18n import LANGUAGES, direction, format_precise_date, gettext_for, to_digits
from tawthiq.web.policy import (
    FIELD_LEVELS,
    LEVELS,
    ROLES,
    can,
    clearance,
    may_see,
    visible_fields,
)

__all__ = ["create_app"]

LANG_COOKIE = "tawthiq_lang"
DIGITS_COOKIE = "tawthiq_digits"
LOGIN_CSRF_COOKIE = "tawthiq_login_csrf"
PER_PAGE = 50
MAX_UPLOAD = 200 << 20  # larger lists go through `tawthiq import`
MAX_PAGE = 1_000_000
# Searches count matches up to browse.COUNT_CAP and page through that many: a longer list is
# better narrowed by a filter (or exported as CSV) than paged through 50 at a time.
SEARCH_PAGES = browse.COUNT_CAP // PER_PAGE
MAX_ID = 2**31 - 1  # ids are 32-bit integers in the store
CSV_MAX = 100_000
CSV_COLUMNS = (
    "id",
    "source",
    "source_record_id",
    "full_name",
    "given_name",
    "father_name",
    "family_name",
    "sex",
    "age_min",
    "age_max",
    "date_earliest",
    "date_latest",
    "date_precision",
    "place_text",
    "governorate_text",
    "admin1_pcode",
    "pcode",
    "cause",
    "perpetrator",
    "status",
    "sensitivity",
)

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def principal(request: Request) -> auth.Principal:
    """Who is asking: a bearer token (scripts) or the session cookie (browsers), else public."""
    engine: Engine = request.app.state.reader
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        found = auth.principal_from_token(engine, header[7:].strip())
        if found is None:
            raise HTTPException(401, "invalid API token")
        return found
    return auth.principal_from_session(engine, request.cookies.get(auth.SESSION_COOKIE))


Who = Annotated[auth.Principal, Depends(principal)]


def _templates() -> Jinja2Templates:
    folder = files("tawthiq.web").joinpath("templates")
    templates = Jinja2Templates(directory=str(folder))
    templates.env.autoescape = True
    return templates


def create_app(
    engine: Engine, *, secure_cookies: bool = True, workspace: Workspace | None = None
) -> FastAPI:
    """The app over ``engine``; ``secure_cookies=False`` only for plain-HTTP localhost use.

    ``workspace`` gives the evidence vault and the log key; without it the evidence pages are
    read-only (no uploads, no verification).
    """
    app = FastAPI(
        title="tawthiq",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.engine = engine
    # Reads of one statement need no transaction: autocommit saves a BEGIN and a ROLLBACK
    # round trip per request (the pool restores the isolation level on return).
    reader = engine.execution_options(isolation_level="AUTOCOMMIT")
    app.state.reader = reader
    app.state.estimates = EstimateCache(engine)
    app.state.counts = CountsCache(engine)
    templates = _templates()
    static = files("tawthiq.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    app.add_middleware(SecurityHeaders)

    def lang_of(request: Request, who: auth.Principal) -> str:
        chosen = request.cookies.get(LANG_COOKIE)
        if chosen in LANGUAGES:
            return str(chosen)
        return who.locale if who.locale in LANGUAGES else "ar"

    def render(
        request: Request, who: auth.Principal, name: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        lang = lang_of(request, who)
        digits = request.cookies.get(DIGITS_COOKIE, "latn")
        _ = gettext_for(lang)

        def when(row: dict[str, Any]) -> str:
            return format_precise_date(
                row.get("date_earliest"),
                row.get("date_latest"),
                row.get("date_precision"),
                lang,
                digits,
            )

        def num(value: object) -> str:
            return to_digits(f"{value:,}" if isinstance(value, int) else str(value), digits)

        return templates.TemplateResponse(
            request,
            name,
            {
                "who": who,
                "lang": lang,
                "dir": direction(lang),
                "_": _,
                "when": when,
                "num": num,
                "can": lambda action: can(who.role, action),
                **context,
            },
            status_code=status,
        )

    def need(who: auth.Principal, action: str) -> None:
        if not can(who.role, action):
            raise HTTPException(403 if who.user_id else 401, f"needs permission to {action}")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        if exc.status_code == 401:
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        who = auth.principal_from_session(engine, request.cookies.get(auth.SESSION_COOKIE))
        return render(request, who, "error.html", exc.status_code, code=exc.status_code)

    # ---- pages ---------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request, who: Who) -> HTMLResponse:
        counts = app.state.counts.current()
        by_source, by_gov, by_month = counts.by_source, counts.by_governorate, counts.by_month
        incidents_by_gov = counts.incidents_by_governorate
        top = max((n for _, n in by_month), default=0)
        lang = lang_of(request, who)
        _ = gettext_for(lang)
        names = governorates()
        map_svg = Markup(
            choropleth_svg(
                {k: n for k, n in by_gov if k},
                lang=lang,
                title=_("Records by governorate"),
                legend_label=_("Records"),
            )
        )
        # Incident reports on the same shipped boundaries (a second map: offline, no tiles).
        incident_map_svg = Markup(
            choropleth_svg(
                incidents_by_gov,
                lang=lang,
                title=_("Incident reports by governorate"),
                legend_label=_("Incident reports"),
            )
        )
        gov_names = {k: names[k][1 if lang == "ar" else 0] for k in names}
        return render(
            request,
            who,
            "dashboard.html",
            estimate=app.state.estimates.current(),
            by_source=by_source,
            by_gov=by_gov,
            by_month=by_month,
            top_month=top,
            total=sum(n for _, n in by_source),
            map_svg=map_svg,
            incident_map_svg=incident_map_svg,
            incident_total=sum(incidents_by_gov.values()),
            gov_names=gov_names,
        )

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, who: Who, next: str = "/") -> HTMLResponse:
        token = secrets.token_urlsafe(32)
        response = render(request, who, "login.html", next=_safe_next(next), csrf=token)
        response.set_cookie(
            LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure_cookies
        )
        return response

    @app.post("/login", include_in_schema=False)
    def login(
        request: Request,
        who: Who,
        username: Annotated[str, Form()],
        password: Annotated[str, Form()],
        csrf: Annotated[str, Form()],
        next: Annotated[str, Form()] = "/",
    ) -> Response:
        expected = request.cookies.get(LOGIN_CSRF_COOKIE)
        if not expected or not secrets.compare_digest(expected, csrf):
            raise HTTPException(400, "the form expired; reload the page")
        client = request.client.host if request.client else None
        result = auth.log_in(engine, username, password, client)
        if result.token is None or result.principal is None:
            message = "rate_limited" if result.reason == "rate_limited" else "invalid"
            status = 429 if message == "rate_limited" else 401
            page = render(
                request, who, "login.html", status, next=_safe_next(next), csrf=csrf, error=message
            )
            return page
        with engine.begin() as conn:
            add_audit_event(conn, actor=username, action="sign_in", entity="user", entity_id=None)
        response = RedirectResponse(_safe_next(next), status_code=303)
        response.set_cookie(
            auth.SESSION_COOKIE,
            result.token,
            httponly=True,
            samesite="lax",
            secure=secure_cookies,
            max_age=int(auth.SESSION_LIFETIME.total_seconds()),
        )
        response.delete_cookie(LOGIN_CSRF_COOKIE)
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, who: Who, csrf: Annotated[str, Form()] = "") -> Response:
        require_csrf(request, who, csrf)
        token = request.cookies.get(auth.SESSION_COOKIE)
        if token:
            auth.log_out(engine, token)
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(auth.SESSION_COOKIE)
        return response

    @app.get("/settings/{name}/{value}", include_in_schema=False)
    def settings(name: str, value: str, request: Request) -> Response:
        cookie = {"lang": LANG_COOKIE, "digits": DIGITS_COOKIE}.get(name)
        allowed = LANGUAGES if name == "lang" else ("arab", "latn")
        if cookie is None or value not in allowed:
            raise HTTPException(404, "unknown setting")
        back = _safe_next(request.headers.get("referer", "/"), same_site_url=True)
        response = RedirectResponse(back, status_code=303)
        response.set_cookie(cookie, value, samesite="lax", secure=secure_cookies)
        return response

    def _search(
        who: auth.Principal,
        q: str,
        source: str | None,
        gov: str | None,
        year: str | None,
        page: int,
    ) -> tuple[browse.RecordPage, list[str]]:
        terms = _search_terms(who, q, source, gov, year)
        with reader.connect() as conn:
            found = browse.search_records(conn, **terms, page=page, per_page=PER_PAGE)
        # ``match`` says how the record's name compares with the search, not a field of the
        # record: kept for every role that may search by name (the policy would drop it).
        rows = [visible_fields(who.role, r) | _match(r) for r in found.rows]
        return replace(found, rows=rows), [k for k in name_key(q).split() if k]

    def _search_terms(
        who: auth.Principal, q: str, source: str | None, gov: str | None, year: str | None
    ) -> dict[str, Any]:
        """The filters of a search (``browse.search_records``/``search_all`` keywords): the
        caller's clearance, the words of ``q`` (keys to match, spellings to rank) and the year,
        checked against the caller's permissions."""
        need(who, "read")
        year_number = None
        if year and year.strip():
            if not year.strip().isdigit():
                raise HTTPException(400, "year must be a number such as 2016")
            year_number = int(year.strip())
            if not 1 <= year_number <= 9999:
                raise HTTPException(400, "year must be a number such as 2016")
        names: list[browse.NameTerm] = []
        if q.strip():
            if not can(who.role, "search_names"):
                raise HTTPException(403, "your role may not search by name")
            names = browse.name_terms(q)
        return {
            "max_level": clearance(who.role),
            "names": names,
            "source": source or None,
            "admin1": gov or None,
            "year": year_number,
        }

    @app.get("/records", response_class=HTMLResponse, include_in_schema=False)
    def records_page(
        request: Request,
        who: Who,
        q: str = "",
        source: str | None = None,
        gov: str | None = None,
        year: str | None = None,
        page: Annotated[int, Query(ge=1, le=SEARCH_PAGES)] = 1,
    ) -> HTMLResponse:
        found, keys = _search(who, q, source, gov, year, page)
        partial = request.headers.get("hx-request") == "true"
        return render(
            request,
            who,
            "_results.html" if partial else "records.html",
            found=found,
            q=q,
            source=source or "",
            gov=gov or "",
            year=year or "",
            keys=keys,
        )

    @app.get("/records.csv", include_in_schema=False)
    def records_csv(
        who: Who,
        q: str = "",
        source: str | None = None,
        gov: str | None = None,
        year: str | None = None,
    ) -> Response:
        """The matching records as CSV, with only the fields the caller may see."""
        terms = _search_terms(who, q, source, gov, year)
        with reader.connect() as conn:
            found = browse.search_all(conn, **terms, limit=CSV_MAX)
        rows = [visible_fields(who.role, r) for r in found]
        columns = [c for c in CSV_COLUMNS if may_see(who.role, FIELD_LEVELS.get(c, "x"))]
        out = io.StringIO()
        writer = csvsafe.dict_writer(out, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(_jsonable(r) for r in rows)
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="records.csv"'},
        )

    @app.get("/records/{record_id}", response_class=HTMLResponse, include_in_schema=False)
    def record_page(
        request: Request,
        who: Who,
        record_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
        saved: int | None = None,
    ) -> HTMLResponse:
        need(who, "read")
        with engine.connect() as conn:
            row = browse.record_detail(conn, record_id, max_level=clearance(who.role))
        if row is None:
            raise HTTPException(404, "no such record")
        return render(request, who, "record.html", r=visible_fields(who.role, row), saved=saved)

    @app.get("/persons/{person_id}", response_class=HTMLResponse, include_in_schema=False)
    def person_page(
        request: Request, who: Who, person_id: Annotated[int, PathParam(ge=1, le=MAX_ID)]
    ) -> HTMLResponse:
        need(who, "read")
        with engine.connect() as conn:
            rows = browse.person_records(conn, person_id, max_level=clearance(who.role))
        if rows is None:
            raise HTTPException(404, "no such person")
        visible = [visible_fields(who.role, r) for r in rows]
        return render(request, who, "person.html", person_id=person_id, rows=visible)

    @app.get("/imports", response_class=HTMLResponse, include_in_schema=False)
    def imports_page(request: Request, who: Who) -> HTMLResponse:
        need(who, "import")
        with engine.connect() as conn:
            runs = recent_runs(conn, limit=20)
        return render(request, who, "imports.html", runs=runs, formats=FORMATS, result=None)

    @app.post("/imports", response_class=HTMLResponse, include_in_schema=False)
    async def import_upload(
        request: Request,
        who: Who,
        file: UploadFile,
        source: Annotated[str, Form()],
        csrf: Annotated[str, Form()] = "",
        fmt: Annotated[str, Form()] = "",
        date_order: Annotated[str, Form()] = "",
    ) -> HTMLResponse:
        """Import an uploaded list (any supported format), all or nothing, and show the result."""
        need(who, "import")
        require_csrf(request, who, csrf)
        name = PurePath(file.filename or "upload.csv").name
        with tempfile.TemporaryDirectory(prefix="tawthiq-upload-") as tmp:
            path = Path(tmp) / name
            size = 0
            with path.open("wb") as out:
                while chunk := await file.read(1 << 20):
                    size += len(chunk)
                    if size > MAX_UPLOAD:
                        raise HTTPException(413, f"files above {MAX_UPLOAD >> 20} MB: use the CLI")
                    out.write(chunk)
            try:
                summary = await run_in_threadpool(
                    import_file,
                    engine,
                    path,
                    source.strip() or None,
                    fmt=fmt or None,
                    date_order=_date_order(date_order),
                    run_by=who.username,
                    period_start=(
                        workspace.period_start if workspace is not None else DEFAULT_PERIOD_START
                    ),
                )
                error = None
            except (TawthiqError, ValueError) as err:
                summary, error = None, str(err).replace(str(path), name)
        with engine.connect() as conn:
            runs = recent_runs(conn, limit=20)
        problems = [p.describe(name) for p in summary.rejections[:200]] if summary else []
        return render(
            request,
            who,
            "imports.html",
            runs=runs,
            formats=FORMATS,
            result=summary,
            problems=problems,
            error=error,
            file_name=name,
        )

    def incident_view(who: auth.Principal, item: dict[str, Any]) -> dict[str, Any]:
        """An incident as this role may see it: below restricted clearance, a sensitive
        incident loses its sub-national place and facility name (WHO SSA's public fields)."""
        dates = {  # what the pages' date formatter reads
            "date_earliest": date.fromisoformat(item["date"]) if item.get("date") else None,
            "date_latest": (
                date.fromisoformat(item["date_latest"]) if item.get("date_latest") else None
            ),
        }
        if not item.get("sensitive") or may_see(who.role, "restricted"):
            return {**item, **dates, "withheld": False}
        out = {**item, **dates, "withheld": True, "place": None, "pcode": None}
        if out.get("facility"):
            out["facility"] = {**out["facility"], "name": None}
        if "reports" in out:
            out["reports"] = [
                {**r, "place": None, "pcode": None, "url": None} for r in out["reports"]
            ]
        return out

    @app.get("/incidents", response_class=HTMLResponse, include_in_schema=False)
    def incidents_page(
        request: Request,
        who: Who,
        gov: str | None = None,
        page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    ) -> HTMLResponse:
        """Reconciled incidents once ``tawthiq incidents reconcile`` has run, else the reports."""
        need(who, "read")
        admin1 = gov.strip().upper() if gov else None
        rows, total = incidents.incident_page(engine, admin1=admin1, page=page, per_page=PER_PAGE)
        if not total and not incidents.incident_page(engine, per_page=1)[1]:
            return incident_reports_page(request, who, gov, page)  # nothing reconciled yet
        return render(
            request,
            who,
            "incidents_reconciled.html",
            rows=[incident_view(who, r) for r in rows],
            total=total,
            page=page,
            pages=max(1, -(-total // PER_PAGE)),
            gov=gov or "",
        )

    @app.get("/incidents/reports", response_class=HTMLResponse, include_in_schema=False)
    def incident_reports_page(
        request: Request,
        who: Who,
        gov: str | None = None,
        page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    ) -> HTMLResponse:
        need(who, "read")
        with engine.connect() as conn:
            found = browse.list_incidents(conn, admin1=gov or None, page=page, per_page=PER_PAGE)
        return render(request, who, "incidents.html", found=found, gov=gov or "")

    @app.get("/incidents/{incident_id}", response_class=HTMLResponse, include_in_schema=False)
    def incident_page(
        request: Request, who: Who, incident_id: Annotated[int, PathParam(ge=1, le=MAX_ID)]
    ) -> HTMLResponse:
        need(who, "read")
        try:
            item = incidents.incident_detail(engine, incident_id)
        except TawthiqError:
            raise HTTPException(404, "no such incident") from None
        return render(
            request,
            who,
            "incident_reconciled.html",
            i=incident_view(who, item),
            grades=[g.value for g in Grade],
        )

    @app.post("/incidents/{incident_id}/grade", include_in_schema=False)
    def incident_grade(
        request: Request,
        who: Who,
        incident_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
        grade: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        """A reviewer's grade with the note saying why (empty grade: back to the computed one);
        audited by ``tawthiq.incidents.override_grade``."""
        need(who, "analyse")
        require_csrf(request, who, csrf)
        try:
            incidents.override_grade(
                engine, incident_id, grade or None, note=note, run_by=who.username
            )
        except TawthiqError as err:
            raise HTTPException(400, str(err)) from None
        return RedirectResponse(f"/incidents/{incident_id}", status_code=303)

    @app.get("/incidents/reports/{report_id}", response_class=HTMLResponse, include_in_schema=False)
    def incident_report_page(
        request: Request, who: Who, report_id: Annotated[int, PathParam(ge=1, le=MAX_ID)]
    ) -> HTMLResponse:
        need(who, "read")
        with engine.connect() as conn:
            row = browse.incident_detail(conn, report_id)
        if row is None:
            raise HTTPException(404, "no such incident report")
        return render(request, who, "incident.html", i=row)

    def _evidence_page(request: Request, who: Who, **extra: Any) -> HTMLResponse:
        from tawthiq.store import evidence as vault_db

        with engine.connect() as conn:
            items = [
                {**item, "custody": len(vault_db.custody_ids(conn, int(item["id"])))}
                for item in vault_db.iter_evidence_items(conn)
                if may_see(who.role, str(item.get("sensitivity") or "restricted"))
            ]
            latest = vault_db.latest_checkpoint(conn)
            size = vault_db.log_size(conn)
        checkpoint = None if latest is None else {"size": latest[0], "root": latest[1].hex()}
        return render(
            request,
            who,
            "evidence.html",
            items=items,
            checkpoint=checkpoint,
            log_size=size,
            writable=workspace is not None,
            **extra,
        )

    @app.get("/evidence", response_class=HTMLResponse, include_in_schema=False)
    def evidence_page(request: Request, who: Who) -> HTMLResponse:
        need(who, "read")
        return _evidence_page(request, who)

    @app.post("/evidence", response_class=HTMLResponse, include_in_schema=False)
    async def evidence_upload(
        request: Request,
        who: Who,
        file: UploadFile,
        csrf: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "",
    ) -> HTMLResponse:
        """Add an uploaded file to the vault (streamed to disk, hashed, logged, sealed)."""
        need(who, "evidence")
        require_csrf(request, who, csrf)
        if workspace is None:
            raise HTTPException(409, "this server has no evidence vault")
        from tawthiq.evidence import add_files

        name = PurePath(file.filename or "upload.bin").name
        with tempfile.TemporaryDirectory(prefix="tawthiq-evidence-") as tmp:
            path = Path(tmp) / name
            with path.open("wb") as out:
                while chunk := await file.read(1 << 20):
                    out.write(chunk)
            added = await run_in_threadpool(
                add_files, workspace, engine, [path], note=note or None, actor=who.username
            )
        return _evidence_page(request, who, added=added[0])

    @app.post("/evidence/verify", response_class=HTMLResponse, include_in_schema=False)
    def evidence_verify(request: Request, who: Who, csrf: Annotated[str, Form()] = "") -> Response:
        """Re-hash every blob and rebuild the log against its signed checkpoints."""
        need(who, "verify")
        require_csrf(request, who, csrf)
        if workspace is None:
            raise HTTPException(409, "this server has no evidence vault")
        from tawthiq.evidence import ensure_log_key, verify

        signer, _ = ensure_log_key(workspace)
        with engine.connect() as conn:
            report = verify(conn, signer.verifier, workspace.blobs_dir)
        return _evidence_page(request, who, verified=report)

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_queue_page(request: Request, who: Who) -> HTMLResponse:
        need(who, "review")
        from tawthiq.link import review_list

        run, queue = review_list(engine, limit=200)
        pairs = queue.to_dict("records")
        return render(request, who, "review_list.html", run=run, pairs=pairs)

    @app.get("/review/{pair_id}", response_class=HTMLResponse, include_in_schema=False)
    def review_pair_page(
        request: Request, who: Who, pair_id: Annotated[int, PathParam(ge=1, le=MAX_ID)]
    ) -> HTMLResponse:
        need(who, "review")
        from tawthiq.link import review_list, review_show

        try:
            pair = review_show(engine, pair_id)
        except TawthiqError:
            raise HTTPException(404, "no such review pair") from None
        sides = [visible_fields(who.role, vars(v)) for v in (pair.left, pair.right)]
        _run, queue = review_list(engine, limit=200)
        following = [int(i) for i in queue["pair_id"].tolist() if int(i) != pair_id]
        return render(
            request,
            who,
            "review_pair.html",
            pair=pair,
            sides=sides,
            next_pair=following[0] if following else None,
        )

    @app.post("/review/{pair_id}", include_in_schema=False)
    def review_decide(
        request: Request,
        who: Who,
        pair_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
        decision: Annotated[str, Form()],
        csrf: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "",
        next_pair: Annotated[str, Form()] = "",
    ) -> Response:
        need(who, "review")
        require_csrf(request, who, csrf)
        from tawthiq.link import decide_pair

        try:
            decide_pair(engine, decision, pair_id, decided_by=who.username, note=note or None)
        except TawthiqError as err:
            raise HTTPException(400, str(err)) from None
        target = f"/review/{int(next_pair)}" if next_pair.isdigit() else "/review"
        return RedirectResponse(target, status_code=303)

    # ---- record edits ----------------------------------------------------------------------

    @app.get("/records/{record_id}/edit", response_class=HTMLResponse, include_in_schema=False)
    def record_edit_page(
        request: Request, who: Who, record_id: Annotated[int, PathParam(ge=1, le=MAX_ID)]
    ) -> HTMLResponse:
        need(who, "edit")
        with engine.connect() as conn:
            row = browse.record_detail(conn, record_id, max_level=clearance(who.role))
        if row is None:
            raise HTTPException(404, "no such record")
        return _edit_form(request, who, row)

    def _edit_form(
        request: Request, who: auth.Principal, row: dict[str, Any], status: int = 200, **extra: Any
    ) -> HTMLResponse:
        fields = edits.editable_fields(who.role)
        levels = [level for level in LEVELS if may_see(who.role, level)]
        shown = visible_fields(who.role, row)  # the form shows nothing the role may not see
        return render(
            request,
            who,
            "record_edit.html",
            status,
            r=shown,
            fields=fields,
            labels=edits.FIELD_LABELS,
            levels=levels,
            **extra,
        )

    @app.post("/records/{record_id}/edit", include_in_schema=False)
    async def record_edit(
        request: Request, who: Who, record_id: Annotated[int, PathParam(ge=1, le=MAX_ID)]
    ) -> Response:
        """Save the edited fields (one transaction with its audit event) and show the record."""
        need(who, "edit")
        form = await request.form()
        require_csrf(request, who, str(form.get("csrf", "")))
        values = {k: str(v) for k, v in form.items() if k in edits.EDITABLE_FIELDS}
        result = await run_in_threadpool(
            edits.edit_record, engine, record_id, values, role=who.role, actor=who.username
        )
        if not result.found:
            raise HTTPException(404, "no such record")
        if result.errors:
            with engine.connect() as conn:
                row = browse.record_detail(conn, record_id, max_level=clearance(who.role))
            assert row is not None
            shown = row | {k: v for k, v in values.items() if k in edits.editable_fields(who.role)}
            return _edit_form(request, who, shown, 400, errors=result.errors)
        return RedirectResponse(f"/records/{record_id}?saved={len(result.changed)}", 303)

    # ---- accounts (admins) -----------------------------------------------------------------

    def _users_page(
        request: Request, who: auth.Principal, status: int = 200, **extra: Any
    ) -> HTMLResponse:
        from tawthiq.store import users as accounts

        with engine.connect() as conn:
            rows = accounts.list_users(conn)
        return render(request, who, "users.html", status, users=rows, roles=ROLES, **extra)

    @app.get("/users", response_class=HTMLResponse, include_in_schema=False)
    def users_page(request: Request, who: Who) -> HTMLResponse:
        need(who, "manage_users")
        return _users_page(request, who)

    @app.post("/users", response_class=HTMLResponse, include_in_schema=False)
    def user_add(
        request: Request,
        who: Who,
        username: Annotated[str, Form()],
        password: Annotated[str, Form()],
        role: Annotated[str, Form()],
        csrf: Annotated[str, Form()] = "",
        locale: Annotated[str, Form()] = "ar",
    ) -> HTMLResponse:
        """Add an account (audit event ``user_add``); the password is never shown again."""
        need(who, "manage_users")
        require_csrf(request, who, csrf)
        try:
            auth.add_user(
                engine,
                username.strip(),
                password,
                role,
                locale if locale in LANGUAGES else "ar",
                added_by=who.username,
            )
        except TawthiqError as err:
            return _users_page(request, who, 400, error=str(err))
        return _users_page(request, who, added=username.strip())

    def _change_user(
        request: Request, who: auth.Principal, user_id: int, csrf: str, **change: Any
    ) -> Response:
        """Set a role or the active flag of another account, with an audit event (old, new)."""
        from tawthiq.store import users as accounts

        need(who, "manage_users")
        require_csrf(request, who, csrf)
        if user_id == who.user_id:
            raise HTTPException(400, "change your own account from another admin's session")
        with engine.begin() as conn:
            user = accounts.user_by_id(conn, user_id)
            if user is None:
                raise HTTPException(404, "no such user")
            old: str | bool
            new: str | bool
            if "role" in change:
                if change["role"] not in ROLES:
                    raise HTTPException(400, f"role must be one of {', '.join(ROLES)}")
                old, new, action = user.role, str(change["role"]), "user_role"
                accounts.set_role(conn, user_id, new)
            else:
                old, new, action = user.active, bool(change["active"]), "user_active"
                accounts.set_active(conn, user_id, new)
            if old != new:
                add_audit_event(
                    conn,
                    actor=who.username,
                    action=action,
                    entity="user",
                    entity_id=str(user_id),
                    detail={"username": user.username, "old": old, "new": new},
                )
        return RedirectResponse("/users", status_code=303)

    @app.post("/users/{user_id}/role", include_in_schema=False)
    def user_role(
        request: Request,
        who: Who,
        user_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
        role: Annotated[str, Form()],
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        return _change_user(request, who, user_id, csrf, role=role)

    @app.post("/users/{user_id}/active", include_in_schema=False)
    def user_active(
        request: Request,
        who: Who,
        user_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
        active: Annotated[str, Form()],
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        """Disable (``active=0``: sessions end, tokens stop working) or enable an account."""
        if active not in ("0", "1"):
            raise HTTPException(400, "active must be 0 or 1")
        return _change_user(request, who, user_id, csrf, active=active == "1")

    # ---- JSON API --------------------------------------------------------------------------

    @app.get("/api/v1/stats")
    def api_stats(who: Who) -> dict[str, Any]:
        """Record counts by source, governorate and month (no names: open to every role)."""
        counts = app.state.counts.current()
        return {
            what: [{"key": k, "records": n} for k, n in rows]
            for what, rows in (
                ("source", counts.by_source),
                ("governorate", counts.by_governorate),
                ("month", counts.by_month),
            )
        }

    @app.get("/api/v1/records")
    async def api_records(
        request: Request,
        q: str = "",
        source: str | None = None,
        gov: str | None = None,
        year: str | None = None,
        page: Annotated[int, Query(ge=1, le=SEARCH_PAGES)] = 1,
    ) -> JSONResponse:
        """Records the caller may see; ``q`` matches names in either script via name keys.

        ``total`` is the number of matches when ``total_exact`` is true; otherwise there are
        more than ``total`` (counting stops at 1,000) and a narrower search lists them. With
        ``q``, the closest names come first, each record with its ``match``: ``exact`` (spelled
        as typed), ``same_name`` (another spelling of the same name) or ``key`` (the same
        cross-script key only); then, and without ``q``, records come in date order.
        """
        # The API's busiest call runs on the worker's event loop, not in a thread: a search is
        # bounded (a capped count over covering indexes, a few milliseconds), and handing it to
        # a thread cost more than that under load (threads contend for the GIL): with 20
        # clients on 2 cores, p95 fell from 226-266 ms to 111-119 ms (docs/benchmarks.md).
        return api_search(request, q, source, gov, year, page)

    def api_search(
        request: Request, q: str, source: str | None, gov: str | None, year: str | None, page: int
    ) -> JSONResponse:
        found, keys = _search(principal(request), q, source, gov, year, page)
        # Serialised here: FastAPI's generic encoder would cost more than the search.
        return _RecordsJSON(
            {
                "total": found.total,
                "total_exact": found.total_exact,
                "page": found.page,
                "per_page": found.per_page,
                "name_keys": keys,
                "records": found.rows,
            }
        )

    @app.get("/api/v1/incidents")
    def api_incidents(
        who: Who,
        gov: str | None = None,
        page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    ) -> dict[str, Any]:
        """Reconciled incidents, 50 a page in date order: counts as ranges, grade, attribution
        (a contested one kept as such); ``total`` counts them all."""
        need(who, "read")
        admin1 = gov.strip().upper() if gov else None
        rows, total = incidents.incident_page(engine, admin1=admin1, page=page, per_page=PER_PAGE)
        return {
            "total": total,
            "page": page,
            "per_page": PER_PAGE,
            "incidents": [incident_view(who, r) for r in rows],
        }

    @app.get("/api/v1/incidents/{incident_id}")
    def api_incident(
        who: Who, incident_id: Annotated[int, PathParam(ge=1, le=MAX_ID)]
    ) -> dict[str, Any]:
        """One incident: range, best figure and its rule, grade and reasons, the sources'
        claims, belligerents with their assessments, named victims."""
        need(who, "read")
        try:
            item = incidents.incident_detail(engine, incident_id)
        except TawthiqError:
            raise HTTPException(404, "no such incident") from None
        return incident_view(who, item)

    @app.get("/api/v1/records/{record_id}")
    def api_record(
        who: Who, record_id: Annotated[int, PathParam(ge=1, le=MAX_ID)]
    ) -> dict[str, Any]:
        need(who, "read")
        with engine.connect() as conn:
            row = browse.record_detail(conn, record_id, max_level=clearance(who.role))
        if row is None:
            raise HTTPException(404, "no such record")
        return _jsonable(visible_fields(who.role, row))

    return app


_SECURITY_HEADERS = [
    (b"content-security-policy", _CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Adds the security headers to every response (and ``no-store`` unless one is set).

    A plain ASGI middleware: Starlette's ``@app.middleware("http")`` wraps every response in a
    stream and costs more per request than a search of a small store.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k not in _HEADER_NAMES]
                headers += _SECURITY_HEADERS
                if not any(k == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


_HEADER_NAMES = {k for k, _ in _SECURITY_HEADERS}


def require_csrf(request: Request, who: auth.Principal, supplied: str) -> None:
    """Every state-changing POST: the session's token as a form field or an htmx header."""
    if not auth.check_csrf(who, supplied or request.headers.get("x-csrf-token")):
        raise HTTPException(403, "missing or wrong CSRF token")


def _date_order(value: str) -> DateOrder | None:
    if value in ("dmy", "mdy", "ymd"):
        return cast(DateOrder, value)
    if value:
        raise HTTPException(400, "date order must be dmy, mdy or ymd")
    return None


def _iso_date(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class _RecordsJSON(JSONResponse):
    """JSON with dates as ISO text, converted by the encoder rather than row by row."""

    def render(self, content: Any) -> bytes:
        return json.dumps(
            content, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_iso_date
        ).encode("utf-8")


def _match(row: dict[str, Any]) -> dict[str, Any]:
    return {"match": row["match"]} if "match" in row else {}


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()}


def _safe_next(target: str, *, same_site_url: bool = False) -> str:
    """Only local paths: never redirect a user to another site after sign-in."""
    if same_site_url and "://" in target:
        target = "/" + target.split("://", 1)[1].partition("/")[2]
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
