"""Places: turning what people and postings write into a city, a country or Remote."""

from core.places.gazetteer import REMOTE, Gazetteer, Place, load_gazetteer

__all__ = ["REMOTE", "Gazetteer", "Place", "load_gazetteer"]
