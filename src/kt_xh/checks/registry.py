"""Every rule of `ktxh check`, declared once: its id (which names the fault), severity, what it
checks, why it matters, an example, and the usual way to fix it.

Rule functions emit findings through their Rule (`RULE.finding(...)`), so that no id or severity
is typed where a finding is made. `RULE_IDS`, the rule tables of docs/quy_tac_kiem_tra.md and the
catalogue (`python -m kt_xh.checks.rule_docs --json`) are generated from here;
`python -m kt_xh.checks.rule_docs --docs` rewrites the tables. An id a rule had before it was
renamed stays an alias in the office's acknowledgements (`chap_nhan: - quy_tac: <old id>`).

The loader's ids live in kt_xh.errors (the loader cannot import the checks); they are declared
here like every other rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from kt_xh import errors
from kt_xh.checks.findings import Finding, Severity

if TYPE_CHECKING:
    from kt_xh.yaml_source import YamlDocument


class Scope(StrEnum):
    LOADING = "doc-so-lieu"
    DATA = "so-lieu"
    TEMPLATE = "mau-bao-cao"
    ACKNOWLEDGEMENT = "chap-nhan"


@dataclass(frozen=True)
class Rule:
    id: str
    """Stable, names the fault (`thanh-phan-lech`, not `thanh-phan-cong`)."""
    severity: Severity
    scope: Scope
    summary: str
    """One line: the fault."""
    checks: str
    """When the rule reports: what exactly it compares."""
    why: str
    """Why the fault matters in a report."""
    example: str
    """A message the rule prints."""
    fix: str
    """What to do, when a finding gives no more precise hint."""
    old_ids: tuple[str, ...] = ()
    """Ids this rule had before; still understood in acknowledgements."""
    acknowledgeable: bool = True
    """A finding of this rule can be accepted in `chap_nhan` (it runs on readable data and names
    an indicator)."""

    def finding(self, file: str, line: int | None, indicator: str | None, message: str, *,
                hint: str | None = None, figures: dict[str, str] | None = None) -> Finding:
        """A finding of this rule; `hint` (what to do) defaults to the rule's `fix`."""
        return Finding(self.id, self.severity, file, line, indicator, message,
                       self.fix if hint is None else hint, figures or {})


def finding_at(rule: Rule, document: YamlDocument, path: tuple[Any, ...], indicator: str | None,
               message: str, hint: str | None = None, **figures: str) -> Finding:
    """A finding of a data rule at the line of `chi_tieu.<path>` in a data file."""
    return rule.finding(document.name, document.line_of(("chi_tieu", *path)), indicator, message,
                        hint=hint, figures=figures)


RULES: dict[str, Rule] = {}
"""Every rule by id, in the order of the documentation."""


def _register(rule: Rule) -> Rule:
    taken = set(RULES) | {old for r in RULES.values() for old in r.old_ids}
    if rule.id in taken or any(old in RULES for old in rule.old_ids):
        raise ValueError(f"rule id {rule.id} or one of {rule.old_ids} is already taken")
    RULES[rule.id] = rule
    return rule


def _loading(id_: str, summary: str, checks: str, why: str, example: str, old: str) -> Rule:
    return _register(Rule(
        id_, Severity.ERROR, Scope.LOADING, summary, checks, why, example,
        "Sửa theo nội dung trên rồi chạy lại ktxh check; các quy tắc khác chỉ chạy khi đọc được "
        "số liệu.", (old,) if old else (), acknowledgeable=False))


# ---------------------------------------------------------------- reading the data (exit 2)
UNREADABLE_FILE = _loading(
    errors.UNREADABLE_FILE, "Tệp số liệu không đọc được.",
    "tệp không đọc được: sai cách ghi (thụt lề, dấu ':', tab), không phải UTF-8, thẻ "
    "`!!python/...`, neo/bí danh, NaN, tệp quá lớn",
    "tệp không đọc được thì không số liệu nào trong đó đáng tin; ktxh không đoán phần còn lại",
    "2023_actuals.yaml:14: Có ký tự tab: tệp số liệu chỉ được thụt lề bằng dấu cách.",
    "tep-yaml")
