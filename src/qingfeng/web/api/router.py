"""Routes of the JSON API. Authentication is the same signed session cookie as the pages;
a client first GETs /api/v1/session for its CSRF token, then logs in with POST and sends
the token as X-CSRF-Token on every change. Refusals answer JSON: 401 not logged in,
403 not allowed (role), 404 unknown or outside the jurisdiction, 400 refused by the
workflow, 409 recusal (with cross-jurisdiction suggestions), 422 malformed body."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from qingfeng.audit import service as audit
from qingfeng.cases import service as cases
from qingfeng.cases.errors import CaseError, RecusalRefused
from qingfeng.cases.queries import ClueFilters
from qingfeng.regions.models import Unit
from qingfeng.users import service as accounts
from qingfeng.users.models import User
from qingfeng.users.permissions import Action
from qingfeng.users.service import LoginOutcome
from qingfeng.web import clue_ops
from qingfeng.web.api import admin
from qingfeng.web.api.schemas import (
    AssignIn,
    ClueDetailOut,
    ClueListOut,
    ClueOut,
    LoginIn,
    MergeIn,
    ReasonIn,
    RefusalOut,
    SessionOut,
    TransitionIn,
    clue_detail,
    unit_out,
    user_out,
)
from qingfeng.web.db import get_db
from qingfeng.web.deps import optional_user, require
from qingfeng.web.imports import ImportFailed, import_upload
from qingfeng.web.security import session_csrf_token
from qingfeng.web.views.auth import login_floor, note_refusal, start_session

router = APIRouter()
router.include_router(admin.router)


def refusal(error: CaseError) -> JSONResponse:
    suggestions = [unit_out(u) for u in error.suggestions] if isinstance(error, RecusalRefused) else []
    body = RefusalOut(code=error.code, zh=error.zh, en=error.en, suggestions=suggestions)
    status = 409 if isinstance(error, RecusalRefused) else clue_ops.case_error_status(error)
    return JSONResponse(body.model_dump(mode="json"), status_code=status)


@router.get("/session", response_model=SessionOut, tags=["session"])
def session_info(request: Request, user: User | None = Depends(optional_user)) -> SessionOut:
    return SessionOut(csrf_token=session_csrf_token(request), user=user_out(user) if user else None)


@router.post("/session", response_model=SessionOut, tags=["session"])
def session_login(request: Request, body: LoginIn, db: Session = Depends(get_db)) -> SessionOut:
    """Log in; an account with TOTP needs `totp_code` in the same request."""
    with login_floor(request):
        step = "password"
        result = accounts.authenticate_password(db, username=body.username, password=body.password)
        if result.outcome is LoginOutcome.NEED_TOTP and result.user is not None:
            result = accounts.authenticate_totp(db, user_id=result.user.id, code=body.totp_code or "")
            step = "totp"
        if result.outcome is not LoginOutcome.OK or result.user is None:
            note_refusal(request, db, result, step=step)
            raise HTTPException(status_code=401, detail="login refused")
        start_session(request, db, result.user)
        return SessionOut(csrf_token=session_csrf_token(request), user=user_out(result.user))


@router.delete("/session", status_code=204, tags=["session"])
def session_logout(request: Request) -> None:
    request.session.clear()


@router.get("/clues", response_model=ClueListOut, tags=["clues"])
def api_list_clues(
    filters: ClueFilters = Depends(clue_ops.make_filters),
    sort: str | None = None,
    q: str | None = Query(None, max_length=200),
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(clue_ops.PAGE_SIZE, ge=1, le=200),
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_READ)),
) -> ClueListOut:
    listing = cases.list_clues(
        db, viewer=user, filters=filters, sort=clue_ops.check_sort(sort), page=page, page_size=page_size, q=q
    )
    items = [ClueOut.model_validate(c) for c in listing.items]
    return ClueListOut(
        items=items, total=listing.total, page=listing.page, page_size=listing.page_size, pages=listing.pages
    )


@router.get("/clues/{clue_id}", response_model=ClueDetailOut, tags=["clues"])
def api_get_clue(
    clue_id: int, db: Session = Depends(get_db), user: User = Depends(require(Action.CLUE_READ))
) -> ClueDetailOut:
    clue = clue_ops.visible_clue(db, user, clue_id)
    audit.record_view(db, viewer=user, object_type="clue", object_id=clue_id, what="detail")
    return clue_detail(clue, cases.history(db, clue), clue_ops.available_actions(clue, user))


def _detail(db: Session, clue_id: int, user: User) -> ClueDetailOut:
    clue = clue_ops.visible_clue(db, user, clue_id)
    return clue_detail(clue, cases.history(db, clue), clue_ops.available_actions(clue, user))


@router.post("/clues/{clue_id}/transition", response_model=ClueDetailOut, tags=["clues"])
def api_transition(
    clue_id: int,
    body: TransitionIn,
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_TRANSITION)),
) -> ClueDetailOut | JSONResponse:
    clue = clue_ops.visible_clue(db, user, clue_id)
    try:
        cases.transition(
            db, clue=clue, action=body.action, actor=user, reason=body.reason, fields=body.fields
        )
    except CaseError as error:
        return refusal(error)
    return _detail(db, clue_id, user)


@router.post(
    "/clues/{clue_id}/assign",
    response_model=ClueDetailOut,
    responses={409: {"model": RefusalOut, "description": "recusal required"}},
    tags=["clues"],
)
def api_assign(
    clue_id: int,
    body: AssignIn,
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_ASSIGN)),
) -> ClueDetailOut | JSONResponse:
    clue = clue_ops.visible_clue(db, user, clue_id)
    handler = db.get(User, body.handler_id) if body.handler_id is not None else None
    unit = db.get(Unit, body.unit_id) if body.unit_id is not None else None
    if (body.handler_id is not None and handler is None) or (body.unit_id is not None and unit is None):
        raise HTTPException(status_code=400, detail="unknown handler or unit")
    try:
        cases.assign(db, clue=clue, handler=handler, unit=unit, actor=user, reason=body.reason)
    except CaseError as error:
        return refusal(error)
    return _detail(db, clue_id, user)


@router.post("/clues/{clue_id}/recuse", response_model=ClueDetailOut, tags=["clues"])
def api_recuse(
    clue_id: int,
    body: ReasonIn,
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_RECUSE)),
) -> ClueDetailOut | JSONResponse:
    clue = clue_ops.visible_clue(db, user, clue_id)
    try:
        cases.recuse(db, clue=clue, handler=user, reason=body.reason)
    except CaseError as error:
        return refusal(error)
    return _detail(db, clue_id, user)


@router.post("/clues/{clue_id}/merge", response_model=ClueDetailOut, tags=["clues"])
def api_merge(
    clue_id: int,
    body: MergeIn,
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_MERGE)),
) -> ClueDetailOut | JSONResponse:
    clue = clue_ops.visible_clue(db, user, clue_id)
    keep = clue_ops.visible_clue(db, user, body.into)
    try:
        cases.merge_clues(db, keep=keep, merge=clue, actor=user, reason=body.reason)
    except CaseError as error:
        return refusal(error)
    return _detail(db, keep.id, user)


@router.get("/overdue", response_model=list[ClueOut], tags=["clues"])
def api_overdue(
    db: Session = Depends(get_db), user: User = Depends(require(Action.CLUE_READ))
) -> list[ClueOut]:
    return [ClueOut.model_validate(c) for c in cases.overdue(db, viewer=user)]


@router.post("/clues/import", tags=["clues"])
async def api_import(
    file: UploadFile = File(...),
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_IMPORT)),
) -> JSONResponse:
    """Import a clue file (JSONL as `qingfeng scan` writes it); any bad line refuses the whole file."""
    try:
        summary = await import_upload(db, user=user, upload=file)
    except ImportFailed as failure:
        return JSONResponse({"detail": str(failure)}, status_code=400)
    return JSONResponse(summary.as_dict())
