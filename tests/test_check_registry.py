"""The rule registry: every rule declared once, emitted through its Rule, documented from it."""

from __future__ import annotations

import inspect
import json
import re
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from kt_xh import errors, loading, yaml_source
from kt_xh.checks import (
    RULE_IDS,
    acknowledgements,
    claim_rules,
    data_rules,
    number_rules,
    presenters,
    registry,
    rule_docs,
    stated_rules,
    template_rules,
    typing_rules,
)
from kt_xh.checks.registry import RULES, Rule, Scope, aliases
from kt_xh.loading import load_report

from conftest import MINIMAL_ACTUALS, ROOT, write_data

EMITTERS = (data_rules, stated_rules, typing_rules, template_rules, claim_rules, number_rules,
            acknowledgements, presenters,
            sys.modules["kt_xh.checks"], loading, yaml_source)
"""Where findings and loader problems are made: no rule id is typed there."""


def constants() -> dict[str, Rule]:
    return {name: value for name, value in vars(registry).items() if isinstance(value, Rule)}


def test_rule_ids_are_the_registry() -> None:
    assert tuple(RULES) == RULE_IDS and len(set(RULE_IDS)) == len(RULE_IDS)
    assert {r.id for r in constants().values()} == set(RULES)


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_each_rule_is_fully_described(rule: Rule) -> None:
    # short enough for the 80-column table of a CI log, lower case with hyphens
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.id) and len(rule.id) <= 22
    for field in fields(Rule):
        value = getattr(rule, field.name)
        if isinstance(value, str):
            assert value.strip(), f"{rule.id}: {field.name} is empty"
    assert rule.summary.endswith(".") and "\n" not in rule.summary and rule.fix.endswith(".")


def test_old_ids_are_aliases_only() -> None:
    old = aliases()
    assert not set(old) & set(RULES)
    assert old["thanh-phan-cong"] == ("thanh-phan-lech",)
    assert old["ty-le-da-neu"] == ("ty-le-da-neu-sai", "ty-le-khong-kiem-duoc")
    assert old["hai-tep-khop"] == ("hai-tep-lech", "thieu-ke-hoach-nam-sau")
    assert registry.current_ids("bien-dong-bat-thuong") == ("bien-dong-bat-thuong",)


def test_the_loaders_kinds_are_rules() -> None:
    kinds = {errors.UNREADABLE_FILE, errors.DUPLICATE_KEY, errors.SCHEMA_MISMATCH,
             errors.BROKEN_REFERENCE}
    assert kinds == {r.id for r in RULES.values() if r.scope is Scope.LOADING}
    assert errors.Problem("a", None, None, "b").rule == errors.UNREADABLE_FILE


@pytest.mark.parametrize("module", EMITTERS, ids=[m.__name__ for m in EMITTERS])
def test_no_rule_id_is_typed_where_findings_are_made(module: object) -> None:
    source = inspect.getsource(module)  # type: ignore[arg-type]
    typed = [i for i in (*RULES, *aliases()) if f'"{i}"' in source or f"'{i}'" in source]
    assert not typed


def test_every_rule_is_emitted_by_the_code() -> None:
    source = "".join(inspect.getsource(m) for m in EMITTERS)  # type: ignore[arg-type]
    loader_names = {v: k for k, v in vars(errors).items() if isinstance(v, str)}
    for name, rule in constants().items():
        used = loader_names[rule.id] if rule.scope is Scope.LOADING else name
        assert re.search(rf"\b{used}\b", source), f"{rule.id} is never emitted"


def faulty_data(tmp_path: Path) -> Path:
    """The shipped data without acknowledgements, plus a slip, a unit and a missing target."""
    sys.path.insert(0, str(ROOT / "tests" / "golden"))
    from regenerate import without_acknowledgements

    folder = without_acknowledgements(tmp_path / "data")
    actuals = folder / "2023_actuals.yaml"
    text = actuals.read_text(encoding="utf-8")
    actuals.write_text(text.replace("uoc_thuc_hien: 4148", "uoc_thuc_hien: 4.148", 1),
                       encoding="utf-8")
    return folder


def test_each_data_function_emits_its_one_rule(tmp_path: Path) -> None:
    loaded = load_report(faulty_data(tmp_path))
    emitted = set()
    for rule, function in data_rules.DATA_RULES:
        found = {f.rule for f in function(loaded)}
        assert found <= {rule.id}, f"{function.__name__} emits {found}"
        emitted |= found
    assert {"thanh-phan-lech", "sai-hang-nghin", "ty-le-da-neu-sai",
            "ty-le-khong-kiem-duoc", "bien-dong-bat-thuong"} <= emitted


def test_a_finding_takes_id_severity_and_hint_from_its_rule() -> None:
    rule = registry.UNUSUAL_MOVE
    finding = rule.finding("a.yaml", 3, "ban_le", "Sai.")
    assert (finding.rule, finding.severity, finding.hint) == (rule.id, rule.severity, rule.fix)
    assert rule.finding("a.yaml", 3, None, "Sai.", hint="Sửa.").hint == "Sửa."


def test_a_loader_problem_is_its_rules_finding(tmp_path: Path) -> None:
    from kt_xh.checks import run_check

    folder = write_data(tmp_path / "data", MINIMAL_ACTUALS + "    ten: Lặp\n")
    finding = run_check(folder, None).findings[0]
    assert (finding.rule, finding.hint) == ("khoa-trung", registry.DUPLICATE_KEY.fix)


def test_the_catalogue_lists_every_rule() -> None:
    catalogue = json.loads(rule_docs.catalogue())
    assert [r["ma"] for r in catalogue["quy_tac"]] == list(RULE_IDS)
    assert catalogue["ma_cu"]["van-ban"] == ["van-ban-chua-chuan"]
