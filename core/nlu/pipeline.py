"""A blank spaCy English pipeline (no model download) with taxonomy term matchers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

# Tokenizer rules made for job postings and chat messages. spaCy's English defaults cover
# every script and symbol and cost most of the extraction time on long postings; these
# few split what matters here ("(Python,", "**Go**", "react/vue", "scikit-learn") and keep
# "C++", "C#", ".NET", "Node.js" and "CI/CD"-style names matchable. Terms and texts go
# through the same tokenizer, so a rule only has to split both alike.
_PREFIX = r"""^(?:[(\[{"'“‘«*•·>~`_$€£]|\.(?![A-Za-z]))"""
_SUFFIX = r"""(?:[)\]}"'”’»*,;:!?…%]|\.|'s|’s)$"""
_INFIX = r"""(?<=[\w.+#])[/,;:&=](?=[\w.])|(?<=[A-Za-z])-(?=[A-Za-z])|(?<=\w)[(\[](?=\w)"""


def build_nlp() -> Language:
    """Blank English (no model download) with a tokenizer tuned for postings and chats."""
    nlp = spacy.blank("en")
    tok = tokenizer(nlp)
    tok.prefix_search = re.compile(_PREFIX).search
    tok.suffix_search = re.compile(_SUFFIX).search
    tok.infix_finditer = re.compile(_INFIX).finditer
    tok.url_match = None
    # English special cases ("don't" -> do n't, emoticons) slow long texts tenfold and
    # nothing here needs them.
    tok.rules = {}
    return nlp


def tokenizer(nlp: Language) -> Tokenizer:
    """The pipeline's tokenizer, typed."""
    tok = nlp.tokenizer
    assert isinstance(tok, Tokenizer)
    return tok


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A taxonomy term found in a text: token span, characters and canonical name."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    canonical: str


class TermMatcher:
    """Finds every spelling of a set of canonical names in a Doc, case-insensitively."""

    def __init__(self, nlp: Language, terms: Iterable[tuple[str, str]]) -> None:
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._names: dict[int, str] = {}
        by_name: dict[str, list[str]] = {}
        for term, canonical in terms:
            by_name.setdefault(canonical, []).append(term)
        for canonical, spellings in by_name.items():
            unique = list(dict.fromkeys(s.lower() for s in spellings))
            self._matcher.add(canonical, list(tokenizer(nlp).pipe(unique)))

    def __call__(self, doc: Doc) -> list[TermMatch]:
        """Longest non-overlapping matches, in text order."""
        found = self._matcher(doc)
        if not found:
            return []
        # Longest first, then leftmost: "Ruby on Rails" beats "Ruby", "C#" beats "C".
        found.sort(key=lambda m: (m[1] - m[2], m[1]))
        taken = bytearray(len(doc))
        chosen: list[TermMatch] = []
        for match_id, start, end in found:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            last = doc[end - 1]
            start_char, end_char = doc[start].idx, last.idx + len(last)
            canonical = self._names.get(match_id)
            if canonical is None:
                canonical = self._names[match_id] = doc.vocab.strings[match_id]
            # doc.text would rebuild the whole text; the span's tokens are enough.
            surface = "".join(t.text_with_ws for t in doc[start:end]).rstrip()
            chosen.append(TermMatch(start, end, start_char, end_char, surface, canonical))
        chosen.sort(key=lambda m: m.start)
        return chosen
