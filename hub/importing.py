"""Importing records from JSON lines and CSV files, with a per-row error report.

Every row is validated; good rows are upserted, bad rows are reported with their line number
and every field error. A bad row never stops the others and a good row is never dropped.

CSV columns are dotted paths into the record ("names.en", "primary_unit.code",
"attributes.color"); a cell holding a list or an object is written as JSON
(`["USD","EUR"]`), and a list of plain values may also be written comma-separated (`USD,EUR`).
Empty cells mean "no value".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from hub.schemas import EntitySchema, FieldError, get_schema
from hub.schemas.base import ATTRIBUTES, BOOLEAN, INTEGER, LIST, LOCALIZED, OBJECT, Field
from hub.services import upsert_many

FORMATS = ("jsonl", "csv")
BATCH = 500  # rows per upsert_many call: bounded memory, one signal per batch

_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n"}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (unknown format, no or unreadable CSV header)."""


@dataclass(frozen=True)
class RowFailure:
    line: int
    errors: list[FieldError]


@dataclass
class ImportReport:
    entity: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[RowFailure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        return (
            f"{self.rows} rows of {self.entity}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.failed} failed"
        )

    def lines(self) -> list[str]:
        """The report as text lines: the summary, then each failed row and its errors."""
        out = [self.summary()]
        for failure in self.failures:
            out.append(f"line {failure.line}:")
            out.extend(f"  {error}" for error in failure.errors)
        return out


def guess_format(filename: str) -> str | None:
    name = filename.lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return None


class _Lines:
    """Text lines of a source, decoded one by one so one bad byte costs one line, not the file.

    `bad` collects the numbers (from 1) of lines that are not UTF-8; they are read with
    replacement characters and the rows on them are reported as failed.
    """

    def __init__(self, source: IO[bytes] | IO[str] | bytes | str) -> None:
        if isinstance(source, bytes):
            source = io.BytesIO(source)
        elif isinstance(source, str):
            source = io.StringIO(source)
        self.source = source
        self.bad: set[int] = set()

    def __iter__(self) -> Iterator[str]:
        for number, line in enumerate(self.source, start=1):
            if isinstance(line, bytes):
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError:
                    self.bad.add(number)
                    text = line.decode("utf-8", errors="replace")
            else:
                text = line
            yield text.removeprefix("\ufeff") if number == 1 else text


NOT_UTF8 = FieldError("", "this line is not UTF-8 text; save the file as UTF-8")


Parsed = tuple[int, dict[str, Any] | None, list[FieldError]]


def read_jsonl(source: IO[bytes] | IO[str] | bytes | str) -> Iterator[Parsed]:
    """(line number, row or None, parse errors) for every non-blank line."""
    lines = _Lines(source)
    for number, line in enumerate(lines, start=1):
        if number in lines.bad:
            yield number, None, [NOT_UTF8]
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield (
                number,
                None,
                [FieldError("", f"not valid JSON: {error.msg} (column {error.colno})")],
            )
            continue
        if not isinstance(row, dict):
            yield number, None, [FieldError("", "each line must be one JSON object {...}")]
            continue
        yield number, row, []


def _field_at(schema: EntitySchema, path: list[str]) -> Field | None:
    """The schema field a dotted CSV column names, or the map field it falls under."""
    fields = schema.fields
    found: Field | None = None
    for part in path:
        found = next((f for f in fields if f.name == part), None)
        if found is None:
            return None
        if found.kind in (LOCALIZED, ATTRIBUTES):
            return found
        fields = found.fields
    return found


def _convert(f: Field | None, depth_in_map: bool, text: str) -> Any:
    """The JSON value of one CSV cell; ValueError with plain words when it cannot be read."""
    stripped = text.strip()
    kind = f.kind if f else None
    if depth_in_map:
        # a value inside names.* or attributes.*: text, unless written as a JSON list
        return json.loads(stripped) if stripped.startswith("[") else text
    if kind in (LIST, OBJECT, LOCALIZED, ATTRIBUTES):
        if stripped.startswith(("[", "{")):
            try:
                return json.loads(stripped)
            except json.JSONDecodeError as error:
                raise ValueError(f"is not valid JSON: {error.msg}") from None
        if kind == LIST and f is not None and f.item is not None and f.item.kind != OBJECT:
            return [part.strip() for part in stripped.split(",") if part.strip()]
        raise ValueError("must be written as JSON in a CSV cell, like [...] or {...}")
    if kind == BOOLEAN:
        lowered = stripped.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f'"{text}" is not true or false')
    if kind == INTEGER:
        try:
            return int(stripped)
        except ValueError:
            raise ValueError(f'"{text}" is not a whole number') from None
    return text


