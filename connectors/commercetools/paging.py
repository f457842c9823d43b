"""Reading past the 10,000 offset cap (reference/commercetools.md §0.3, §3.3, §3.4).

Never by offset: sort by ``id asc``, ask ``id > :lastId`` with the last id of the previous
page, ``limit=500``, ``withTotal=false``, and stop at a page shorter than the limit. Orders are
read inside a fixed window ``lastModifiedAt >= :from and lastModifiedAt < :until``
(DECISIONS.md "Pull: cursor and watermark"); the cursor is ``{"last_id": ...}``, so a run that
stops after any page resumes exactly there.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from connectors.http.errors import InvalidData

PAGE_SIZE = 500
WINDOW_WHERE = "lastModifiedAt >= :from and lastModifiedAt < :until"
AFTER_WHERE = "id > :lastId"


class PageSource(Protocol):
    def query_page(
        self,
        resource: str,
        where: Sequence[str],
        variables: Mapping[str, Any],
        *,
        sort: Sequence[str],
        limit: int,
    ) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Page:
    results: list[dict[str, Any]]
    cursor: dict[str, Any] | None  # None: nothing after this page


def stamp(moment: datetime) -> str:
    """commercetools' date-time form, UTC with milliseconds: 2026-01-10T06:51:25.896Z (§3.8)."""
    if moment.tzinfo is None:
        raise ValueError("window bounds must be aware datetimes")
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def last_id_of(cursor: Mapping[str, Any] | None) -> str | None:
    if not cursor:
        return None
    last = cursor.get("last_id")
    if not isinstance(last, str) or not last:
        raise InvalidData(f"The stored position {dict(cursor)!r} has no last_id; restart the run.")
    return last


def page_after(
    source: PageSource,
    resource: str,
    cursor: Mapping[str, Any] | None,
    *,
    where: Sequence[str] = (),
    variables: Mapping[str, Any] | None = None,
    limit: int = PAGE_SIZE,
) -> Page:
    """The page after ``cursor`` (None: the first page) of ``resource`` filtered by ``where``."""
    last = last_id_of(cursor)
    clauses, bound = list(where), dict(variables or {})
    if last is not None:
        clauses.append(AFTER_WHERE)
        bound["lastId"] = last
    body = source.query_page(resource, clauses, bound, sort=("id asc",), limit=limit)
    results = list(body.get("results") or [])
    # A short page is the last one; a full page may be followed by more.
    following = {"last_id": results[-1]["id"]} if len(results) >= limit and results else None
    return Page(results, following)


def iterate(
    source: PageSource,
    resource: str,
    *,
    where: Sequence[str] = (),
    variables: Mapping[str, Any] | None = None,
    limit: int = PAGE_SIZE,
) -> Iterator[dict[str, Any]]:
    """Every record of ``resource`` matching ``where``, each once, in id order."""
    cursor: Mapping[str, Any] | None = None
    while True:
        page = page_after(source, resource, cursor, where=where, variables=variables, limit=limit)
        yield from page.results
        if page.cursor is None:
            return
        cursor = page.cursor


def window_variables(since: datetime, until: datetime) -> dict[str, str]:
    if since >= until:
        raise ValueError(f"empty window: {since.isoformat()} is not before {until.isoformat()}")
    return {"from": stamp(since), "until": stamp(until)}


def window_page(
    source: PageSource,
    resource: str,
    since: datetime,
    until: datetime,
    cursor: Mapping[str, Any] | None,
    *,
    limit: int = PAGE_SIZE,
) -> Page:
    """One page of records last modified in ``[since, until)``, by id after ``cursor``."""
    return page_after(
        source,
        resource,
        cursor,
        where=(WINDOW_WHERE,),
        variables=window_variables(since, until),
        limit=limit,
    )
