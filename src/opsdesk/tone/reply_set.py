"""Measure the coach on hand-written service replies: polite, rude and "gamed" ones.

A reply set is a UTF-8 CSV with the columns ``language`` (en, de, fr, es, pt), ``kind``
and ``text``. What counts as right depends on the kind:

- ``polite``: the coach labels it polite;
- ``rude``: the coach labels it impolite;
- ``gamed``: a rude reply dressed up with "please", thanks or an apology — anything but
  polite is right (the dressing must not buy a "polite").

The language column is passed as the locale hint, as the product passes the customer's
locale; the text's own words still decide when they are clear.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from opsdesk.kernel.errors import InvalidInput
from opsdesk.tone.model import PolitenessModel, ToneLabel
from opsdesk.tone.service import check_tone

COLUMNS = ("language", "kind", "text")
EXPECTED: dict[str, frozenset[ToneLabel]] = {
    "polite": frozenset({ToneLabel.POLITE}),
    "rude": frozenset({ToneLabel.IMPOLITE}),
    "gamed": frozenset({ToneLabel.IMPOLITE, ToneLabel.NEUTRAL}),
}


@dataclass(frozen=True)
class Reply:
    language: str
    kind: str
    text: str


@dataclass(frozen=True)
class Miss:
    reply: Reply
    label: ToneLabel
    score: float


@dataclass
class LanguageResult:
    language: str
    total: dict[str, int] = field(default_factory=dict)  # per kind
    right: dict[str, int] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        count = sum(self.total.values())
        return sum(self.right.values()) / count if count else 0.0


def is_reply_set(path: Path) -> bool:
    """A folder of reply sets, or a CSV whose header has the reply-set columns."""
    if path.is_dir():
        return True
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError):
        return False
    return set(COLUMNS) <= set(header)


def csv_rows(
    path: Path, columns: Sequence[str], what: str
) -> Iterator[tuple[str, int, dict[str, str]]]:
    """(file name, line number, row) of a CSV, or of each ``*.csv`` in a folder (sorted by
    name), every row holding a non-empty value in each of ``columns``."""
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    if not files:
        raise InvalidInput(f"{path} holds no .csv {what}")
    for file in files:
        try:
            with file.open(newline="", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"cannot read {file}: {exc}") from exc
        for number, row in enumerate(rows, start=2):
            if any(not (row.get(column) or "").strip() for column in columns):
                raise InvalidInput(f"{file.name} line {number}: needs {', '.join(columns)}")
            yield file.name, number, row


def read_replies(path: Path) -> list[Reply]:
    """Every reply in a CSV, or in each ``*.csv`` of a folder (sorted by name)."""
    replies: list[Reply] = []
    for name, number, row in csv_rows(path, COLUMNS, "reply sets"):
        if row["kind"] not in EXPECTED:
            raise InvalidInput(f"{name} line {number}: kind must be one of {', '.join(EXPECTED)}")
        replies.append(Reply(row["language"].strip(), row["kind"], row["text"]))
    return replies


def evaluate(
    replies: Iterable[Reply], english_model: PolitenessModel | None = None
) -> dict[str, LanguageResult]:
    """Per language: how many replies of each kind the coach labels as expected
    (``english_model`` replaces the shipped English weights, e.g. for a baseline)."""
    results: dict[str, LanguageResult] = {}
    for reply in replies:
        result = results.setdefault(reply.language, LanguageResult(reply.language))
        model = english_model if reply.language == "en" else None
        report = check_tone(reply.text, locale=reply.language, model=model)
        right = report.label in EXPECTED[reply.kind]
        result.total[reply.kind] = result.total.get(reply.kind, 0) + 1
        result.right[reply.kind] = result.right.get(reply.kind, 0) + int(right)
        if not right:
            result.misses.append(Miss(reply, report.label, report.score))
    return results