DUPLICATE_KEY = _loading(
    errors.DUPLICATE_KEY, "Một khóa được ghi hai lần trong cùng một bảng.",
    "một khóa ghi hai lần trong cùng một bảng",
    "các chương trình đọc tệp thường lặng lẽ giữ lần ghi sau: một số liệu bị thay mà không ai "
    "thấy",
    "Khóa 'ke_hoach' bị lặp: đã có ở dòng 44 và lại có ở dòng 46. Hãy giữ một lần và xóa lần "
    "còn lại.", "")
SCHEMA_MISMATCH = _loading(
    errors.SCHEMA_MISMATCH, "Số liệu không khớp lược đồ.",
    "khóa lạ, sai kiểu, thiếu trường bắt buộc",
    "một khóa gõ sai mà bị bỏ qua thì số liệu đó biến mất khỏi báo cáo không một lời báo",
    "Khóa 'ke_hoaach' không có trong tệp số liệu (không phải tên trường nào). Có phải ý bạn là "
    "'ke_hoach'?", "luoc-do")
BROKEN_REFERENCE = _loading(
    errors.BROKEN_REFERENCE, "Hai tệp số liệu không tham chiếu đúng nhau.",
    "chỉ tiêu thành phần không có, vòng lặp thành phần, kế hoạch năm sau của chỉ tiêu không có, "
    "năm không khớp, thiếu tệp",
    "báo cáo cộng và so sánh các chỉ tiêu theo mã; một mã không có thì phép tính vô nghĩa",
    "Chỉ tiêu 'gia_dinh_van_hoaa' có kế hoạch năm 2024 nhưng không có trong tệp số liệu năm "
    "2023.", "tham-chieu")

# ---------------------------------------------------------------- the data
PARTS_DIFFER = _register(Rule(
    "thanh-phan-lech", Severity.ERROR, Scope.DATA, "Các thành phần cộng lại khác tổng.",
    "các thành phần (`thanh_phan`) cộng lại khác tổng, quá sai số làm tròn của các số đã ghi; "
    "với `kieu: mot_phan` chỉ lỗi khi vượt tổng. Số suy ra (`suy_ra`) không được cộng",
    "người đọc cộng các phần báo cáo đã nêu sẽ thấy ngay chỗ vênh",
    "Các thành phần (che_kinh_doanh (dòng 350), che_kien_thiet (dòng 355)) cộng lại 973,5 ha, "
    "khác số ước thực hiện của tổng là 963,45 ha.",
    "Hãy kiểm tra lại tổng hoặc các thành phần.", ("thanh-phan-cong",)))
OUT_OF_BOUNDS = _register(Rule(
    "ngoai-gioi-han", Severity.ERROR, Scope.DATA, "Một số nằm ngoài giới hạn có thể có.",
    "tỷ lệ, tỷ trọng ngoài 0-100% (‰: 0-1000), kể cả kế hoạch; tốc độ tăng trưởng dưới -100%; "
    "số trên tổng vượt tổng (22/28) hoặc âm",
    "tỷ lệ trên 100% hay 30 trên 28 trường là con số không thể có, làm mất tin cậy cả báo cáo",
    "Số kế hoạch 740 vượt tổng số 729 giáo viên (hoặc âm): số trên tổng không thể lớn hơn tổng.",
    "Hãy kiểm tra lại số liệu.", ("gioi-han",)))
SHARES_NOT_100 = _register(Rule(
    "co-cau-lech", Severity.ERROR, Scope.DATA,
    "Các tỷ trọng của một cơ cấu cộng lại khác 100%.",
    "các chỉ tiêu `loai: ty_trong` cùng một `co_cau` có số cùng kỳ, kế hoạch, ước thực hiện "
    "hoặc kế hoạch năm sau cộng lại khác 100%, quá sai số làm tròn của các số đã ghi (ba tỷ "
    "trọng ghi một chữ số thập phân được lệch tối đa 0,15 điểm: 99,9 qua, 97 lỗi)",
    "cơ cấu kinh tế mà các phần không cộng đủ 100% là có tỷ trọng gõ sai hoặc thiếu một phần",
    "Các tỷ trọng của cơ cấu 'grdp' (ty_trong_nong_nghiep (dòng 12), ty_trong_cong_nghiep "
    "(dòng 20), ty_trong_dich_vu (dòng 28)) có số ước thực hiện cộng lại 97%, khác 100% quá sai "
    "số làm tròn (0,15 điểm).",
    "Hãy kiểm tra lại các tỷ trọng; nếu cơ cấu còn thành phần chưa nêu, thêm chỉ tiêu đó."))
