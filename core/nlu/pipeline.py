"""A blank spaCy English pipeline (no model download) with taxonomy term matchers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex


def build_nlp() -> Language:
    """Blank English with a tokenizer that also splits "react/vue" and "python,sql"."""
    nlp = spacy.blank("en")
    infixes = [*(nlp.Defaults.infixes or ()), r"(?<=[\w.+#])[/,;](?=[\w.])"]
    tokenizer(nlp).infix_finditer = compile_infix_regex(infixes).finditer
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
        by_name: dict[str, list[str]] = {}
        for term, canonical in terms:
            by_name.setdefault(canonical, []).append(term)
        for canonical, spellings in by_name.items():
            unique = list(dict.fromkeys(s.lower() for s in spellings))
            self._matcher.add(canonical, list(tokenizer(nlp).pipe(unique)))

    def __call__(self, doc: Doc) -> list[TermMatch]:
        """Longest non-overlapping matches, in text order."""
        found = self._matcher(doc)
        # Longest first, then leftmost: "Ruby on Rails" beats "Ruby", "C#" beats "C".
        found.sort(key=lambda m: (-(m[2] - m[1]), m[1]))
        taken: set[int] = set()
        chosen: list[TermMatch] = []
        for match_id, start, end in found:
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            span = doc[start:end]
            chosen.append(
                TermMatch(
                    start,
                    end,
                    span.start_char,
                    span.end_char,
                    span.text,
                    doc.vocab.strings[match_id],
                )
            )
        chosen.sort(key=lambda m: m.start)
        return chosen
