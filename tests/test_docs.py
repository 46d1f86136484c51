"""The officers' guide cannot drift: every helper is documented, and every example in its tables
prints what the guide says it prints (rendered here with the shipped data)."""

from __future__ import annotations

import re

import pytest

from kt_xh.loading import load_report
from kt_xh.template_env import FILTERS, render_source

from conftest import ROOT, SHIPPED_DATA

GUIDE = (ROOT / "docs" / "huong_dan_mau_bao_cao.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\|(.*)\|\s*$", re.M)


def examples() -> list[tuple[str, str]]:
    found = []
    for match in ROW.finditer(GUIDE):
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


def test_the_rule_tables_are_generated_from_the_registry() -> None:
    """Run `python -m kt_xh.checks.rule_docs --docs` when this fails."""
    from kt_xh.checks import RULE_IDS, rule_docs

    rules_doc = (ROOT / "docs" / "quy_tac_kiem_tra.md").read_text(encoding="utf-8")
    assert rule_docs.with_tables(rules_doc) == rules_doc
    documented = re.findall(r"^\| `([a-z-]+)` \| (?:lỗi|cảnh báo) \|", rules_doc, re.M)
    assert documented == list(RULE_IDS)
