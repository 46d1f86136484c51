"""The officers' guide cannot drift: every helper is documented, and every example in its tables
prints what the guide says it prints (rendered with the shipped data, or with the indicators the
guide gives above the table)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kt_xh.loading import load_report
from kt_xh.template_env import FILTERS, render_source

from conftest import MINIMAL_ACTUALS, ROOT, SHIPPED_DATA, write_data

GUIDE = (ROOT / "docs" / "huong_dan_mau_bao_cao.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\|(.*)\|\s*$", re.M)
EXAMPLE_DATA = re.compile(r"<!-- du-lieu-vi-du -->\n```yaml\nchi_tieu:\n(.*?)```", re.S)
"""The indicators the example tables below it are printed with, until the next heading."""
DATA_EXAMPLE = re.compile(r"<!-- vi-du-so-lieu -->\n```yaml\n(.*?)```\n(.*?)<!-- het-vi-du -->",
                          re.S)
"""A YAML block of indicators and the one table of what its expressions print."""
EXAMPLE_HEADER = MINIMAL_ACTUALS.split("chi_tieu:\n")[0]
NO_TARGETS = "nam: 2024\nchi_tieu: {}\n"


def _rows(text: str) -> list[tuple[int, str, str]]:
    """(position, expression, printed) of every example row of a table in `text`."""
    found = []
    for match in ROW.finditer(text):
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", match.group(1))]
        expressions = [c for c in cells if c.startswith("`{{") and c.endswith("}}`")]
        if expressions and cells[-1] and not cells[-1].startswith("`"):
            found.append((match.start(), expressions[0].strip("`").replace("\\|", "|"),
                          cells[-1]))
    return found


def _example_data(position: int) -> str | None:
    before = [m for m in EXAMPLE_DATA.finditer(GUIDE) if m.end() <= position]
    if not before or "\n## " in GUIDE[before[-1].end():position]:
        return None
    return "chi_tieu:\n" + before[-1].group(1)


def examples() -> list[tuple[str, str, str | None]]:
    """(expression, printed, indicators or None for the shipped data) outside the one-table
    data examples."""
    blocks = [m.span() for m in DATA_EXAMPLE.finditer(GUIDE)]
    return [(expression, printed, _example_data(position))
            for position, expression, printed in _rows(GUIDE)
            if not any(start <= position < end for start, end in blocks)]


def data_examples() -> list[tuple[str, str, str | None]]:
    return [(expression, printed, match.group(1)) for match in DATA_EXAMPLE.finditer(GUIDE)
            for _, expression, printed in _rows(match.group(2))]


def test_every_helper_is_documented() -> None:
    undocumented = [name for name in FILTERS if f"`{name}`" not in GUIDE]
    assert not undocumented


def test_the_guide_has_examples() -> None:
    assert len(examples()) >= 30
    assert len(data_examples()) >= 10


@pytest.mark.parametrize(("expression", "printed", "data"), examples() + data_examples())
def test_each_example_prints_what_the_guide_says(expression: str, printed: str,
                                                 data: str | None, tmp_path: Path) -> None:
    folder = SHIPPED_DATA if data is None else write_data(
        tmp_path / "data", EXAMPLE_HEADER + data, NO_TARGETS)
    report = load_report(folder).report
    assert render_source(expression, "huong_dan", report).text == printed


def test_the_rule_tables_are_generated_from_the_registry() -> None:
    """Run `python -m kt_xh.checks.rule_docs --docs` when this fails."""
    from kt_xh.checks import RULE_IDS, rule_docs

    rules_doc = (ROOT / "docs" / "quy_tac_kiem_tra.md").read_text(encoding="utf-8")
    assert rule_docs.with_tables(rules_doc) == rules_doc
    documented = re.findall(r"^\| `([a-z-]+)` \| (?:lỗi|cảnh báo) \|", rules_doc, re.M)
    assert documented == list(RULE_IDS)
