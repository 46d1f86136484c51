"""What `ktxh check` finds: a finding of a rule (kt_xh.checks.registry), at a place in a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "loi"
    WARNING = "canh-bao"


@dataclass(frozen=True)
class Finding:
    """Made by `Rule.finding`, which sets the rule's id and severity."""

    rule: str
    """Stable rule id (docs/quy_tac_kiem_tra.md)."""
    severity: Severity
    file: str
    line: int | None
    indicator: str | None
    message: str
    """In Vietnamese: what is wrong."""
    hint: str = ""
    """In Vietnamese: what to do."""
    figures: dict[str, str] = field(default_factory=dict)
    """The figures involved, as the report writes them."""
    acknowledged: str | None = None
    """The reason the office gave for accepting this finding, if it did."""

    @property
    def fails(self) -> bool:
        return self.acknowledged is None and self.severity is Severity.ERROR

    @property
    def open_warning(self) -> bool:
        return self.acknowledged is None and self.severity is Severity.WARNING
