"""`ktxh schema`: the JSON Schema of both data files, from the pydantic models.

Field docstrings (Vietnamese) become the descriptions an editor shows while the officer types; the
data files point at the schema with `# yaml-language-server: $schema=../schema/…` on their first
line, so that an editor with the YAML language server completes and validates them.
"""

from __future__ import annotations

import ast
import inspect
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
    _describe_fields(schema, model.__name__)
    _offer_rule_ids(schema)
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def field_docstrings() -> dict[str, dict[str, str]]:
    """Each model class's field docstrings, read from model.py's source (`{class: {field: doc}}`).
    Read here rather than by pydantic (`use_attribute_docstrings`), which would parse the source
    on every run of ktxh; only the schema shows them."""
    from kt_xh import model

    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(Path(model.__file__).read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields = found.setdefault(node.name, {})
        for statement, following in zip(node.body, node.body[1:], strict=False):
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) \
                    and isinstance(following, ast.Expr) \
                    and isinstance(following.value, ast.Constant) \
                    and isinstance(following.value.value, str):
                fields[statement.target.id] = inspect.cleandoc(following.value.value)
    return found


def _describe_fields(schema: dict[str, Any], top: str) -> None:
    docstrings = field_docstrings()
    parts = [(top, schema), *schema.get("$defs", {}).items()]
    for name, part in parts:
        for field, properties in part.get("properties", {}).items():
            if field in docstrings.get(name, {}):
                properties["description"] = docstrings[name][field]
                part["properties"][field] = dict(sorted(properties.items()))


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