UNUSUAL_MOVE = _register(Rule(
    "bien-dong-bat-thuong", Severity.WARNING, Scope.DATA, "Một số thay đổi quá ngưỡng.",
    "so với cùng kỳ, với kế hoạch, hoặc (kế hoạch năm sau) với ước thực hiện: giá trị thay đổi "
    "quá **50%**, tỷ lệ quá **10 điểm phần trăm**, tỷ lệ phần nghìn quá **3‰**. Chỉ tiêu có thể "
    "đặt ngưỡng riêng: `nguong_bien_dong: 100`. Báo cáo theo kỳ (`ky: 6_thang`…) chỉ so với cùng "
    "kỳ: số của kỳ là một phần của kế hoạch năm",
    "biến động lớn thường do gõ sai đơn vị hay số chữ số; nếu là thật, báo cáo nên giải thích",
    "Số 223.490 tăng 78% so với cùng kỳ (125.500), vượt ngưỡng 50%.",
    "Hãy kiểm tra lại số liệu (đơn vị, số chữ số); nếu đúng, ghi chấp nhận kèm lý do."))
THOUSANDFOLD_SLIP = _register(Rule(
    "sai-hang-nghin", Severity.ERROR, Scope.DATA, "Một số lệch khoảng một nghìn lần.",
    "một số gấp hoặc nhỏ hơn khoảng 1.000 lần (500 đến 2.000 lần) số so sánh: gần như chắc chắn "
    "là số kiểu Việt Nam gõ thiếu dấu nháy",
    "số 4.148 ghi không có dấu nháy được đọc là bốn phẩy một bốn tám: số sai đúng một nghìn lần "
    "mà không báo lỗi",
    "Số 4,148 nhỏ hơn khoảng 832 lần so với cùng kỳ (3.450): gần như chắc chắn là lỗi gõ số. "
    "Ước thực hiện 4,148 có phải là bốn nghìn một trăm bốn mươi tám? ...",
    "Hãy viết số không có dấu chấm, hoặc đặt trong dấu nháy."))
STATED_RATIO_WRONG = _register(Rule(
    "ty-le-da-neu-sai", Severity.ERROR, Scope.DATA,
    "Tỷ lệ báo cáo gốc nêu khác tỷ lệ tính từ số liệu.",
    "tỷ lệ báo cáo gốc nêu (`ty_le_da_neu`, mọi dạng: đạt, vượt, bằng, tăng, giảm, gấp, chênh "
    "lệch) khác tỷ lệ tính từ số liệu, làm tròn như báo cáo đã nêu",
    "lời văn và số liệu khác nhau thì một trong hai sai, người đọc không biết tin số nào",
    "Báo cáo gốc nêu 'thấp hơn kế hoạch 4,8 điểm phần trăm' (III(5)), nhưng số liệu cho -10,7.",
    "Hãy xác minh số liệu và sửa chỗ sai; nếu đã xác minh, ghi chấp nhận kèm lý do.",
    ("ty-le-da-neu",)))
STATED_RATIO_UNVERIFIABLE = _register(Rule(
    "ty-le-khong-kiem-duoc", Severity.WARNING, Scope.DATA,
    "Tỷ lệ báo cáo gốc nêu không đối chiếu được vì thiếu số liệu.",
    "tỷ lệ báo cáo gốc nêu (`ty_le_da_neu`) mà thiếu số ước thực hiện hoặc số để so sánh",
    "một tỷ lệ không có số liệu đi kèm thì không ai kiểm lại được",
    "Báo cáo gốc nêu 'đạt 87% kế hoạch' (IV.2) nhưng số liệu thiếu nên không đối chiếu được.",
    "Hãy nhập số ước thực hiện và số để so sánh, hoặc ghi chấp nhận kèm lý do.",
    ("ty-le-da-neu",)))
