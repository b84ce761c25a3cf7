"""Which catalogue role a job title names."""

from __future__ import annotations

from core.nlu.pipeline import TermMatcher, build_nlp
from core.taxonomy import Taxonomy, load_taxonomy


class RoleClassifier:
    """Finds the catalogue role in a job title ("Sr. Data Engineer (Spark)" -> Data Engineer)."""

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        self.taxonomy = taxonomy or load_taxonomy()
        self.nlp = build_nlp()
        terms = list(self.taxonomy.role_terms())
        terms += [
            (title, role.name) for role in self.taxonomy.roles.values() for title in role.titles
        ]
        self._matcher = TermMatcher(self.nlp, terms)

    def classify(self, title: str) -> str | None:
        """The role of the longest role phrase in the title, if any."""
        matches = self._matcher(self.nlp.make_doc(title))
        if not matches:
            return None
        best = max(matches, key=lambda m: (m.end - m.start, -m.start))
        return best.canonical
