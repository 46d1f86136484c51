"""The rule tables of docs/quy_tac_kiem_tra.md and the rule catalogue as JSON, generated from the
registry: `python -m kt_xh.checks.rule_docs --docs` rewrites the tables between the two markers,
`--json` prints the catalogue."""

from __future__ import annotations

import json
from pathlib import Path

from kt_xh.checks.registry import RULES, Rule, Scope, aliases

DOCS = Path(__file__).resolve().parents[3] / "docs" / "quy_tac_kiem_tra.md"
BEGIN = "<!-- quy-tac: bat-dau (sinh từ kt_xh/checks/registry.py, đừng sửa tay) -->"
END = "<!-- quy-tac: ket-thuc -->"
LEVELS = {"loi": "lỗi", "canh-bao": "cảnh báo"}
HEADINGS = {
    Scope.LOADING: ("Quy tắc khi đọc số liệu (mã thoát 2)",
                    "Số liệu không đọc được thì các quy tắc khác chưa chạy."),
    Scope.DATA: ("Quy tắc trên số liệu", ""),
    Scope.TEMPLATE: ("Quy tắc trên mẫu báo cáo",
                     "Mẫu được dựng với số liệu (như `build-report`) nhưng không ghi văn bản nào."),
    Scope.ACKNOWLEDGEMENT: ("Quy tắc về chấp nhận", ""),
}

ALIASES_INTRO = ("Các mã này đã đổi tên để nói rõ lỗi. Dòng chấp nhận ghi mã cũ vẫn được áp dụng, "
                 "kèm cảnh báo `ma-quy-tac-cu` nêu mã mới; một mã cũ đã tách làm hai thì chấp "
                 "nhận cả hai.")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(rule: Rule) -> str:
    cells = [f"`{rule.id}`", LEVELS[rule.severity.value], f"**{rule.summary}** {rule.checks}",
             rule.why,
             f"`{rule.example}`", rule.fix]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _section(scope: Scope) -> list[str]:
    heading, intro = HEADINGS[scope]
    lines = [f"## {heading}", ""] + ([intro, ""] if intro else [])
    lines += ["| mã | mức | khi nào | vì sao | ví dụ | cách sửa thường gặp |",
              "|---|---|---|---|---|---|"]
    lines += [_row(rule) for rule in RULES.values() if rule.scope is scope]
    return [*lines, ""]


def _aliases() -> list[str]:
    lines = ["## Mã cũ", "", ALIASES_INTRO, "", "| mã cũ | mã mới |", "|---|---|"]
    lines += [f"| `{old}` | {', '.join(f'`{new}`' for new in news)} |"
              for old, news in aliases().items()]
    return [*lines, ""]


def tables() -> str:
    """The generated part of the document, markers included."""
    lines = [BEGIN, ""]
    for scope in Scope:
        lines += _section(scope)
    return "\n".join([*lines, *_aliases(), END])


def with_tables(document: str) -> str:
    start, end = document.index(BEGIN), document.index(END) + len(END)
    return document[:start] + tables() + document[end:]


def catalogue() -> str:
    rules = [{"ma": r.id, "muc": r.severity.value, "pham_vi": r.scope.value,
              "tom_tat": r.summary, "khi_nao": r.checks, "vi_sao": r.why, "vi_du": r.example,
              "cach_sua": r.fix, "ma_cu": list(r.old_ids), "chap_nhan_duoc": r.acknowledgeable}
             for r in RULES.values()]
    return json.dumps({"quy_tac": rules, "ma_cu": aliases()}, ensure_ascii=False, indent=2)


def main(args: list[str]) -> int:
    if args == ["--docs"]:
        DOCS.write_text(with_tables(DOCS.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"Đã ghi {DOCS}")
        return 0
    if args == ["--json"]:
        print(catalogue())
        return 0
    print("Cách dùng: python -m kt_xh.checks.rule_docs --docs | --json")
    return 2


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
