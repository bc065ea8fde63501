"""What mapping.yaml may hold, as pydantic models: imported by ctip.intake.mapping only when a
folder has a mapping.yaml, so that reading a file (and `ctip check`) does not pay for pydantic."""

from __future__ import annotations

from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_ROW = 1_048_576  # the last row of a spreadsheet


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid")
    use: Union[bool, Literal["use", "ignore"], None] = None
    year: int | None = Field(default=None, ge=1990, le=2100)


class _Spec(BaseModel):
    """What mapping.yaml may hold. Keys are what people write (sheet names, labels), values are
    checked against the schema after this."""

    model_config = ConfigDict(extra="forbid")
    labels: dict[str, str] = Field(default_factory=dict, max_length=5000)
    ignore_sheets: list[str] = Field(default_factory=list, max_length=500)
    ignore_rows: dict[str, list[int]] = Field(default_factory=dict, max_length=500)
    layout: dict[str, str] = Field(default_factory=dict, max_length=500)
    tables: dict[str, Union[Literal["use", "ignore"], _Table]] = Field(default_factory=dict, max_length=500)

    @field_validator("ignore_rows")
    @classmethod
    def _rows(cls, value: dict[str, list[int]]) -> dict[str, list[int]]:
        for sheet, rows in value.items():
            if len(rows) > 10_000:
                raise ValueError(f"too many rows listed for sheet '{sheet}'")
            bad = [r for r in rows if not 1 <= r <= MAX_ROW]
            if bad:
                raise ValueError(f"row numbers for sheet '{sheet}' must be between 1 and {MAX_ROW} (got {bad[0]})")
        return value
