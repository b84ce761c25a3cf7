"""The skill taxonomy, the role catalogue and seniority words, loaded from `data/`."""

from core.taxonomy.catalog import Role, Skill, Taxonomy, load_taxonomy

__all__ = ["Role", "Skill", "Taxonomy", "load_taxonomy"]
