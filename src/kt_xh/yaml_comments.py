"""Where each comment of a data file belongs, so that `ktxh fmt` can prove it kept them all.

A comment belongs to the last key or list item on its line, or, on a line of its own, to the node
that follows it. The owners are found from libyaml's parse events (linear in the file's size), in
the text before formatting and after; any comment whose owner changed means nothing is written.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from typing import Any

import yaml

from kt_xh.yaml_source import PARSER

Comment = tuple[tuple[str | int, ...], str, int]
"""Where a comment belongs (the key or list item it follows on its line, or stands above), its
text, and its line in the file it was read from."""


def misplaced_comment(before: str, after: str) -> tuple[int, str] | None:
    """The first comment of `before` that `after` does not have at the same key: its line and
    text; None when every comment kept its place."""
    remaining = Counter((owner, text) for owner, text, _ in _comments(after))
    for owner, text, line in _comments(before):
        if remaining[(owner, text)] > 0:
            remaining[(owner, text)] -= 1
            continue
        return line, text
    return None


def _comments(text: str) -> list[Comment]:
    """The comments of a file, each with the key or item it belongs to: a comment at the end of
    a line belongs to the last node that starts on that line; a comment on its own line belongs
    to the next node below it (or to the end of the file)."""
    starts, scalars = _node_starts(text)
    positions = [(line, column) for line, column, _ in starts]
    found: list[Comment] = []
    for number, line in enumerate(text.split("\n")):
        column = _comment_column(line, scalars.get(number, ()))
        if column is None:
            continue
        comment = line[column:].rstrip()
        if line[:column].strip():
            index = bisect.bisect_right(positions, (number, column)) - 1
            owner: tuple[str | int, ...] = ("<dòng>", *starts[index][2]) if index >= 0 else ()
        else:
            index = bisect.bisect_left(positions, (number + 1, -1))
            owner = ("<trên>", *starts[index][2]) if index < len(starts) else ("<cuối>",)
        found.append((owner, comment, number + 1))
    return found


def _comment_column(line: str, spans: Iterable[tuple[int, int]]) -> int | None:
    """Where a comment starts on a line: a '#' at the line start or after a space, outside every
    scalar (`spans` are the columns the scalars of the line cover)."""
    position = line.find("#")
    while position >= 0:
        outside = not any(start <= position < end for start, end in spans)
        if outside and (position == 0 or line[position - 1] in " \t"):
            return position
        position = line.find("#", position + 1)
    return None


def _node_starts(text: str) -> tuple[list[tuple[int, int, tuple[str | int, ...]]],
                                     dict[int, list[tuple[int, int]]]]:
    """(line, column, path) of every key and list item, sorted; and per line, the column spans
    of the scalars on it (a '#' inside a scalar is text, not a comment)."""
    starts: list[tuple[int, int, tuple[str | int, ...]]] = []
    scalars: dict[int, list[tuple[int, int]]] = {}
    stack: list[list[Any]] = []  # [is_map, path, next index or pending key, expecting key]
    for event in yaml.parse(text, Loader=PARSER):
        kind = type(event)
        if kind in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
            path = _event_path(stack, event, starts)
            if kind is yaml.ScalarEvent:
                _scalar_spans(event, scalars)
                if path is None:
                    continue
            if kind is not yaml.ScalarEvent:
                stack.append([kind is yaml.MappingStartEvent, path or (), 0, True])
        elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            stack.pop()
            if stack:
                _advance(stack[-1])
    starts.sort(key=lambda start: (start[0], start[1]))
    return starts, scalars


def _event_path(stack: list[list[Any]], event: Any, starts: list[Any]
                ) -> tuple[str | int, ...] | None:
    """The path of the node an event starts, recorded in `starts`; None for a mapping's key."""
    if not stack:
        return ()
    frame = stack[-1]
    is_map, path = frame[0], frame[1]
    mark = event.start_mark
    if is_map and frame[3]:  # a key: the node that starts here is the key's entry
        frame[2], frame[3] = event.value if type(event) is yaml.ScalarEvent else "", False
        starts.append((mark.line, mark.column, (*path, frame[2])))
        return None
    child = (*path, frame[2])
    if not is_map:
        starts.append((mark.line, mark.column, child))
    if type(event) is yaml.ScalarEvent:
        _advance(frame)
    return child


def _advance(frame: list[Any]) -> None:
    if frame[0]:
        frame[3] = True
    else:
        frame[2] += 1


def _scalar_spans(event: Any, scalars: dict[int, list[tuple[int, int]]]) -> None:
    start, end = event.start_mark, event.end_mark
    for line in range(start.line, end.line + 1):
        first = start.column if line == start.line else 0
        last = end.column if line == end.line else 1 << 30
        scalars.setdefault(line, []).append((first, last))
