"""Clue pages: the inbox (filters, sort, search, pages; HTMX partial or full page), the clue
detail with only the actions allowed now, assignment with recusal refusals, the overdue board,
and the clue-file import."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from qingfeng.audit import service as audit
from qingfeng.cases import flows
from qingfeng.cases import service as cases
from qingfeng.cases.errors import CaseError, RecusalRefused
from qingfeng.cases.models import CaseOutcome
from qingfeng.cases.queries import ClueFilters
from qingfeng.clues.models import ClueSource
from qingfeng.models.base import Offence, Sector
from qingfeng.regions.models import Unit
from qingfeng.users.models import User
from qingfeng.users.permissions import Action
from qingfeng.web import clue_ops
from qingfeng.web.db import get_db
from qingfeng.web.deps import is_htmx, language, render, require
from qingfeng.web.imports import ImportFailed, import_upload

router = APIRouter(include_in_schema=False)

STATE_CHOICES = [(state.value, info) for state, info in flows.STATES.items()]


@router.get("/clues")
def inbox(
    request: Request,
    filters: ClueFilters = Depends(clue_ops.make_filters),
    sort: str | None = None,
    q: str | None = Query(None, max_length=200),
    page: int = Query(1, ge=1, le=100_000),
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_READ)),
) -> Response:
    order = clue_ops.check_sort(sort)
    listing = cases.list_clues(
        db, viewer=user, filters=filters, sort=order, page=page, page_size=clue_ops.PAGE_SIZE, q=q
    )
    query = {k: v for k, v in request.query_params.items() if k != "page" and v}
    context: dict[str, Any] = {
        "listing": listing,
        "filters": filters,
        "sort": order,
        "q": q or "",
        "query": query,
        "states": STATE_CHOICES,
        "sectors": [s.value for s in Sector],
        "sources": [s.value for s in ClueSource],
        "offences": [o.value for o in Offence],
        "sort_choices": clue_ops.SORT_CHOICES,
    }
    if is_htmx(request) and request.headers.get("hx-target") == "clue-results":
        return render(request, "clues/_results.html", context, user=user)
    context.update(clue_ops.filter_options(db, user))
    return render(request, "clues/inbox.html", context, user=user)


def _detail_context(db: Session, clue_id: int, user: User) -> dict[str, Any]:
    clue = clue_ops.visible_clue(db, user, clue_id)
    outcome = db.scalars(select(CaseOutcome).where(CaseOutcome.clue_id == clue.id)).first()
    return {
        "clue": clue,
        "states": flows.STATES,
        "timeline": cases.history(db, clue),
        "outcome": outcome,
        "actions": clue_ops.available_actions(clue, user),
        "locked": clue.state in flows.LOCKED_STATES,
        "error": None,
    }


@router.get("/clues/{clue_id}")
def clue_detail(
    request: Request,
    clue_id: int,
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_READ)),
) -> Response:
    context = _detail_context(db, clue_id, user)
    audit.record_view(db, viewer=user, object_type="clue", object_id=clue_id, what="detail")
    return render(request, "clues/detail.html", context, user=user)


def _refused(request: Request, db: Session, clue_id: int, user: User, error: CaseError) -> Response:
    db.rollback()
    context = _detail_context(db, clue_id, user)
    context["error"] = error.message(language(request))
    return render(
        request, "clues/detail.html", context, user=user, status_code=clue_ops.case_error_status(error)
    )


@router.post("/clues/{clue_id}/transition")
async def clue_transition(
    request: Request,
    clue_id: int,
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_TRANSITION)),
) -> Response:
    form = await request.form()
    action = str(form.get("action", ""))
    clue = clue_ops.visible_clue(db, user, clue_id)
    rule = flows.find_rule(action, clue.state)
    fields = clue_ops.transition_fields(rule, form) if rule else {}
    try:
        cases.transition(
            db, clue=clue, action=action, actor=user, reason=str(form.get("reason", "")), fields=fields
        )
    except CaseError as error:
        return _refused(request, db, clue_id, user, error)
    return RedirectResponse(f"/clues/{clue_id}", status_code=303)


def _assign_page(
    request: Request,
    db: Session,
    clue_id: int,
    user: User,
    refusal: RecusalRefused | None = None,
    status: int = 200,
) -> Response:
    clue = clue_ops.visible_clue(db, user, clue_id)
    context = {
        "clue": clue,
        "candidates": clue_ops.assign_candidates(db, clue, user),
        "units": clue_ops.assignable_units(db, user),
        "suggestions": refusal.suggestions if refusal else clue_ops.cross_suggestions(db, clue),
        "refusal": refusal,
    }
    return render(request, "clues/assign.html", context, user=user, status_code=status)


@router.get("/clues/{clue_id}/assign")
def assign_form(
    request: Request,
    clue_id: int,
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_ASSIGN)),
) -> Response:
    return _assign_page(request, db, clue_id, user)


@router.post("/clues/{clue_id}/assign")
def assign_submit(
    request: Request,
    clue_id: int,
    handler_id: str = Form(""),
    unit_id: str = Form(""),
    reason: str = Form("", max_length=2000),
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_ASSIGN)),
) -> Response:
    clue = clue_ops.visible_clue(db, user, clue_id)
    handler = db.get(User, int(handler_id)) if handler_id.strip().isdigit() else None
    unit = db.get(Unit, int(unit_id)) if unit_id.strip().isdigit() else None
    if (handler_id.strip() and handler is None) or (unit_id.strip() and unit is None):
        raise HTTPException(status_code=400, detail="unknown handler or unit")
    try:
        cases.assign(db, clue=clue, handler=handler, unit=unit, actor=user, reason=reason)
    except RecusalRefused as refusal:
        db.rollback()
        return _assign_page(request, db, clue_id, user, refusal, status=409)
    except CaseError as error:
        return _refused(request, db, clue_id, user, error)
    return RedirectResponse(f"/clues/{clue_id}", status_code=303)


@router.post("/clues/{clue_id}/recuse")
def recuse_submit(
    request: Request,
    clue_id: int,
    reason: str = Form("", max_length=2000),
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_RECUSE)),
) -> Response:
    clue = clue_ops.visible_clue(db, user, clue_id)
    try:
        cases.recuse(db, clue=clue, handler=user, reason=reason)
    except CaseError as error:
        return _refused(request, db, clue_id, user, error)
    return RedirectResponse(f"/clues/{clue_id}", status_code=303)


@router.post("/clues/{clue_id}/merge")
def merge_submit(
    request: Request,
    clue_id: int,
    into: int = Form(...),
    reason: str = Form("", max_length=2000),
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_MERGE)),
) -> Response:
    clue = clue_ops.visible_clue(db, user, clue_id)
    keep = clue_ops.visible_clue(db, user, into)
    try:
        cases.merge_clues(db, keep=keep, merge=clue, actor=user, reason=reason)
    except CaseError as error:
        return _refused(request, db, clue_id, user, error)
    return RedirectResponse(f"/clues/{keep.id}", status_code=303)


@router.get("/overdue")
def overdue_board(
    request: Request, db: Session = Depends(get_db), user: User = Depends(require(Action.CLUE_READ))
) -> Response:
    clues = cases.overdue(db, viewer=user)
    return render(request, "clues/overdue.html", {"clues": clues, "states": flows.STATES}, user=user)


@router.post("/clues/import")
async def import_submit(
    request: Request,
    file: UploadFile = File(...),
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.CLUE_IMPORT)),
) -> Response:
    try:
        summary = await import_upload(db, user=user, upload=file)
    except ImportFailed as failure:
        db.rollback()
        return render(
            request,
            "clues/import_result.html",
            {"error": str(failure), "summary": None},
            user=user,
            status_code=400,
        )
    return render(
        request, "clues/import_result.html", {"error": None, "summary": summary.as_dict()}, user=user
    )
