"""The shipped report's text, check's JSON (shipped data, and the known faults) and the appendix
rows are golden files: any change to them is a diff a reviewer reads. Regenerate with
`python tests/golden/regenerate.py`."""

from __future__ import annotations

import difflib
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "golden"))
from regenerate import GOLDEN, golden_files


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    mp = pytest.MonkeyPatch()
    mp.chdir(ROOT)
    mp.setenv("KTXH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    try:
        return golden_files()
    finally:
        mp.undo()


@pytest.mark.parametrize("name", ["bao_cao.txt", "check_shipped.json", "check_faults.json",
                                  "appendix.txt", "appendix_kinds.txt"])
def test_golden(name: str, current: dict[str, str]) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    if current[name] != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True),
                                            current[name].splitlines(True),
                                            f"tests/golden/{name}", "now", n=1))
        pytest.fail(f"{name} changed; if intended, run python tests/golden/regenerate.py and "
                    f"review the diff:\n{diff[:4000]}")


def test_the_known_faults_are_the_seeds_contradictions(current: dict[str, str]) -> None:
    import json

    faults = json.loads(current["check_faults.json"])
    assert faults["tom_tat"]["loi"] > 0 and faults["tom_tat"]["da_chap_nhan"] == 0
