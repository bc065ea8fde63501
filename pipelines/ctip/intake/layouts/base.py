"""What a layout detector returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Detection:
    layout: str
    confidence: float  # 0..1
    header_row: int  # zero-based
    columns: dict[str, int] = field(default_factory=dict)  # role -> column index
    extra: dict = field(default_factory=dict)
