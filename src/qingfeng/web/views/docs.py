"""/docs: the Swagger UI for the JSON API, served from vendored files (no CDN; CSP-clean)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from qingfeng.users.models import User
from qingfeng.web.deps import current_user, render

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def api_docs(request: Request, user: User = Depends(current_user)) -> Response:
    return render(request, "docs/swagger.html", {}, user=user)
