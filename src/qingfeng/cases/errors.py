"""Refusals of the case services, each with a code and a message in Chinese and English."""

from __future__ import annotations

from typing import Any

from qingfeng.regions.models import Unit


class CaseError(Exception):
    """A refused request; `code` is stable for programs, `zh` and `en` are for people."""

    def __init__(self, code: str, zh: str, en: str, **details: Any) -> None:
        super().__init__(f"{zh} / {en}")
        self.code = code
        self.zh = zh
        self.en = en
        self.details = details

    def message(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


class WorkflowRefused(CaseError):
    """The transition table does not allow this move (wrong state, missing reason or fields, locked)."""


class PermissionRefused(CaseError):
    """The user's role or jurisdiction does not allow this."""


class RecusalRefused(CaseError):
    """The handler (or unit) must not handle this clue; `suggestions` are units of other townships."""

    def __init__(self, code: str, zh: str, en: str, *, suggestions: list[Unit], **details: Any) -> None:
        super().__init__(code, zh, en, **details)
        self.suggestions = suggestions
