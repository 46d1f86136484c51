"""The officers' guide cannot drift: every helper is documented, and every example in its tables
prints what the guide says it prints (rendered here with the shipped data)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kt_xh.loading import load_report
from kt_xh.template_env import FILTERS, render_source

from conftest import MINIMAL_ACTUALS, ROOT, SHIPPED_DATA, write_data

GUIDE = (ROOT / "docs" / "huong_dan_mau_bao_cao.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\|(.*)\|\s*$", re.M)
DATA_EXAMPLE = re.compile(r"<!-- vi-du-so-lieu -->\n```yaml\n(.*?)```\n(.*?)<!-- het-vi-du -->",
                          re.S)
"""A YAML block of indicators and the table of what its expressions print."""


def examples(text: str = DATA_EXAMPLE.sub("", GUIDE)) -> list[tuple[str, str]]:
    """(expression, printed) of every table row; outside the data examples, of the shipped
    data."""
    found = []
    for match in ROW.finditer(text):
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", match.group(1))]
        expressions = [c for c in cells if c.startswith("`{{") and c.endswith("}}`")]
        if expressions and cells[-1] and not cells[-1].startswith("`"):
            found.append((expressions[0].strip("`").replace("\\|", "|"), cells[-1]))
    return found


def test_every_helper_is_documented() -> None:
    undocumented = [name for name in FILTERS if f"`{name}`" not in GUIDE]
    assert not undocumented


def test_the_guide_has_examples() -> None:
    assert len(examples()) >= 30


@pytest.mark.parametrize(("expression", "printed"), examples())
def test_each_example_prints_what_the_guide_says(expression: str, printed: str) -> None:
    report = load_report(SHIPPED_DATA).report
    assert render_source(expression, "huong_dan", report).text == printed


def data_examples() -> list[tuple[str, str, str]]:
    return [(data, expression, printed) for match in DATA_EXAMPLE.finditer(GUIDE)
            for data in [match.group(1)] for expression, printed in examples(match.group(2))]


def test_the_guide_has_examples_with_their_own_data() -> None:
    assert len(data_examples()) >= 10


@pytest.mark.parametrize(("data", "expression", "printed"), data_examples())
def test_each_example_with_its_own_data_prints_what_the_guide_says(
        tmp_path: Path, data: str, expression: str, printed: str) -> None:
    actuals = MINIMAL_ACTUALS.split("chi_tieu:\n")[0] + data
    report = load_report(write_data(tmp_path, actuals, "nam: 2024\nchi_tieu: {}\n")).report
    assert render_source(expression, "huong_dan", report).text == printed


def test_the_rule_tables_are_generated_from_the_registry() -> None:
    """Run `python -m kt_xh.checks.rule_docs --docs` when this fails."""
    from kt_xh.checks import RULE_IDS, rule_docs

    rules_doc = (ROOT / "docs" / "quy_tac_kiem_tra.md").read_text(encoding="utf-8")
    assert rule_docs.with_tables(rules_doc) == rules_doc
    documented = re.findall(r"^\| `([a-z-]+)` \| (?:lỗi|cảnh báo) \|", rules_doc, re.M)
    assert documented == list(RULE_IDS)