CONTRADICTORY_COMPARISON = _register(Rule(
    "so-sanh-mau-thuan", Severity.ERROR, Scope.DATA,
    "Một chỉ tiêu được so sánh theo hai cách trái ngược.",
    "cùng một chỉ tiêu được so với cùng một mốc theo hai cách trái ngược (chỗ cao hơn, chỗ thấp "
    "hơn); chỉ tiêu càng thấp càng tốt bị viết \"đạt X% kế hoạch\"; trong mẫu, dùng "
    "`phan_tram_ke_hoach` cho chỉ tiêu càng thấp càng tốt",
    "một chỉ tiêu vừa cao hơn vừa thấp hơn cùng một mốc là mâu thuẫn người đọc thấy ngay",
    "Báo cáo gốc so sánh chỉ tiêu này với kế hoạch theo hai cách trái ngược nhau (chỗ thì cao "
    "hơn, chỗ thì thấp hơn): I.2.1; III(5).",
    "Hãy thống nhất một con số đúng."))
FILES_DISAGREE = _register(Rule(
    "hai-tep-lech", Severity.ERROR, Scope.DATA, "Tệp kế hoạch năm sau không khớp tệp số liệu.",
    "đơn vị tính ở hai tệp khác nhau; kế hoạch dạng mức giảm cho chỉ tiêu không phải càng thấp "
    "càng tốt; kế hoạch dạng mức tăng cho chỉ tiêu không phải giá trị càng cao càng tốt",
    "kế hoạch năm sau được so với số năm nay; khác đơn vị hay khác chiều thì phép so sánh sai",
    "Đơn vị tính 'triệu đồng' khác với tệp số liệu năm 2023 ('tỷ đồng').",
    "Hãy sửa tệp kế hoạch cho khớp tệp số liệu.", ("hai-tep-khop",)))
MISSING_TARGET = _register(Rule(
    "thieu-ke-hoach-nam-sau", Severity.WARNING, Scope.DATA,
    "Chỉ tiêu chủ yếu chưa có kế hoạch năm sau.",
    "chỉ tiêu chủ yếu (`chu_yeu`) không có trong tệp kế hoạch năm sau; chỉ với báo cáo cả năm "
    "(báo cáo 6 tháng, 9 tháng, quý, tháng không cần kế hoạch năm sau)",
    "báo cáo nêu kế hoạch năm sau cho mọi chỉ tiêu chủ yếu; thiếu thì phụ lục bỏ trống ô đó",
    "Chỉ tiêu chủ yếu (3) chưa có kế hoạch năm 2024 trong tệp kế hoạch.",
    "Hãy thêm kế hoạch cho chỉ tiêu này.", ("hai-tep-khop",)))
ESTIMATE_AS_LAST_YEAR = _register(Rule(
    "cung-ky-uoc", Severity.WARNING, Scope.DATA, "Số cùng kỳ vẫn là số ước của năm trước.",
    "số cùng kỳ vẫn là số ước của năm trước (`cung_ky_la_uoc: true`, do `ktxh new-year` ghi)",
    "số ước thường được điều chỉnh khi có số chính thức; so với số ước thì mức tăng giảm có thể "
    "sai",
    "Số cùng kỳ 4.148 vẫn là số ước của năm 2023.",
    "Khi có số thực hiện chính thức, hãy sửa số cùng kỳ và xóa dòng cung_ky_la_uoc."))
LAST_YEAR_NOT_SUMMED = _register(Rule(
    "cung-ky-chua-tong-hop", Severity.WARNING, Scope.DATA,
    "Số cùng kỳ không tính được từ các đơn vị cũ.",
    "đơn vị khai báo `hop_nhat_tu` mà chưa ghi `cung_ky` của một chỉ tiêu các đơn vị cũ có số "
    "liệu, và ktxh không tính được: tỷ lệ không khai báo tử số và mẫu số (`ty_le_tinh_tu`; tỷ lệ "
    "không được cộng hay lấy trung bình), hoặc một đơn vị cũ thiếu số liệu (thiếu thì không cộng "
    "phần còn lại)",
    "so sánh với cùng kỳ của đơn vị mới cần số của cả các đơn vị cũ; thiếu một phần thì mức tăng "
    "giảm sai",
    "Tỷ lệ 'Tỷ lệ hộ nghèo' không cộng được từ số liệu của các đơn vị cũ: hãy nhập cung_ky, hoặc "
    "khai báo tử số và mẫu số trong ty_le_tinh_tu.",
    "Hãy nhập số cùng kỳ (cung_ky) của chỉ tiêu, hoặc bổ sung số liệu của đơn vị cũ."))
