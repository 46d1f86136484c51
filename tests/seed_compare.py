"""Reading the seed report and a generated report into comparable paragraphs and footnotes.

The seed is Word text as extracted: `[footnoteRef:N]` marks a reference, `[N: …]` the note's text
(it may span lines). The generated report is read with pandoc (`-t markdown`), an independent
reader: `[^N]` marks a reference, `[^N]: …` a note. Both are normalised the same way (NFC, one
space, one kind of quote, `%o` as `‰`) before they are compared.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-"})
_SPACES = re.compile(r"\s+")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!'\"$|<>~^])")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES).replace("%o", "‰")
    return _SPACES.sub(" ", text).strip()


@dataclass
class Extracted:
    paragraphs: list[str]
    footnotes: list[str]


def read_seed(text: str) -> Extracted:
    text = text.replace("[bookmark: _GoBack]", "")
    footnotes: dict[int, str] = {}
    body = []
    index = 0
    while index < len(text):
        match = re.compile(r"\[footnoteRef:\d+\]|\[(\d+):").match(text, index)
        if match is None:
            body.append(text[index])
            index += 1
            continue
        if match.group(1) is None:
            index = match.end()
            continue
        depth, end = 0, match.end()
        while end < len(text):
            if text[end] == "[":
                depth += 1
            elif text[end] == "]":
                if depth == 0:
                    break
                depth -= 1
            end += 1
        note = text[match.end():end].strip()
        footnotes[int(match.group(1))] = note.removeprefix("()").strip()
        index = end + 1
    paragraphs = [normalise(line.replace("()", "")) for line in _join_soft_breaks("".join(body))]
    return Extracted([p for p in paragraphs if p],
                     [normalise(footnotes[n]) for n in sorted(footnotes)])


def _join_soft_breaks(text: str) -> list[str]:
    """Lines that Word broke inside one paragraph: a line going on in lower case, or a heading in
    capitals continued in capitals after a trailing space."""
    lines: list[str] = []
    for line in text.split("\n"):
        previous = lines[-1] if lines else ""
        continues = line[:1].islower() and previous and not previous.rstrip().endswith(
            (".", ":", ";", "!", "?"))
        capitals = (previous.endswith(" ") and previous.strip().isupper() and line.isupper())
        if continues or capitals:
            lines[-1] = previous.rstrip() + " " + line.lstrip()
        else:
            lines.append(line)
    return lines


def read_pandoc_markdown(markdown: str) -> Extracted:
    paragraphs, footnotes = [], []
    note: list[str] | None = None
    for block in re.split(r"\n\s*\n", markdown):
        lines = block.strip("\n").split("\n")
        first = lines[0].strip()
        if not first or first.startswith(("+", "|", ":", "-----")):
            continue
        definition = re.match(r"\[\^\d+\]:\s?(.*)", first)
        if definition:
            note = [definition.group(1), *(line.strip() for line in lines[1:])]
            footnotes.append(note)
            continue
        if note is not None and block.startswith("    "):
            note.append(" ".join(line.strip() for line in lines))
            continue
        note = None
        text = " ".join(line.strip() for line in lines)
        text = re.sub(r"^#+ ", "", text)
        text = re.sub(r"\[\^\d+\]", "", text)
        paragraphs.append(normalise(_MARKDOWN_ESCAPE.sub(r"\1", text)))
    return Extracted(paragraphs, [normalise(_MARKDOWN_ESCAPE.sub(r"\1", " ".join(n)))
                                  for n in footnotes])


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass
class Alignment:
    pairs: list[tuple[str, str | None, float]]
    """Each seed paragraph, the generated paragraph matched to it (in order), and their ratio."""

    @property
    def mean(self) -> float:
        return sum(r for _, _, r in self.pairs) / len(self.pairs)

    def worst(self, count: int) -> list[tuple[float, str, str | None]]:
        ranked = sorted(self.pairs, key=lambda p: p[2])[:count]
        return [(round(r, 3), s[:90], g[:90] if g else None) for s, g, r in ranked]


def align(seed: list[str], generated: list[str], window: int = 6) -> Alignment:
    """Match each seed paragraph to a generated one, in order, looking a few paragraphs ahead."""
    pairs: list[tuple[str, str | None, float]] = []
    position = 0
    for paragraph in seed:
        candidates = [(similarity(paragraph, generated[j]), j)
                      for j in range(position, min(position + window, len(generated)))]
        best, where = max(candidates, default=(0.0, position))
        if best >= 0.5:
            pairs.append((paragraph, generated[where], best))
            position = where + 1
        else:
            pairs.append((paragraph, None, best))
    return Alignment(pairs)
