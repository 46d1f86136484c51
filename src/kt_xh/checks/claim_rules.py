"""Rules on what the template's sentences claim: every stated claim holds for the data
(khang-dinh-sai), and no status or direction is typed by hand next to an indicator's figure
without a test or a claim that keeps it true (nhan-dinh-go-tay)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kt_xh import compute
from kt_xh.checks.findings import Finding
from kt_xh.checks.registry import FALSE_CLAIM, UNGUARDED_CLAIM
from kt_xh.domain import Report
from kt_xh.template_claims import CLAIMS, Claim, claim_message
from kt_xh.template_env import RenderResult

CLAIM_WORDS = re.compile(r"(?<!\w)(không đạt|đạt và vượt|vượt|tăng|giảm xuống còn|giảm|cao hơn|"
                         r"thấp hơn|còn)(?!\w)", re.IGNORECASE)
NOT_CLAIMS = re.compile(r"(?<!\w)(tăng cường|tăng trưởng|giảm nghèo|giảm thiểu|giảm thuế|"
                        r"còn lại|còn hạn chế|còn nhiều|còn khó khăn)(?!\w)", re.IGNORECASE)
"""Phrases that hold a claim word without saying how an indicator moved."""
_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_STATEMENT = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_PRINTED = re.compile(r"\bct\.([a-z][a-z0-9_]*)\s*(?:\|\s*(?:gia_tri|so|so_dem|muc_tieu|ty_le)\b"
                      r"|\.(?:uoc_thuc_hien|ke_hoach|cung_ky|ke_hoach_nam_sau|tong)\b|\s*$)")
_GUARD = re.compile(r"\bct\.([a-z][a-z0-9_]*)\s*(?:is\b|\|\s*khang_dinh\b)")
_CLAUSE = re.compile(r"[;,.:()\[\]]")


def false_claims(result: RenderResult, report: Report, name: str) -> Iterator[Finding]:
    for claim in result.false_claims():
        entry = report.entries[claim.indicator]
        yield FALSE_CLAIM.finding(name, claim.line, claim.indicator,
                                  claim_message(claim, entry, report.previous_year))


def unguarded_claims(source: str, report: Report, name: str) -> Iterator[Finding]:
    """Claim words typed in the same clause as an expression printing an indicator's figure, on
    a line with neither a test (`is …`) nor a claim (`khang_dinh`) for that indicator, and not
    inside an `{% if %}` that tests it. `còn` counts for a rate only ("còn 1,56%" says it fell;
    "còn 20 giấy" only says what remains)."""
    guarded_by_blocks: list[set[str]] = []
    for number, line in enumerate(source.split("\n"), 1):
        guards = set(_GUARD.findall(line)) | {i for block in guarded_by_blocks for i in block}
        if any(guarded_by_blocks) or (_IF.search(line) and _GUARD.search(line)):
            continue  # a sentence chosen by a test on the data is written for that case
        for indicator, words in _typed_claims(line):
            entry = report.entries.get(indicator)
            if entry is not None and not compute.is_rate(entry.indicator):
                words = ", ".join(w for w in words.split(", ") if w != "còn")
            if words and indicator not in guards:
                yield _typed_claim_finding(report, name, number, indicator, words)
        _track_blocks(line, guarded_by_blocks)


WORD_CLAIMS = {"tăng": "tang", "giảm": "giam", "giảm xuống còn": "giam", "còn": "giam",
               "không đạt": "khong_dat"}
"""Typed words whose meaning the data can decide (`cao hơn`, `thấp hơn`, `vượt` need to know
against what, so they stay a warning)."""


def _typed_claim_finding(report: Report, name: str, line: int, indicator: str, words: str
                         ) -> Finding:
    """An error when the data contradicts a typed word, else a warning that it is unchecked."""
    entry = report.entries.get(indicator)
    for word in words.split(", "):
        kind = CLAIMS.get(WORD_CLAIMS.get(word, ""))
        if entry is not None and kind is not None and kind.holds(entry) is False:
            claim = Claim(line, indicator, kind.name, False)
            return FALSE_CLAIM.finding(
                name, line, indicator, f"lời văn gõ '{word}': "
                + claim_message(claim, entry, report.previous_year),
                hint="Hãy để câu theo số liệu: {% if ct.x is giam %}…{% else %}…{% endif %}, "
                     "hoặc sửa câu văn.")
    return UNGUARDED_CLAIM.finding(
        name, line, indicator, f"Lời văn gõ tay '{words}' về '{indicator}'; số liệu hiện không "
        "mâu thuẫn nhưng câu sẽ không đổi theo khi số liệu đổi.")


def _typed_claims(line: str) -> Iterator[tuple[str, str]]:
    """(indicator, claim words) for each clause that prints an indicator's figure and types a
    claim word."""
    text = _STATEMENT.sub(" ", line)
    clauses: list[tuple[str, set[str]]] = []
    position = 0
    for match in _EXPRESSION.finditer(text):
        _split(text[position:match.start()], clauses)
        printed = {m.group(1) for m in _PRINTED.finditer(match.group(1).strip())}
        if clauses:
            clauses[-1][1].update(printed)
        else:
            clauses.append(("", printed))
        position = match.end()
    _split(text[position:], clauses)
    for prose, indicators in clauses:
        words = CLAIM_WORDS.findall(NOT_CLAIMS.sub(" ", prose))
        for indicator in sorted(indicators) if words else ():
            yield indicator, ", ".join(sorted({w.lower() for w in words}))


def _split(prose: str, clauses: list[tuple[str, set[str]]]) -> None:
    """Add prose to the clauses: it continues the last one until a clause mark."""
    pieces = _CLAUSE.split(prose)
    if clauses:
        last_text, last_ids = clauses[-1]
        clauses[-1] = (last_text + pieces[0], last_ids)
    else:
        clauses.append((pieces[0], set()))
    clauses.extend((piece, set()) for piece in pieces[1:])


_IF = re.compile(r"\{%-?\s*if\b(.*?)%\}", re.DOTALL)
_ENDIF = re.compile(r"\{%-?\s*endif\b")


def _track_blocks(line: str, stack: list[set[str]]) -> None:
    """Open and close the `{% if %}` blocks of a line, each with the indicators it tests."""
    events = sorted([(m.start(), set(_GUARD.findall(m.group(1)))) for m in _IF.finditer(line)]
                    + [(m.start(), None) for m in _ENDIF.finditer(line)],
                    key=lambda event: event[0])
    for _, tested in events:
        if tested is None:
            if stack:
                stack.pop()
        else:
            stack.append(tested)