LAST_YEAR_DISAGREES = _register(Rule(
    "cung-ky-lech-tong-hop", Severity.WARNING, Scope.DATA,
    "Số cùng kỳ đã ghi khác số tổng hợp từ các đơn vị cũ.",
    "số `cung_ky` đã ghi khác số ktxh tính từ các đơn vị cũ (`hop_nhat_tu`); báo cáo dùng số đã "
    "ghi",
    "hai số cùng kỳ cho một chỉ tiêu thì một số sai, hoặc số đã ghi tính theo địa giới khác",
    "Số cùng kỳ đã ghi 4.300 khác tổng của các đơn vị cũ (4.293).",
    "Hãy xóa cung_ky để dùng số tổng hợp, sửa số liệu của đơn vị cũ, hoặc ghi chấp nhận kèm lý "
    "do (ví dụ số của cơ quan thống kê đã điều chỉnh địa giới)."))
UNCLEAN_TEXT = _register(Rule(
    "van-ban-chua-chuan", Severity.WARNING, Scope.DATA, "Chữ gõ chưa chuẩn.",
    "chữ dạng tổ hợp (NFD), hai dấu cách liền nhau, `%o` thay cho `‰` (trong số liệu và trong "
    "lời văn của mẫu; trường `o_dau` trích nguyên văn báo cáo gốc nên được bỏ qua)",
    "chữ tổ hợp làm tìm kiếm và so sánh sai; dấu cách thừa và `%o` hiện ra trong văn bản gửi đi",
    "Viết '%o' thay cho ký hiệu phần nghìn.", "Hãy sửa chữ ở dòng này.", ("van-ban",)))
DECIMAL_COUNT = _register(Rule(
    "so-dem-co-so-le", Severity.ERROR, Scope.DATA, "Số đếm (hộ, người, trường…) có phần lẻ.",
    "một số liệu của chỉ tiêu có đơn vị đếm nguyên (hộ, người, lao động, trường, xã, doanh "
    "nghiệp, sản phẩm…; hoặc `so_nguyen: true`) có phần thập phân",
    "gõ 1.318 hộ không có dấu nháy thì máy đọc là một phẩy ba trăm mười tám: báo cáo in '1,318 "
    "hộ, đạt 0% kế hoạch' mà không ai thấy",
    "1,318 hộ: số đếm không có phần lẻ. Có phải là 1.318? Dấu chấm ngăn hàng nghìn phải đặt "
    "trong dấu nháy: hãy viết 1318 hoặc \"1.318\".",
    "Hãy kiểm tra lại số này."))
MISSING_SIGNER = _register(Rule(
    "thieu-ten-nguoi-ky", Severity.WARNING, Scope.DATA, "Chưa ghi họ tên người ký.",
    "`don_vi.nguoi_ky` không có dòng `ho_ten`. Muốn để trống cho người ký ghi tay thì ghi "
    "`ho_ten:` và không ghi gì sau dấu hai chấm",
    "thể thức (NĐ 30/2020) có họ tên người ký dưới chữ ký; thiếu mà không ai để ý thì báo cáo "
    "gửi đi không có tên người ký",
    "Chưa ghi họ tên người ký (nguoi_ky.ho_ten): báo cáo sẽ để trống dòng tên dưới chữ ký.",
    "Hãy ghi ho_ten: Nguyễn Văn An; hoặc ghi ho_ten: (để trống) nếu người ký sẽ ghi tay.",
    acknowledgeable=False))
