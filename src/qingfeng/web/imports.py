"""Importing a clue file (one JSON object a line, as `qingfeng scan` writes) uploaded through
the page or the API. The whole file is checked first; any bad line refuses it all."""

from __future__ import annotations

from fastapi import UploadFile
from sqlalchemy.orm import Session

from qingfeng.clues.schemas import ImportRefused
from qingfeng.clues.service import ImportSummary, import_numbered, read_jsonl
from qingfeng.users.models import User

MAX_UPLOAD_BYTES = 64 * 1024 * 1024


class ImportFailed(ValueError):
    """The upload was refused; nothing was imported. The message is bilingual."""


async def import_upload(db: Session, *, user: User, upload: UploadFile) -> ImportSummary:
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFailed(f"文件过大 / file larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MiB")
    return import_bytes(db, user=user, data=data, name=upload.filename or "upload")


def import_bytes(db: Session, *, user: User, data: bytes, name: str) -> ImportSummary:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(f"文件不是 UTF-8 / the file is not UTF-8 (byte {error.start})") from None
    try:
        return import_numbered(
            db, numbered=read_jsonl(text.splitlines()), actor=user, scan_label=f"upload:{name[:100]}"
        )
    except ImportRefused as refused:
        raise ImportFailed(str(refused)) from None
