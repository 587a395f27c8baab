"""Reading an uploaded CSV file into rows with their line numbers, within fixed bounds.

Shared by the catalog and the stock import (inventory sits above catalog): both want the
same answers for a file that is too big, not UTF-8, or has the wrong header, and both
report a bad row by the line a spreadsheet shows."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from opsdesk.kernel.errors import InvalidInput

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000


@dataclass(frozen=True)
class RowError:
    """A row that cannot be imported: its line in the file and what is wrong with it."""

    line: int
    message: str
    key: str = ""  # the row's SKU (or other key) when it has one


@dataclass(frozen=True)
class Table:
    rows: list[tuple[int, dict[str, str]]]  # (line number, cells by column name)
    errors: list[RowError]  # rows whose shape is wrong (more cells than columns)


def read_table(data: bytes, columns: Sequence[str], *, required: Iterable[str]) -> Table:
    """The rows of ``data`` keyed by header name; the whole file is refused (InvalidInput)
    when it is too large, not UTF-8, or its header lacks or mistypes a column."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it",
            details={"field": "file", "limit_bytes": MAX_BYTES},
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"the file is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8",
            details={"field": "file"},
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = _header(reader, columns, required)
    errors: list[RowError] = []
    return Table(rows=_rows(reader, header, errors), errors=errors)


def _header(
    reader: Iterable[list[str]], columns: Sequence[str], required: Iterable[str]
) -> list[str]:
    first = next(iter(reader), None)
    if not first:
        raise InvalidInput("the file is empty: the first line must name the columns",
                           details={"field": "file"})  # fmt: skip
    header = [cell.strip().lower() for cell in first]
    unknown = [h for h in header if h not in columns]
    missing = [c for c in required if c not in header]
    if unknown or missing or len(set(header)) < len(header):
        raise InvalidInput(
            f"the header must name the columns {', '.join(columns)}"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
            + (f"; missing: {', '.join(missing)}" if missing else ""),
            details={"field": "file", "unknown": unknown, "missing": missing},
        )
    return header


def _rows(
    reader: Any, header: list[str], errors: list[RowError]
) -> list[tuple[int, dict[str, str]]]:
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise InvalidInput(
                    f"the file has more than {MAX_ROWS:,} rows; split it",
                    details={"field": "file", "limit_rows": MAX_ROWS},
                )
            if any(c.strip() for c in cells[len(header) :]):
                errors.append(
                    RowError(reader.line_num, f"{len(cells)} cells for {len(header)} columns")
                )
                continue
            padded = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
            rows.append((reader.line_num, dict(zip(header, padded, strict=False))))
    except csv.Error as exc:
        raise InvalidInput(
            f"line {reader.line_num}: {exc}", details={"field": "file", "line": reader.line_num}
        ) from exc
    return rows


def fingerprint(parts: Iterable[str]) -> str:
    """A digest of a previewed plan: applying compares it, so it applies what was shown."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\x1f")
    return digest.hexdigest()


def csv_line(values: Sequence[object]) -> str:
    """One CSV line (with its newline) for a streaming export."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(["" if v is None else v for v in values])
    return out.getvalue()