CUT_TEXT = _register(Rule(
    "chu-bi-cat", Severity.WARNING, Scope.DATA, "Dấu ' #' trong một đoạn chữ cắt mất phần sau.",
    "một trường chữ (tên, lý do chấp nhận, nguồn, nơi nhận…) viết không có dấu nháy mà có ' #': "
    "phần sau bị đọc là ghi chú và bỏ đi",
    "lý do chấp nhận hay tên chỉ tiêu bị cắt ngắn mà không ai biết",
    "Phần '# 2' sau 'Theo công văn số 12' bị bỏ đi như một ghi chú.",
    "Hãy đặt cả câu trong dấu nháy kép.", acknowledgeable=False))

# ---------------------------------------------------------------- the template
TEMPLATE_BROKEN = _register(Rule(
    "mau-khong-dung-duoc", Severity.ERROR, Scope.TEMPLATE, "Mẫu báo cáo không dựng được.",
    "tên chỉ tiêu/trường/bộ lọc không có, cú pháp sai, truy cập phần bên trong của Python, chú "
    "thích chưa đóng",
    "mẫu không dựng được thì không có báo cáo; thấy trong CI tốt hơn lúc cần in",
    "bao_cao.docx.j2:42: không có chỉ tiêu 'tong_muc_ban_lee' trong số liệu. Có phải ý bạn là "
    "'tong_muc_ban_le'?",
    "Hãy sửa mẫu ở dòng đã nêu.", ("mau-bao-cao",), acknowledgeable=False))
TEMPLATE_MISSING_FIGURE = _register(Rule(
    "mau-thieu-so-lieu", Severity.ERROR, Scope.TEMPLATE, "Mẫu cần một số liệu mà số liệu không có.",
    "mẫu cần một số liệu mà số liệu không có (báo cáo sẽ in `[thiếu số liệu: ...]`)",
    "báo cáo gửi đi sẽ có chữ '[thiếu số liệu]' giữa câu văn",
    "Mẫu báo cáo cần so sánh với cùng kỳ của 'Tổng mức bán lẻ' (tong_muc_ban_le) nhưng số liệu "
    "không có; báo cáo sẽ ghi '[thiếu số liệu]' ở chỗ này.",
    "Hãy nhập số liệu, hoặc sửa câu văn cho khớp."))
HAND_TYPED_FIGURE = _register(Rule(
    "so-go-tay", Severity.WARNING, Scope.TEMPLATE, "Lời văn của mẫu gõ tay một số của số liệu.",
    "lời văn gõ tay một số mà số liệu đang giữ cho chỉ tiêu của chính câu đó, kể cả tỷ lệ báo cáo "
    "gốc nêu (`ty_le_da_neu`, ví dụ 'tăng 12,17%') (trừ số đếm đến 10 "
    "và 100), hoặc gõ tay năm báo cáo thay cho `{{ nam }}`. Các số gọi tên (Tổ 26, khoản 4, lần "
    "thứ 64) và các giai đoạn (2021-2025) không tính",
    "số gõ tay không đổi theo số liệu: sửa số liệu rồi mà câu văn vẫn ghi số cũ",
    "Số 4.148 (số ước thực hiện của chỉ tiêu 'tong_muc_ban_le') được gõ tay trong câu.",
    "Hãy viết số bằng biểu thức để câu luôn khớp số liệu."))
ASSESSMENT_WRONG = _register(Rule(
    "danh-gia-chu-yeu-sai", Severity.ERROR, Scope.TEMPLATE,
    "Câu đánh giá chỉ tiêu chủ yếu khác số liệu.",
    "câu \"Có N chỉ tiêu chủ yếu ... không đạt\" gõ tay mà N khác số chỉ tiêu chủ yếu không đạt "
    "theo số liệu",
    "câu đánh giá là kết luận của báo cáo; ghi sai số chỉ tiêu không đạt là sai kết luận",
    "Câu đánh giá ghi 01 chỉ tiêu chủ yếu không đạt kế hoạch, nhưng số liệu có 04 chỉ tiêu không "
    "đạt.",
    "Hãy viết số này bằng {{ danh_gia.khong_dat | so_dem }} để câu luôn theo số liệu.",
    ("danh-gia-chu-yeu",), acknowledgeable=False))
