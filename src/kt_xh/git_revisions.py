"""Reading the data files as they were at a git revision, with git itself (`git show REV:path`)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from kt_xh.domain import LoadedReport
from kt_xh.errors import KtxhError, display_path
from kt_xh.loading import ACTUALS_SUFFIX, latest_year_files, load_documents, no_plan_needed
from kt_xh.yaml_source import parse_bytes


class GitError(KtxhError):
    """Git cannot give what was asked: no repository, an unknown revision, git missing."""


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("Không tìm thấy chương trình git trên máy; ktxh diff cần git để đọc số "
                       "liệu ở các phiên bản.") from None
    if done.returncode != 0:
        raise subprocess.CalledProcessError(done.returncode, args, done.stdout, done.stderr)
    return done.stdout


NO_COMMIT = ("Kho git chưa có lần commit nào, nên chưa có phiên bản để so sánh. Hãy lưu phiên bản "
             "đầu tiên: git add . rồi git commit -m \"Số liệu ban đầu\"; từ đó ktxh diff cho thấy "
             "những gì đã sửa so với lần commit mới nhất.")


@dataclass(frozen=True)
class Repository:
    root: Path

    @classmethod
    def containing(cls, folder: Path) -> Repository:
        try:
            root = _git(["rev-parse", "--show-toplevel"], folder if folder.is_dir() else Path.cwd())
        except subprocess.CalledProcessError:
            raise GitError(f"Thư mục {display_path(folder)} không nằm trong một kho git; ktxh diff "
                           "so sánh số liệu giữa các phiên bản đã commit.") from None
        return cls(Path(root.decode().strip()))

    def commit(self, revision: str) -> str:
        try:
            return _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
                        self.root).decode().strip()
        except subprocess.CalledProcessError:
            if not self.has_commits():
                raise GitError(NO_COMMIT) from None
            raise GitError(f"Không có phiên bản '{revision}' trong kho git. Hãy dùng một mã "
                           "commit, tên nhánh, HEAD (lần commit mới nhất), HEAD~1 (lần trước "
                           "đó)…") from None

    def has_commits(self) -> bool:
        try:
            _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], self.root)
        except subprocess.CalledProcessError:
            return False
        return True

    def files_at(self, commit: str, folder: Path) -> list[str]:
        relative = self._relative(folder)
        try:
            listing = _git(["ls-tree", "--name-only", commit, f"{relative}/"], self.root)
        except subprocess.CalledProcessError:
            return []
        return [Path(line).name for line in listing.decode().splitlines()]

    def read_at(self, commit: str, path: Path) -> bytes:
        return _git(["show", f"{commit}:{self._relative(path)}"], self.root)

    def _relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()


def load_at_revision(repository: Repository, revision: str, data_dir: Path) -> LoadedReport:
    """The report of the data folder as it was at a revision (the latest year it held)."""
    commit = repository.commit(revision)
    names = repository.files_at(commit, data_dir)
    found = latest_year_files(names)
    if found is None:
        raise GitError(f"Ở phiên bản '{revision}', thư mục {display_path(data_dir)} chưa có tệp số "
                       f"liệu '<năm>{ACTUALS_SUFFIX}'.")
    actuals, targets = found
    actuals_read = parse_bytes(repository.read_at(commit, data_dir / actuals),
                               Path(f"{revision}:{data_dir / actuals}"))
    if targets in names:
        targets_read = parse_bytes(repository.read_at(commit, data_dir / targets),
                                   Path(f"{revision}:{data_dir / targets}"))
    elif (empty := no_plan_needed(actuals_read, Path(f"{revision}:{data_dir / targets}"))):
        targets_read = (empty, [])
    else:
        raise GitError(f"Ở phiên bản '{revision}', thư mục {display_path(data_dir)} thiếu tệp "
                       f"{targets}.")
    return load_documents(actuals_read, targets_read)