def read_csv(entity: str, source: IO[bytes] | IO[str] | bytes | str) -> Iterator[Parsed]:
    """(line number of the row's first line, row or None, errors) for every CSV row."""
    schema = get_schema(entity)
    lines = _Lines(source)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(
            "the CSV file is empty; the first line must name the columns"
        ) from None
    except csv.Error as error:
        raise ImportFileError(f"the CSV header cannot be read: {error}") from None
    if lines.bad:
        raise ImportFileError("the CSV header is not UTF-8 text; save the file as UTF-8")
    columns = [c.strip() for c in header]
    if not any(columns):
        raise ImportFileError("the first line of the CSV file must name the columns")
    duplicates = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicates:
        raise ImportFileError("these columns appear twice: " + ", ".join(duplicates))
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield start, None, [FieldError("", f"this CSV row cannot be read: {error}")]
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if lines.bad.intersection(range(line, start)):
            yield line, None, [NOT_UTF8]
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns):
            yield (
                line,
                None,
                [
                    FieldError(
                        "",
                        f"the row has {len(cells)} cells; the header names {len(columns)}",
                    )
                ],
            )
            continue
        row, errors = _row_from_cells(schema, columns, cells)
        if errors:
            # Report the rest of the row's problems too, so one fix-up round is enough.
            reported = {e.path for e in errors}
            errors += [e for e in schema.validate(row) if e.path not in reported]
        yield line, (None if errors else row), errors


def _row_from_cells(
    schema: EntitySchema, columns: list[str], cells: list[str]
) -> tuple[dict[str, Any], list[FieldError]]:
    row: dict[str, Any] = {}
    errors: list[FieldError] = []
    for column, cell in zip(columns, cells, strict=False):
        if not column or not cell.strip():
            continue
        path = column.split(".")
        f = _field_at(schema, path)
        in_map = f is not None and f.kind in (LOCALIZED, ATTRIBUTES) and path[-1] != f.name
        try:
            value = _convert(f, in_map, cell)
        except (ValueError, json.JSONDecodeError) as error:
            errors.append(FieldError(column, str(error)))
            continue
        target = row
        for part in path[:-1]:
            nested = target.setdefault(part, {})
            if not isinstance(nested, dict):
                errors.append(FieldError(column, f'conflicts with the column "{part}"'))
                break
            target = nested
        else:
            if path[-1] in target and isinstance(target[path[-1]], dict):
                errors.append(FieldError(column, "conflicts with columns inside it"))
            else:
                target[path[-1]] = value
    return row, errors


def import_records(
    entity: str,
    source: IO[bytes] | IO[str] | bytes | str,
    fmt: str,
    *,
    origin_subscription_id: int | None = None,
) -> ImportReport:
    """Validate every row of `source`, upsert the good ones and report the bad ones by line.

    Raises UnknownEntity for an unknown entity and ImportFileError when the file as a whole
    cannot be read (then nothing is written). A line that is not UTF-8 fails its row only.
    """
    get_schema(entity)
    if fmt not in FORMATS:
        raise ImportFileError(f'unknown format "{fmt}"; use one of ' + ", ".join(FORMATS))
    parsed = read_jsonl(source) if fmt == "jsonl" else read_csv(entity, source)
    report = ImportReport(entity)
    for batch in _batches(parsed, BATCH):
        _import_batch(entity, batch, origin_subscription_id, report)
    report.failures.sort(key=lambda failure: failure.line)
    return report


def _batches(items: Iterable[Parsed], size: int) -> Iterator[list[Parsed]]:
    batch: list[Parsed] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _import_batch(
    entity: str, batch: list[Parsed], origin: int | None, report: ImportReport
) -> None:
    good: list[tuple[int, dict[str, Any]]] = []
    for line, row, errors in batch:
        report.rows += 1
        if errors or row is None:
            report.failures.append(RowFailure(line, errors))
        else:
            good.append((line, row))
    results = upsert_many(entity, [row for _, row in good], origin_subscription_id=origin)
    for (line, _), result in zip(good, results, strict=True):
        if result.result is None:
            report.failures.append(RowFailure(line, result.errors))
        elif result.result.created:
            report.created += 1
        elif result.result.changed:
            report.updated += 1
        else:
            report.unchanged += 1