FALSE_CLAIM = _register(Rule(
    "khang-dinh-sai", Severity.ERROR, Scope.TEMPLATE,
    "Một câu của mẫu khẳng định điều số liệu không cho thấy.",
    "một câu khẳng định (`{{ ct.x | khang_dinh('khong_dat') }}`) trạng thái hay chiều tăng giảm "
    "của một chỉ tiêu mà số liệu nói khác, hoặc không đủ số liệu để kiểm; `build-report` cũng "
    "không ghi báo cáo khi còn phát hiện này chưa được chấp nhận",
    "câu văn gõ tay không đổi theo số liệu: sửa số rồi mà câu vẫn nói 'không đạt kế hoạch'",
    "bao_cao.docx.j2:210: câu khẳng định 'Thu ngân sách trên địa bàn' không đạt kế hoạch, nhưng "
    "số liệu cho thấy: đạt 101% kế hoạch.",
    "Hãy viết câu theo số liệu bằng {% if ct.x is khong_dat %}…{% else %}…{% endif %}, hoặc "
    "sửa câu văn."))
UNGUARDED_CLAIM = _register(Rule(
    "nhan-dinh-go-tay", Severity.WARNING, Scope.TEMPLATE,
    "Lời văn gõ tay một nhận định (tăng, giảm, không đạt…) về chỉ tiêu mà câu in số.",
    "trong cùng một vế câu với biểu thức in số của `ct.<mã>`, lời văn gõ tay `không đạt`, `vượt`, "
    "`tăng`, `giảm`, `cao hơn`, `thấp hơn`, `còn`, `giảm xuống còn`, mà dòng không có "
    "`ct.<mã> is …` hay `ct.<mã> | khang_dinh(…)` cho chỉ tiêu đó",
    "nhận định gõ tay không đổi theo số liệu: số đổi chiều mà câu vẫn nói 'giảm'",
    "bao_cao.docx.j2:89: lời văn gõ tay 'còn' về 'ty_le_ho_ngheo' mà không kiểm theo số liệu.",
    "Hãy để bộ lọc viết nhận định (dat_ke_hoach, so_cung_ky), chọn câu bằng "
    "{% if ct.x is giam %}, hoặc ghi {{ ct.x | khang_dinh('giam') }}."))
SINGLE_BRACES = _register(Rule(
    "ngoac-don", Severity.ERROR, Scope.TEMPLATE, "Biểu thức chỉ có một cặp ngoặc nhọn.",
    "lời văn có `{ ct.… }`, `{ nam }`… với một cặp ngoặc: mẫu in nguyên văn",
    "báo cáo in '{ ct.tong_muc_ban_le | ket_qua }' thay cho số liệu",
    "'{ ct.tong_muc_ban_le | ket_qua }' sẽ được in nguyên văn vào báo cáo.",
    "Hãy viết biểu thức trong hai cặp ngoặc: {{ … }}.", acknowledgeable=False))
UNSEPARATED_THOUSANDS = _register(Rule(
    "so-thieu-dau-nghin", Severity.WARNING, Scope.TEMPLATE,
    "Số từ 4 chữ số gõ trong lời văn mà không có dấu chấm ngăn hàng nghìn.",
    "lời văn của mẫu (cả chú thích) gõ một số từ 4 chữ số trở lên không có dấu chấm ngăn hàng "
    "nghìn (`1400 cờ`). Năm (1900-2100), giai đoạn (2021-2025), số hiệu (09/2019) không tính",
    "báo cáo in số bằng bộ lọc với dấu chấm (1.009); một số gõ tay không có dấu chấm ngay bên "
    "cạnh trông như lỗi",
    "bao_cao.docx.j2:81: Số 1400 chưa có dấu chấm ngăn hàng nghìn.",
    "Hãy viết số có dấu chấm ngăn hàng nghìn (1.400); năm thì không có dấu chấm (năm 2023).",
    acknowledgeable=False))

