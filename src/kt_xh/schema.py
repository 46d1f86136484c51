"""`ktxh schema`: the JSON Schema of both data files, from the pydantic models.

Field docstrings (Vietnamese) become the descriptions an editor shows while the officer types; the
data files point at the schema with `# yaml-language-server: $schema=../schema/…` on their first
line, so that an editor with the YAML language server completes and validates them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kt_xh.model import ActualsFile, TargetsFile
from kt_xh.output import write_atomically

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "actuals.schema.json": (ActualsFile, "Số liệu năm báo cáo (<năm>_actuals.yaml)"),
    "targets.schema.json": (TargetsFile, "Kế hoạch năm sau (<năm>_targets.yaml)"),
}
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_text(file_name: str) -> str:
    model, title = SCHEMAS[file_name]
    schema = {"$schema": DRAFT, **model.model_json_schema(), "title": title}
    _offer_rule_ids(schema)
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _offer_rule_ids(schema: dict[str, Any]) -> None:
    """The rule ids an acknowledgement can name, from the registry, for the editor to offer (as
    examples: an old id still works, and an unknown one is check's warning, not a schema error)."""
    from kt_xh.checks.registry import RULES

    quy_tac = schema["$defs"]["Acknowledgement"]["properties"]["quy_tac"]
    quy_tac["examples"] = [rule.id for rule in RULES.values() if rule.acknowledgeable]


def write_schemas(out_dir: Path) -> list[Path]:
    written = []
    for file_name in SCHEMAS:
        path = out_dir / file_name
        write_atomically(path, schema_text(file_name).encode("utf-8"))
        written.append(path)
    return written