ROUNDING_WIDENED = _register(Rule(
    "lam-tron-sai-nghia", Severity.WARNING, Scope.TEMPLATE,
    "Số chữ số thập phân mẫu chọn sẽ làm câu sai nghĩa; ktxh đã thêm chữ số.",
    "mẫu ghi `thap_phan=…` cho `dat_ke_hoach`, `so_cung_ky` hoặc `phan_tram_ke_hoach` mà làm tròn "
    "ở độ chính xác đó sẽ vượt qua ngưỡng đánh giá (99,6% thành 100%, tăng 0,4% thành 0%); báo "
    "cáo in thêm chữ số cần thiết (tối đa 3)",
    "làm tròn không được đổi nghĩa câu: 'đạt 100% kế hoạch' cho chỉ tiêu chưa đạt là báo cáo sai",
    "Mẫu ghi thap_phan=0 nhưng tỷ lệ là 99,6%: làm tròn thành 100% sẽ thành đạt kế hoạch; báo cáo "
    "in 99,6%.",
    "Hãy bỏ thap_phan (ktxh tự thêm chữ số khi cần) hoặc ghi số chữ số đủ để câu đúng nghĩa."))
RECONSTRUCTED_PRINTED = _register(Rule(
    "so-suy-ra", Severity.WARNING, Scope.TEMPLATE,
    "Mẫu in một số suy ra từ tỷ lệ, không phải số liệu gốc.",
    "mẫu in số kế hoạch, cùng kỳ hoặc kế hoạch năm sau mà số liệu ghi là suy ra (`suy_ra`): "
    "`{{ ct.x.ke_hoach }}`, `gia_tri('ke_hoach')`, `muc_tieu`. Các bộ lọc so sánh "
    "(`dat_ke_hoach`, `so_cung_ky`…) tự in tỷ lệ báo cáo nêu nên không bị báo",
    "số suy ra chỉ là một trong nhiều số cho ra cùng tỷ lệ (101% ứng với mọi kế hoạch từ 27,44% "
    "đến 27,71%); in ra như số liệu thật là nêu một con số không ai báo cáo",
    "Mẫu in kế hoạch của 'ty_le_che_phu_rung', nhưng số này được suy ra từ tỷ lệ báo cáo nêu.",
    "Hãy in tỷ lệ báo cáo nêu ({{ ct.x | ty_le_da_neu }}), hoặc nhập số liệu gốc và bỏ suy_ra; "
    "nếu số suy ra là duy nhất (18/28 trường từ 64,3%), ghi chấp nhận kèm lý do."))

# ---------------------------------------------------------------- the acknowledgements
UNUSED_ACKNOWLEDGEMENT = _register(Rule(
    "chap-nhan-thua", Severity.WARNING, Scope.ACKNOWLEDGEMENT,
    "Một dòng chấp nhận không còn khớp phát hiện nào.",
    "một dòng `chap_nhan` không còn khớp phát hiện nào (kể cả khi mã quy tắc gõ sai)",
    "dòng chấp nhận bị bỏ quên sẽ che một phát hiện mới cùng quy tắc về sau",
    "Đã chấp nhận phát hiện 'thanh-phan-lech' cho chỉ tiêu này, nhưng lần kiểm tra này không còn "
    "phát hiện đó.",
    "Hãy xóa dòng chấp nhận nếu vấn đề đã được sửa.", acknowledgeable=False))
OLD_RULE_ID = _register(Rule(
    "ma-quy-tac-cu", Severity.WARNING, Scope.ACKNOWLEDGEMENT,
    "Dòng chấp nhận dùng mã quy tắc cũ.",
    "một dòng `chap_nhan` ghi mã cũ của một quy tắc đã đổi tên; dòng đó vẫn được áp dụng",
    "mã mới nói rõ lỗi gì; mỗi quy tắc giữ một tên để dễ tra",
    "Mã quy tắc 'thanh-phan-cong' đã đổi thành 'thanh-phan-lech'.",
    "Hãy ghi mã mới vào dòng quy_tac.", acknowledgeable=False))

RULE_IDS: tuple[str, ...] = tuple(RULES)
"""Every rule id check can report; docs/quy_tac_kiem_tra.md describes each."""


def aliases() -> dict[str, tuple[str, ...]]:
    """Each old id with the current ids it stands for (one id may have been split in two)."""
    found: dict[str, tuple[str, ...]] = {}
    for rule in RULES.values():
        for old in rule.old_ids:
            found[old] = (*found.get(old, ()), rule.id)
    return found


def current_ids(rule_id: str) -> tuple[str, ...]:
    """The current ids an id written in an acknowledgement stands for."""
    return aliases().get(rule_id, (rule_id,))
