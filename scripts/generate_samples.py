"""Generate the bundled sample job postings, in the shape of the TheirStack jobs API.

Without an API key the bot answers from these postings, so they go through the same ingest
path as live data: every posting is a Job object of the jobs API (see
/work/shared/reference/theirstack-api.md, section 2). The output is deterministic: the same
arguments always give a byte-identical file.

    python scripts/generate_samples.py [--count N] [--seed S] [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.nlu.pipeline import TermMatcher, build_nlp
from core.taxonomy import Taxonomy, load_taxonomy
from core.taxonomy.catalog import Role, Skill

ROOT = Path(__file__).resolve().parent.parent

ANCHOR = date(2026, 11, 25)
WINDOW_DAYS = 120
DEFAULT_COUNT = 6000
DEFAULT_SEED = 2026
DEFAULT_OUT = ROOT / "core" / "postings" / "data" / "sample_postings.jsonl.gz"
ID_BASE = 7_000_000_000
REMOTE_SHARE = 0.17
HYBRID_SHARE = 0.28
SALARY_SHARE = 0.45
SLUG_SHARE = 0.8
MAX_ROLE_SKILLS = 12
MIN_DESCRIPTION, MAX_DESCRIPTION = 800, 2500
EXTRA_CAPS = {"about": 3, "role": 2, "duties": 3, "needs": 2, "offer": 3}

# ------------------------------------------------------------------------------ trends

# Skills whose demand moves across the window: probability x0.6 at the start to x1.6 at
# the end for rising ones, the reverse for falling ones.
RISING = (
    "Large Language Models",
    "LangChain",
    "Retrieval-Augmented Generation",
    "Generative AI",
    "Rust",
    "dbt",
    "Terraform",
    "Kubernetes",
    "TypeScript",
    "Snowflake",
)
FALLING = ("jQuery", "Hadoop", "Perl", "AngularJS", "Objective-C", "Apache Hive")

# The catalogue lists what roles ask for today; legacy skills and a few newcomers are missing
# from it, and without them the falling trends would have nothing to fall from.
EXTRA_SHARES: dict[str, dict[str, float]] = {
    "Frontend Developer": {"jQuery": 0.16, "AngularJS": 0.12},
    "Web Developer": {"jQuery": 0.32, "AngularJS": 0.12, "Perl": 0.05},
    "Full Stack Developer": {"jQuery": 0.14, "AngularJS": 0.10},
    "Software Engineer": {"Rust": 0.05, "Perl": 0.03, "AngularJS": 0.02},
    "Backend Developer": {"Rust": 0.07, "Perl": 0.05},
    "Embedded Software Engineer": {"Rust": 0.08, "Perl": 0.08},
    "Platform Engineer": {"Rust": 0.05},
    "Security Engineer": {"Rust": 0.03, "Perl": 0.04},
    "Systems Administrator": {"Perl": 0.18},
    "Network Engineer": {"Perl": 0.10},
    "DevOps Engineer": {"Perl": 0.06},
    "QA Engineer": {"Perl": 0.04},
    "Data Engineer": {"Apache Hive": 0.18},
    "Data Architect": {"Hadoop": 0.14, "Apache Hive": 0.12},
    "Data Scientist": {"Apache Hive": 0.08, "Hadoop": 0.07},
    "Data Analyst": {"Apache Hive": 0.08},
    "Business Intelligence Developer": {"Apache Hive": 0.06},
    "Machine Learning Engineer": {"Hadoop": 0.04},
    "Mobile Developer": {"Objective-C": 0.08},
}


def trend_factor(skill: str, progress: float) -> float:
    """How much more (or less) often a skill is asked for at `progress` (0 = oldest day)."""
    if skill in RISING:
        return 0.6 + progress
    if skill in FALLING:
        return 1.6 - progress
    return 1.0


# ------------------------------------------------------------------------------ places


@dataclass(frozen=True, slots=True)
class Country:
    """A country with what pay and currency look like there."""

    code: str
    name: str
    continent: str
    continent_code: str
    currency: str
    symbol: str  # prefix of amounts in salary strings
    usd_rate: float  # local units per US dollar
    pay: float  # pay level relative to the United States


@dataclass(frozen=True, slots=True)
class City:
    """A city postings can be located in."""

    name: str
    state: str | None
    state_code: str | None
    country: str  # ISO-2 code
    latitude: float
    longitude: float
    weight: float
    pay: float = 1.0  # local adjustment on top of the country's level


EU, NA, AS, OC, SA, AF = "Europe", "North America", "Asia", "Oceania", "South America", "Africa"
COUNTRIES: dict[str, Country] = {
    c.code: c
    for c in (
        Country("US", "United States", NA, "NA", "USD", "$", 1.0, 1.0),
        Country("CA", "Canada", NA, "NA", "CAD", "CA$", 1.37, 0.72),
        Country("MX", "Mexico", NA, "NA", "MXN", "MX$", 18.5, 0.30),
        Country("GB", "United Kingdom", EU, "EU", "GBP", "£", 0.78, 0.68),
        Country("IE", "Ireland", EU, "EU", "EUR", "€", 0.92, 0.70),
        Country("DE", "Germany", EU, "EU", "EUR", "€", 0.92, 0.68),
        Country("NL", "Netherlands", EU, "EU", "EUR", "€", 0.92, 0.66),
        Country("FR", "France", EU, "EU", "EUR", "€", 0.92, 0.58),
        Country("ES", "Spain", EU, "EU", "EUR", "€", 0.92, 0.48),
        Country("PT", "Portugal", EU, "EU", "EUR", "€", 0.92, 0.40),
        Country("PL", "Poland", EU, "EU", "PLN", "PLN ", 3.95, 0.42),
        Country("SE", "Sweden", EU, "EU", "SEK", "SEK ", 10.6, 0.60),
        Country("DK", "Denmark", EU, "EU", "DKK", "DKK ", 6.85, 0.70),
        Country("FI", "Finland", EU, "EU", "EUR", "€", 0.92, 0.58),
        Country("AT", "Austria", EU, "EU", "EUR", "€", 0.92, 0.60),
        Country("CH", "Switzerland", EU, "EU", "CHF", "CHF ", 0.88, 1.0),
        Country("CZ", "Czech Republic", EU, "EU", "CZK", "CZK ", 23.0, 0.40),
        Country("RO", "Romania", EU, "EU", "RON", "RON ", 4.6, 0.35),
        Country("EE", "Estonia", EU, "EU", "EUR", "€", 0.92, 0.42),
        Country("IN", "India", AS, "AS", "INR", "₹", 84.0, 0.22),
        Country("SG", "Singapore", AS, "AS", "SGD", "S$", 1.34, 0.75),
        Country("JP", "Japan", AS, "AS", "JPY", "¥", 150.0, 0.55),
        Country("KR", "South Korea", AS, "AS", "KRW", "₩", 1380.0, 0.50),
        Country("VN", "Vietnam", AS, "AS", "VND", "VND ", 25000.0, 0.18),
        Country("PH", "Philippines", AS, "AS", "PHP", "₱", 57.0, 0.16),
        Country("AE", "United Arab Emirates", AS, "AS", "AED", "AED ", 3.67, 0.70),
        Country("IL", "Israel", AS, "AS", "ILS", "₪", 3.7, 0.80),
        Country("AU", "Australia", OC, "OC", "AUD", "A$", 1.53, 0.72),
        Country("NZ", "New Zealand", OC, "OC", "NZD", "NZ$", 1.68, 0.60),
        Country("BR", "Brazil", SA, "SA", "BRL", "R$", 5.4, 0.30),
        Country("AR", "Argentina", SA, "SA", "ARS", "ARS ", 950.0, 0.22),
        Country("CO", "Colombia", SA, "SA", "COP", "COP ", 4000.0, 0.25),
        Country("ZA", "South Africa", AF, "AF", "ZAR", "ZAR ", 18.2, 0.30),
        Country("NG", "Nigeria", AF, "AF", "NGN", "₦", 1550.0, 0.15),
        Country("KE", "Kenya", AF, "AF", "KES", "KES ", 129.0, 0.16),
        Country("EG", "Egypt", AF, "AF", "EGP", "EGP ", 49.0, 0.12),
    )
}

CITIES: tuple[City, ...] = (
    City("New York", "New York", "NY", "US", 40.7128, -74.006, 9, 1.10),
    City("San Francisco", "California", "CA", "US", 37.7749, -122.4194, 8, 1.15),
    City("Seattle", "Washington", "WA", "US", 47.6062, -122.3321, 6, 1.08),
    City("Austin", "Texas", "TX", "US", 30.2672, -97.7431, 5, 0.97),
    City("Boston", "Massachusetts", "MA", "US", 42.3601, -71.0589, 4, 1.05),
    City("Chicago", "Illinois", "IL", "US", 41.8781, -87.6298, 4, 0.97),
    City("Los Angeles", "California", "CA", "US", 34.0522, -118.2437, 3, 1.03),
    City("Denver", "Colorado", "CO", "US", 39.7392, -104.9903, 3, 0.95),
    City("Atlanta", "Georgia", "GA", "US", 33.749, -84.388, 3, 0.92),
    City("Washington", "District of Columbia", "DC", "US", 38.9072, -77.0369, 3, 1.0),
    City("Dallas", "Texas", "TX", "US", 32.7767, -96.797, 3, 0.95),
    City("Raleigh", "North Carolina", "NC", "US", 35.7796, -78.6382, 2, 0.90),
    City("London", "England", "ENG", "GB", 51.5074, -0.1278, 8, 1.10),
    City("Manchester", "England", "ENG", "GB", 53.4808, -2.2426, 2, 0.90),
    City("Edinburgh", "Scotland", "SCT", "GB", 55.9533, -3.1883, 1.5, 0.92),
    City("Bristol", "England", "ENG", "GB", 51.4545, -2.5879, 1, 0.92),
    City("Cambridge", "England", "ENG", "GB", 52.2053, 0.1218, 1, 1.0),
    City("Berlin", "Berlin", "BE", "DE", 52.52, 13.405, 5),
    City("Munich", "Bavaria", "BY", "DE", 48.1351, 11.582, 3.5, 1.08),
    City("Hamburg", "Hamburg", "HH", "DE", 53.5511, 9.9937, 2),
    City("Frankfurt am Main", "Hesse", "HE", "DE", 50.1109, 8.6821, 2, 1.05),
    City("Cologne", "North Rhine-Westphalia", "NW", "DE", 50.9375, 6.9603, 1),
    City("Amsterdam", "North Holland", "NH", "NL", 52.3676, 4.9041, 4, 1.05),
    City("Rotterdam", "South Holland", "ZH", "NL", 51.9244, 4.4777, 1.2),
    City("Eindhoven", "North Brabant", "NB", "NL", 51.4416, 5.4697, 1),
    City("Utrecht", "Utrecht", "UT", "NL", 52.0907, 5.1214, 1),
    City("Paris", "Île-de-France", "IDF", "FR", 48.8566, 2.3522, 4, 1.10),
    City("Lyon", "Auvergne-Rhône-Alpes", "ARA", "FR", 45.764, 4.8357, 1.2),
    City("Toulouse", "Occitanie", "OCC", "FR", 43.6047, 1.4442, 0.8),
    City("Madrid", "Community of Madrid", "MD", "ES", 40.4168, -3.7038, 2.5),
    City("Barcelona", "Catalonia", "CT", "ES", 41.3874, 2.1686, 2.5),
    City("Valencia", "Valencian Community", "VC", "ES", 39.4699, -0.3763, 0.7, 0.92),
    City("Warsaw", "Masovian Voivodeship", "MZ", "PL", 52.2297, 21.0122, 2.5, 1.05),
    City("Kraków", "Lesser Poland Voivodeship", "MA", "PL", 50.0647, 19.945, 1.5),
    City("Wrocław", "Lower Silesian Voivodeship", "DS", "PL", 51.1079, 17.0385, 1),
    City("Lisbon", "Lisbon", "11", "PT", 38.7223, -9.1393, 2, 1.05),
    City("Porto", "Porto", "13", "PT", 41.1579, -8.6291, 1),
    City("Dublin", "Leinster", "L", "IE", 53.3498, -6.2603, 2.5, 1.05),
    City("Cork", "Munster", "M", "IE", 51.8985, -8.4756, 0.6, 0.92),
    City("Stockholm", "Stockholm County", "AB", "SE", 59.3293, 18.0686, 2, 1.05),
    City("Gothenburg", "Västra Götaland County", "O", "SE", 57.7089, 11.9746, 0.7),
    City("Zurich", "Zurich", "ZH", "CH", 47.3769, 8.5417, 2, 1.05),
    City("Geneva", "Geneva", "GE", "CH", 46.2044, 6.1432, 0.8),
    City("Copenhagen", "Capital Region", "84", "DK", 55.6761, 12.5683, 1),
    City("Helsinki", "Uusimaa", "18", "FI", 60.1699, 24.9384, 0.8),
    City("Vienna", "Vienna", "9", "AT", 48.2082, 16.3738, 0.9),
    City("Prague", "Prague", "10", "CZ", 50.0755, 14.4378, 1),
    City("Bucharest", "Bucharest", "B", "RO", 44.4268, 26.1025, 1),
    City("Tallinn", "Harju County", "37", "EE", 59.437, 24.7536, 0.5),
    City("Toronto", "Ontario", "ON", "CA", 43.6532, -79.3832, 4, 1.05),
    City("Vancouver", "British Columbia", "BC", "CA", 49.2827, -123.1207, 2, 1.03),
    City("Montreal", "Quebec", "QC", "CA", 45.5017, -73.5673, 1.5, 0.95),
    City("Bengaluru", "Karnataka", "KA", "IN", 12.9716, 77.5946, 6, 1.10),
    City("Hyderabad", "Telangana", "TG", "IN", 17.385, 78.4867, 3.5),
    City("Pune", "Maharashtra", "MH", "IN", 18.5204, 73.8567, 2.5),
    City("Chennai", "Tamil Nadu", "TN", "IN", 13.0827, 80.2707, 2),
    City("Gurugram", "Haryana", "HR", "IN", 28.4595, 77.0266, 2),
    City("Mumbai", "Maharashtra", "MH", "IN", 19.076, 72.8777, 2, 1.05),
    City("Singapore", None, None, "SG", 1.3521, 103.8198, 3),
    City("Sydney", "New South Wales", "NSW", "AU", -33.8688, 151.2093, 2.5, 1.05),
    City("Melbourne", "Victoria", "VIC", "AU", -37.8136, 144.9631, 2),
    City("Auckland", "Auckland", "AUK", "NZ", -36.8485, 174.7633, 0.6),
    City("Tokyo", "Tokyo", "13", "JP", 35.6762, 139.6503, 2.5, 1.05),
    City("Osaka", "Osaka", "27", "JP", 34.6937, 135.5023, 0.8, 0.92),
    City("Seoul", "Seoul", "11", "KR", 37.5665, 126.978, 1),
    City("Ho Chi Minh City", "Ho Chi Minh City", "SG", "VN", 10.8231, 106.6297, 0.8),
    City("Manila", "Metro Manila", "NCR", "PH", 14.5995, 120.9842, 0.8),
    City("São Paulo", "São Paulo", "SP", "BR", -23.5505, -46.6333, 2.5, 1.05),
    City("Florianópolis", "Santa Catarina", "SC", "BR", -27.5954, -48.548, 0.6),
    City("Mexico City", "Mexico City", "CMX", "MX", 19.4326, -99.1332, 1.8, 1.05),
    City("Guadalajara", "Jalisco", "JAL", "MX", 20.6597, -103.3496, 0.9),
    City("Buenos Aires", "Buenos Aires", "C", "AR", -34.6037, -58.3816, 1),
    City("Bogotá", "Bogotá", "DC", "CO", 4.711, -74.0721, 0.8),
    City("Dubai", "Dubai", "DU", "AE", 25.2048, 55.2708, 1.5, 1.03),
    City("Abu Dhabi", "Abu Dhabi", "AZ", "AE", 24.4539, 54.3773, 0.6),
    City("Tel Aviv", "Tel Aviv District", "TA", "IL", 32.0853, 34.7818, 1.5),
    City("Cape Town", "Western Cape", "WC", "ZA", -33.9249, 18.4241, 1),
    City("Johannesburg", "Gauteng", "GT", "ZA", -26.2041, 28.0473, 1, 1.05),
    City("Lagos", "Lagos", "LA", "NG", 6.5244, 3.3792, 1),
    City("Nairobi", "Nairobi County", "30", "KE", -1.2921, 36.8219, 0.8),
    City("Cairo", "Cairo Governorate", "C", "EG", 30.0444, 31.2357, 0.6),
)

# ------------------------------------------------------------------------------ companies


@dataclass(frozen=True, slots=True)
class Company:
    """An invented employer."""

    name: str
    industry: str
    country: str  # ISO-2 code of the headquarters


# Invented names; domains use the reserved .example top-level domain so none is real.
_COMPANY_TABLE = """
Quillfern Labs|software development|US
Brightmoor Analytics|software development|US
Tallowby|e-commerce|GB
Norrow Systems|logistics|DE
Kelpwise|energy|NL
Vantreel|financial services|US
Ambergrove Health|healthcare|US
Corvidix|cybersecurity|IL
Lumenfold|media|US
Orbiquay Freight|logistics|NL
Paxmere|insurance|GB
Fennick Rowe Partners|consulting|GB
Saltmarsh Robotics|robotics|US
Driftwell|travel|ES
Cobaltine Pay|financial services|GB
Heronsgate Learning|education|GB
Marrowby Bio|biotech|CH
Tessaline|software development|FR
Upvalley Foods|e-commerce|US
Kinderloop|education|SE
Grindelwick Games|gaming|PL
Orrin Mobility|automotive|DE
Vellicor|healthcare|DE
Pebblestack|software development|US
Sundrift Energy|energy|ES
Halvane Data|software development|SE
Cindervale|gaming|CA
Mosswick|real estate|GB
Zephyrin Telecom|telecommunications|AE
Bramblecode|IT services|IN
Quorvane|financial services|SG
Tidewright|logistics|SG
Ashbury Lane Insurance|insurance|US
Nimbrel|software development|IE
Wrenfield Health|healthcare|GB
Kestrali|cybersecurity|US
Juniperline Retail|e-commerce|CA
Oxmoor Capital Systems|financial services|US
Plumhaven|real estate|AU
Starwick Media|media|GB
Glintwater|energy|DK
Carrowmore Analytics|IT services|IE
Yarrowfield|agriculture|NZ
Brisling Labs|biotech|DK
Trevanne|travel|PT
Lanternfish Studios|gaming|SE
Okkomo|e-commerce|JP
Sakuradyne|robotics|JP
Haneul Mobility|automotive|KR
Verdantia Agro|agriculture|BR
Pagoverde|financial services|MX
Loomstead|software development|US
Crestwind Logistics|logistics|US
Meridale Financial Technologies|financial services|ZA
Savanna Ledger|financial services|KE
Kijani Grid|energy|KE
Ekolumen|financial services|NG
Lagosway Commerce|e-commerce|NG
Nilefront Digital|IT services|EG
Pampaforge|software development|AR
Andeswire|telecommunications|CO
Vltava Logic|software development|CZ
Carpadyne|IT services|RO
Baltiq Labs|software development|EE
Fjordlane|software development|DK
Saimaro|gaming|FI
Donaulicht|energy|AT
Alpenrune|insurance|CH
Seefeld Quant|financial services|CH
Tagus Digital|IT services|PT
Calanque Voyages|travel|FR
Ardoise Health|healthcare|FR
Solvane Energy|energy|FR
Vistula Pay|financial services|PL
Wawelsoft|IT services|PL
Odrafleet|logistics|PL
Liffeyworks|software development|IE
Grachtwerk|software development|NL
Tulpenveld|agriculture|NL
Maasport|logistics|NL
Spreeline|e-commerce|DE
Isarwerk Robotics|robotics|DE
Elbfeld|insurance|DE
Mainquell|financial services|DE
Domblick Media|media|DE
Wherrymoor Health|healthcare|GB
Pennine Logic|software development|GB
Clydeforge|energy|GB
Avonmere Learning|education|GB
Cambrelle Labs|biotech|GB
Hudsonby|media|US
Mesquite Ridge Energy|energy|US
Pinecairn Health|healthcare|US
Bayledger|financial services|US
Copperwick|software development|US
Heronwake|travel|US
Sagebrook Learning|education|US
Larkspire Mobility|automotive|US
Granitepeak|cybersecurity|US
Quarrystone|insurance|US
Driftmark|e-commerce|US
Foxvale Analytics|software development|US
Ironwattle|energy|AU
Coralwyn Travel|travel|AU
Wattlebird Pay|financial services|AU
Maplethorn|software development|CA
Laurelby Games|gaming|CA
Fraserline Health|healthcare|CA
Kauri Fields|agriculture|NZ
Lionridge|financial services|SG
Straitmark|logistics|SG
Oasiline|e-commerce|AE
Falconreach Telecom|telecommunications|AE
Yarkona Defence|cybersecurity|IL
Carmelith|software development|IL
Nandiline|IT services|IN
Tamarind Ledger|financial services|IN
Kaverix Health|healthcare|IN
Deccanbazaar|e-commerce|IN
Monsoonworks|software development|IN
Charminar Logic|IT services|IN
Sahyadri Mobility|automotive|IN
Hikariya Systems|software development|JP
Hangang Labs|gaming|KR
Lotuswave Digital|IT services|VN
Pasigworks|IT services|PH
Jabuticaba Pay|financial services|BR
Tucano Commerce|e-commerce|BR
Nopalia Logistics|logistics|MX
Quetzalia Games|gaming|MX
Fynbos Analytics|software development|ZA
Kloofnek Insurance|insurance|ZA
Harmattan Health|healthcare|NG
Mbuniworks|logistics|KE
Papyra Learning|education|EG
Alhambrix|software development|ES
Tramuntana Travel|travel|ES
Skargard Labs|software development|SE
Fikaworks|e-commerce|SE
Revontuli Energy|energy|FI
Kahlenberg Health|healthcare|AT
Petrinova|financial services|CZ
Carpathix|cybersecurity|RO
Azulejo Labs|software development|PT
Burren Health|healthcare|IE
Glacierline Robotics|robotics|CH
Polderpay|financial services|NL
Tannenwerk Games|gaming|DE
Quaiborne|e-commerce|FR
Thistledown Robotics|robotics|US
Candlewick Security|cybersecurity|US
Orchardline|agriculture|US
Gorsefield Telecom|telecommunications|GB
Townvale Digital|public sector|US
Greywether Advisory|consulting|GB
Ravelstone Partners|consulting|US
Kiefernhof Beratung|consulting|DE
Bluegill Games|gaming|US
Tesselate Bio|biotech|US
"""

COMPANIES: tuple[Company, ...] = tuple(
    Company(*line.split("|")) for line in _COMPANY_TABLE.strip().splitlines()
)


@dataclass(frozen=True, slots=True)
class Industry:
    """How company blurbs talk about an industry."""

    noun: str
    products: tuple[str, ...]
    audiences: tuple[str, ...]


INDUSTRIES: dict[str, Industry] = {
    "software development": Industry(
        "software",
        ("developer tooling", "workflow automation software", "document editing tools"),
        ("engineering teams", "growing businesses", "large enterprises"),
    ),
    "financial services": Industry(
        "fintech",
        ("payment infrastructure", "lending software", "accounting tools", "treasury software"),
        ("small businesses", "banks and credit unions", "online merchants"),
    ),
    "healthcare": Industry(
        "health technology",
        ("clinical scheduling tools", "patient engagement apps", "software for diagnostic labs"),
        ("hospitals", "clinics", "care providers"),
    ),
    "e-commerce": Industry(
        "e-commerce",
        ("online storefronts", "order management software", "an online marketplace"),
        ("independent retailers", "consumer brands", "online shoppers"),
    ),
    "logistics": Industry(
        "logistics",
        ("route planning software", "freight visibility tools", "warehouse software"),
        ("carriers", "shippers", "distribution centres"),
    ),
    "energy": Industry(
        "energy",
        ("grid monitoring software", "tools for solar and wind operators", "EV charging software"),
        ("utilities", "energy producers", "fleet operators"),
    ),
    "education": Industry(
        "education technology",
        ("online courses", "tutoring apps", "classroom tools"),
        ("schools", "universities", "adult learners"),
    ),
    "media": Industry(
        "media",
        ("streaming apps", "audience measurement tools", "publishing software"),
        ("publishers", "broadcasters", "advertisers"),
    ),
    "travel": Industry(
        "travel",
        ("booking software", "trip planning apps", "revenue tools for hotels"),
        ("independent hotels", "travellers", "tour operators"),
    ),
    "insurance": Industry(
        "insurance",
        ("claims software", "digital insurance products", "underwriting tools"),
        ("insurers", "brokers", "policyholders"),
    ),
    "telecommunications": Industry(
        "telecommunications",
        ("mobile connectivity services", "network planning software", "billing software"),
        ("mobile operators", "businesses", "households"),
    ),
    "cybersecurity": Industry(
        "security",
        ("software that spots attacks early", "account protection tools", "exposure scanning"),
        ("security teams", "mid-sized companies", "public institutions"),
    ),
    "gaming": Industry(
        "games",
        ("multiplayer games", "casual mobile games", "games for consoles and PC"),
        ("players worldwide", "a global community of players", "casual players"),
    ),
    "real estate": Industry(
        "property technology",
        ("property management software", "tools for landlords and tenants", "rental listings"),
        ("landlords", "property managers", "renters"),
    ),
    "automotive": Industry(
        "mobility",
        ("software for connected vehicles", "fleet management tools", "parking apps"),
        ("car makers", "fleet operators", "drivers"),
    ),
    "agriculture": Industry(
        "agriculture technology",
        ("crop monitoring tools", "farm management software", "supply tools for growers"),
        ("farmers", "growers", "food producers"),
    ),
    "IT services": Industry(
        "technology services",
        ("custom software", "dedicated engineering teams", "modernisation projects"),
        ("enterprise clients", "public institutions", "banks and insurers"),
    ),
    "consulting": Industry(
        "advisory",
        ("custom digital products", "modernisation programmes", "bespoke software"),
        ("enterprise clients", "governments", "fast-growing companies"),
    ),
    "robotics": Industry(
        "robotics",
        ("autonomous warehouse robots", "robotic arms for factories", "inspection drones"),
        ("manufacturers", "warehouses", "industrial operators"),
    ),
    "biotech": Industry(
        "biotechnology",
        ("lab automation software", "tools for drug discovery", "genome analysis tools"),
        ("research labs", "pharmaceutical companies", "hospitals"),
    ),
    "public sector": Industry(
        "civic technology",
        ("digital services for local governments", "permit software", "resident portals"),
        ("city governments", "public agencies", "residents"),
    ),
}

FUNDING = {
    "seed": "a seed-stage startup backed by angel investors",
    "series_a": "backed by a recent Series A round",
    "series_b": "a Series B company backed by long-term investors",
    "series_c": "a growth-stage company backed by leading investors",
    "bootstrapped": "profitable and independent",
    "private": "a privately held company",
    "public": "a publicly listed company",
}

# ------------------------------------------------------------------------------ roles

# Relative number of postings; the everyday engineering and data roles dominate the market.
ROLE_WEIGHTS: dict[str, float] = {
    "Software Engineer": 14,
    "Backend Developer": 9,
    "Full Stack Developer": 8,
    "Frontend Developer": 7,
    "Data Engineer": 6,
    "Data Analyst": 5,
    "Data Scientist": 4.5,
    "Machine Learning Engineer": 4,
    "DevOps Engineer": 4,
    "AI Engineer": 3.5,
    "QA Engineer": 3,
    "Web Developer": 2.5,
    "Business Analyst": 2.5,
    "Cloud Engineer": 2.5,
    "Security Engineer": 2.5,
    "Product Manager": 2.5,
    "Mobile Developer": 2,
    "Site Reliability Engineer": 2,
    "Platform Engineer": 2,
    "Business Intelligence Developer": 1.8,
    "Solutions Architect": 1.8,
    "iOS Developer": 1.5,
    "Android Developer": 1.5,
    "Analytics Engineer": 1.5,
    "Embedded Software Engineer": 1.5,
    "Systems Administrator": 1.5,
    "UX Designer": 1.5,
    "Engineering Manager": 1.5,
    "Technical Program Manager": 1.3,
    "MLOps Engineer": 1.2,
    "Network Engineer": 1.2,
    "Data Architect": 1,
    "Database Administrator": 1,
    "Software Architect": 1,
    "Computer Vision Engineer": 0.8,
    "Game Developer": 0.8,
    "Salesforce Developer": 0.8,
    "NLP Engineer": 0.7,
    "Robotics Engineer": 0.7,
    "Penetration Tester": 0.6,
    "Scrum Master": 0.5,
    "Blockchain Developer": 0.4,
}

# Annual pay in US dollars of a mid-level posting in the United States.
BASE_SALARY: dict[str, int] = {
    "Software Engineer": 135_000,
    "Backend Developer": 135_000,
    "Full Stack Developer": 125_000,
    "Frontend Developer": 120_000,
    "Data Engineer": 135_000,
    "Data Analyst": 85_000,
    "Data Scientist": 140_000,
    "Machine Learning Engineer": 155_000,
    "DevOps Engineer": 135_000,
    "AI Engineer": 160_000,
    "QA Engineer": 100_000,
    "Web Developer": 95_000,
    "Business Analyst": 90_000,
    "Cloud Engineer": 135_000,
    "Security Engineer": 140_000,
    "Product Manager": 140_000,
    "Mobile Developer": 125_000,
    "Site Reliability Engineer": 150_000,
    "Platform Engineer": 150_000,
    "Business Intelligence Developer": 100_000,
    "Solutions Architect": 160_000,
    "iOS Developer": 130_000,
    "Android Developer": 128_000,
    "Analytics Engineer": 125_000,
    "Embedded Software Engineer": 125_000,
    "Systems Administrator": 85_000,
    "UX Designer": 115_000,
    "Engineering Manager": 185_000,
    "Technical Program Manager": 140_000,
    "MLOps Engineer": 150_000,
    "Network Engineer": 100_000,
    "Data Architect": 155_000,
    "Database Administrator": 110_000,
    "Software Architect": 165_000,
    "Computer Vision Engineer": 150_000,
    "Game Developer": 105_000,
    "Salesforce Developer": 120_000,
    "NLP Engineer": 150_000,
    "Robotics Engineer": 135_000,
    "Penetration Tester": 125_000,
    "Scrum Master": 110_000,
    "Blockchain Developer": 140_000,
}

ROLE_GROUP: dict[str, str] = {
    "Data Engineer": "data_eng",
    "Analytics Engineer": "data_eng",
    "Database Administrator": "data_eng",
    "Data Scientist": "science",
    "Data Analyst": "analytics",
    "Business Intelligence Developer": "analytics",
    "Business Analyst": "analytics",
    "Machine Learning Engineer": "ml",
    "AI Engineer": "ml",
    "MLOps Engineer": "ml",
    "Computer Vision Engineer": "ml",
    "NLP Engineer": "ml",
    "Software Engineer": "software",
    "Backend Developer": "software",
    "Full Stack Developer": "software",
    "Frontend Developer": "frontend",
    "Web Developer": "frontend",
    "Mobile Developer": "mobile",
    "iOS Developer": "mobile",
    "Android Developer": "mobile",
    "Game Developer": "game",
    "Embedded Software Engineer": "embedded",
    "Robotics Engineer": "embedded",
    "DevOps Engineer": "infra",
    "Site Reliability Engineer": "infra",
    "Platform Engineer": "infra",
    "Cloud Engineer": "infra",
    "Network Engineer": "infra",
    "Systems Administrator": "infra",
    "Solutions Architect": "architecture",
    "Software Architect": "architecture",
    "Data Architect": "architecture",
    "Security Engineer": "security",
    "Penetration Tester": "security",
    "QA Engineer": "qa",
    "UX Designer": "design",
    "Product Manager": "product",
    "Technical Program Manager": "product",
    "Scrum Master": "product",
    "Engineering Manager": "management",
    "Blockchain Developer": "blockchain",
    "Salesforce Developer": "crm",
}

# ------------------------------------------------------------------------------ levels


@dataclass(frozen=True, slots=True)
class Level:
    """A seniority step: title words, API seniority value and pay multiplier."""

    key: str
    words: tuple[tuple[str, float], ...]  # title words with weights; "" = no word
    seniority: str | None
    pay: float
    weight: float
    years: tuple[int, ...]  # years of experience asked for; () = students


LEVELS: dict[str, Level] = {
    lv.key: lv
    for lv in (
        Level("intern", (("Intern", 1.0),), "junior", 0.35, 0.03, ()),
        Level("junior", (("Junior", 0.7), ("Jr.", 0.3)), "junior", 0.68, 0.14, (0, 1)),
        Level("mid", (("", 0.9), ("Mid-Level", 0.1)), "mid_level", 1.0, 0.36, (2, 3, 4)),
        Level("senior", (("Senior", 0.8), ("Sr.", 0.2)), "senior", 1.28, 0.32, (5, 6)),
        Level("lead", (("Lead", 1.0),), "senior", 1.4, 0.07, (6, 7, 8)),
        Level("staff", (("Staff", 1.0),), "staff", 1.55, 0.05, (8, 10)),
        Level("principal", (("Principal", 1.0),), "staff", 1.7, 0.03, (10, 12)),
        Level("head", (("", 1.0),), "c_level", 1.85, 0.0, (10, 12)),
    )
}

_MANAGERS = {"Engineering Manager", "Technical Program Manager", "Scrum Master"}
_ARCHITECTS = {"Solutions Architect", "Software Architect", "Data Architect"}
# Level steps that would make odd titles for a role ("Intern Software Architect").
EXCLUDED_LEVELS: dict[str, frozenset[str]] = {
    **{r: frozenset({"intern", "junior"}) for r in _ARCHITECTS},
    "Engineering Manager": frozenset({"intern", "junior", "lead", "staff", "principal"}),
    "Technical Program Manager": frozenset({"intern", "staff"}),
    "Scrum Master": frozenset({"intern", "staff", "principal"}),
    "Systems Administrator": frozenset({"staff", "principal"}),
    "Web Developer": frozenset({"staff", "principal"}),
}
HEAD_TITLE = "head of engineering"

# Words cased their own way in titles.
TITLE_WORDS = {
    "ai": "AI",
    "ml": "ML",
    "nlp": "NLP",
    "ios": "iOS",
    "qa": "QA",
    "ux": "UX",
    "ui": "UI",
    "bi": "BI",
    "dba": "DBA",
    "sre": "SRE",
    "noc": "NOC",
    "it": "IT",
    "aws": "AWS",
    "etl": "ETL",
    "sql": "SQL",
    "llm": "LLM",
    "mlops": "MLOps",
    "devops": "DevOps",
    "ai/ml": "AI/ML",
    "ui/ux": "UI/UX",
    "ci/cd": "CI/CD",
    "web3": "Web3",
    "wordpress": "WordPress",
    "and": "and",
    "of": "of",
    "in": "in",
}

# ------------------------------------------------------------------------------ text

# Other names postings use for a skill; each resolves to the skill in the taxonomy.
DISPLAY_ALIASES: dict[str, tuple[str, ...]] = {
    "PostgreSQL": ("Postgres",),
    "Kubernetes": ("K8s",),
    "JavaScript": ("JS",),
    "Go": ("Golang",),
    "AWS": ("Amazon Web Services",),
    "Google Cloud": ("GCP", "Google Cloud Platform"),
    "Azure": ("Microsoft Azure",),
    "Node.js": ("NodeJS",),
    "React": ("ReactJS", "React.js"),
    "Vue.js": ("Vue",),
    "Apache Spark": ("Spark", "PySpark"),
    "Apache Kafka": ("Kafka",),
    "Apache Airflow": ("Airflow",),
    "Microsoft SQL Server": ("SQL Server",),
    "Machine Learning": ("ML",),
    "Natural Language Processing": ("NLP",),
    "Large Language Models": ("LLMs",),
    "Retrieval-Augmented Generation": ("RAG",),
    "Generative AI": ("GenAI",),
    "Infrastructure as Code": ("IaC",),
    "CI/CD": ("CI/CD pipelines",),
    "Hugging Face Transformers": ("Hugging Face",),
    "scikit-learn": ("sklearn",),
    "Amazon Redshift": ("Redshift",),
    "Oracle Database": ("Oracle",),
    "Object-Oriented Programming": ("OOP", "object-oriented design"),
    "Domain-Driven Design": ("DDD",),
    "Tailwind CSS": ("Tailwind",),
    "Identity and Access Management": ("IAM",),
    "Penetration Testing": ("pentesting",),
    "HTML": ("HTML5",),
    "CSS": ("CSS3",),
    "Python": ("Python 3",),
    "Power BI": ("PowerBI",),
    "Excel": ("Microsoft Excel",),
    "Helm": ("Helm charts",),
    "Apache Hive": ("Hive", "HiveQL"),
    "Hadoop": ("Apache Hadoop",),
    "Objective-C": ("ObjC",),
    "Communication": ("written and verbal communication",),
    "Teamwork": ("collaboration",),
    "Mentoring": ("mentorship", "coaching"),
    "Problem Solving": ("problem-solving",),
    "Statistics": ("statistical modeling",),
    "Data Visualization": ("data visualisation",),
    "Data Modeling": ("dimensional modeling",),
    "Test Automation": ("automated testing",),
    "Data Warehousing": ("data warehouse design",),
    "Terraform": ("HashiCorp Terraform",),
    "Snowflake": ("Snowflake Data Cloud",),
    "dbt": ("dbt Core",),
    "Site Reliability Engineering": ("SRE practices",),
    "Stakeholder Management": ("stakeholder engagement",),
    "People Management": ("line management",),
    "Unit Testing": ("unit tests",),
    "Agile": ("Agile methodologies",),
}
ALIAS_SHARE = 0.2

# Categories whose skills read as common nouns ("system design", not "System Design").
LOWERCASE_CATEGORIES = frozenset({"practice", "professional"})
LOWERCASE_SKILLS = frozenset(
    {
        "Data Analysis",
        "Data Cleaning",
        "Data Governance",
        "Data Lake",
        "Data Modeling",
        "Data Pipelines",
        "Data Visualization",
        "Data Warehousing",
        "Statistics",
        "Product Analytics",
        "Machine Learning",
        "Deep Learning",
        "Computer Vision",
        "Natural Language Processing",
        "Image Processing",
        "Object Detection",
        "Model Serving",
        "Prompt Engineering",
        "Large Language Models",
        "Unit Testing",
        "Manual Testing",
        "Software Testing",
        "Test Automation",
        "Application Security",
        "Cloud Security",
        "Network Security",
        "Penetration Testing",
        "Incident Response",
        "Identity and Access Management",
        "Cryptography",
        "Cybersecurity",
        "Red Teaming",
        "Firewalls",
        "Distributed Systems",
        "Embedded Systems",
        "Firmware Development",
        "Disaster Recovery",
        "Database Replication",
        "Routing and Switching",
        "Microcontrollers",
        "Cloud Architecture",
        "Database Administration",
        "Query Optimization",
    }
)
# Words that stay capitalised inside a lower-cased skill name.
PROPER_WORDS = frozenset({"Scrum", "Kanban", "Linux", "Agile", "Lean", "Jira", "English"})

# Every template names its skills right after a word the extractor counts as technical
# context ("experience with Go"), so that everyday-word skills are still recognised, and
# nothing follows them that would make them read as plain words ("Go to", "Spring 2026").
REQUIRED_TECH = (
    "Hands-on experience with {skills}",
    "Thorough professional experience with {skills}",
    "Strong knowledge of {skills}",
    "Proficiency in {skills}",
    "Experience using {skills} in production",
    "Practical experience with {skills} on real projects",
    "Deep familiarity with {skills}",
    "A track record of delivering work using {skills}",
    "Expertise in {skills}",
    "You have built and maintained systems using {skills}",
    "You are fluent in {skills}",
    "Confident, hands-on knowledge of {skills}",
)
REQUIRED_LANGUAGE = (
    "Professional programming experience in {skills}",
    "Strong coding skills in {skills}",
    "Fluency in {skills}",
    "You write clean, well-tested code in {skills}",
)
REQUIRED_PROFESSIONAL = (
    "Strong {skills} skills",
    "Proven {skills} skills",
    "Excellent {skills} skills",
    "Sound {skills} skills, shown in previous roles",
)
NICE_TECH = (
    "Familiarity with {skills}",
    "Some experience with {skills}",
    "Exposure to projects using {skills}",
    "Working knowledge of {skills}",
    "Basic knowledge of {skills}",
    "Previous experience with {skills}",
    "Any experience using {skills}",
)
NICE_PROFESSIONAL = (
    "Good {skills} skills",
    "Some {skills} experience",
)
STACK_SENTENCES = (
    "Our tech stack includes {skills}.",
    "The team's stack: {skills}.",
    "You will be using {skills} every day.",
    "Our current technology choices include {skills}.",
)

GENERIC_REQUIREMENTS = (
    "Curiosity and an eagerness to pick up new things",
    "Comfort with ambiguity in a growing company",
    "Care for the people who use what you build",
    "A habit of writing things down so others can follow",
    "Good judgement about when to move fast and when to be careful",
    "Pragmatism: you prefer simple solutions that work",
)
GENERIC_NICE = (
    "Experience in the {noun} sector",
    "Experience at a company of a similar size",
    "Contributions to community projects you can show us",
    "A second spoken language",
)
BENEFITS = (
    "Generous paid time off, plus public holidays",
    "A yearly learning budget for courses, books and conferences",
    "Private health insurance for you and your family",
    "Flexible working hours built around your life",
    "Equity, so you share in the success you help create",
    "Parental leave well above the legal minimum",
    "A modern laptop and a home-office allowance",
    "Paid volunteering days",
    "A company retreat once a year",
    "Employer pension contributions",
    "A monthly wellbeing allowance",
    "Relocation support where needed",
    "Regular hack weeks to try out new ideas",
    "A calm, respectful culture with sensible working hours",
    "Sabbatical leave after five years",
    "Public transport or cycling allowance",
)
CLOSINGS = (
    "{company} is an equal opportunity employer and welcomes applications from people "
    "of every background.",
    "We read every application and reply to everyone within two weeks.",
    "Not sure you meet every requirement? Apply anyway; we value potential as much as experience.",
    "Our hiring process has three steps: an introductory call, a practical exercise and a "
    "final conversation with the team.",
)

ABOUT_CORE = (
    "{company} builds {product} for {audience}.",
    "At {company}, we make {product} for {audience}.",
    "{company} is {size} {noun} company that offers {product} to {audience}.",
)
ABOUT_EXTRA = (
    "Founded in {founded}, we now employ around {employees} people{hq}.",
    "We were founded in {founded} and have grown to about {employees} colleagues{hq}.",
    "Our customers are {audience} in more than {markets} countries.",
    "We are {funding}.",
    "We care about doing a few things very well rather than many things poorly.",
    "Our teams are small, autonomous and trusted to make their own decisions.",
    "We ship often, measure carefully and keep our processes light.",
    "Much of our work starts with direct conversations with the people who use our product.",
)
ROLE_CORE = (
    "We are looking for {a_title} to join our {team} team.",
    "We're hiring {a_title} for our {team} team.",
    "Our {team} team is growing, and we need {a_title} to help us {goal}.",
    "As {a_title} at {company}, you will help us {goal}.",
    "Join {company} as {a_title} and help us {goal}.",
)
ROLE_EXTRA = (
    "You will report to the {manager} and work closely with {partners}.",
    "The team is made up of {team_size} people with a wide mix of backgrounds.",
    "You will have real ownership from your first weeks here.",
    "We plan in short cycles and give every team a clear goal for the quarter.",
)
MANAGERS = ("head of the team", "engineering manager", "team lead", "director of the group")
PARTNERS = (
    "product managers and designers",
    "engineers across the company",
    "our customer-facing teams",
    "colleagues in several countries",
)
REMOTE_SENTENCES = (
    "This is a fully remote position{where}.",
    "You can work from anywhere{where}; the team is spread across several time zones.",
    "The role is remote-first{where}, with an optional team gathering twice a year.",
)
HYBRID_SENTENCES = (
    "We work hybrid: {days} days a week in our {city} office, the other days from home.",
    "This is a hybrid role based in {city}, with {days} office days per week.",
    "You will split your time between home and our {city} office ({days} days on site).",
)
ONSITE_SENTENCES = (
    "This role is based in our {city} office.",
    "You will work on site from our office in {city}.",
    "The team sits together in our {city} office five days a week.",
)
SALARY_SENTENCES = (
    "The salary range for this position is {salary} per year, depending on experience.",
    "Pay: {salary} a year, plus benefits.",
    "We offer {salary} annually, based on skills and experience.",
)
EXPERIENCE_BULLETS = {
    "students": (
        "Currently studying towards a degree in a technical or quantitative field",
        "Enrolled in a university programme and available for at least three months",
    ),
    "junior": (
        "Up to two years of professional experience, or a portfolio of personal projects",
        "Some professional experience through internships, apprenticeships or projects",
    ),
    "years": (
        "{years}+ years of professional experience in a similar role",
        "At least {years} years of relevant work experience",
        "{years} or more years working in comparable positions",
    ),
}

HEADINGS = {
    "about": ("About us", "About {company}", "Who we are", "The company"),
    "role": ("The role", "About the role", "Your mission", "What this job is about"),
    "duties": ("What you'll do", "Responsibilities", "Your day to day", "In this role you will"),
    "needs": ("What we're looking for", "Requirements", "About you", "You bring"),
    "nice": ("Nice to have", "Bonus points", "It would be great if you also have", "Pluses"),
    "offer": ("What we offer", "Benefits", "Why join us", "Perks"),
}


@dataclass(frozen=True, slots=True)
class Group:
    """What postings of a family of roles say about the team and the work."""

    teams: tuple[str, ...]
    goals: tuple[str, ...]
    duties: tuple[str, ...]


GROUPS: dict[str, Group] = {
    "data_eng": Group(
        ("Data Platform", "Central Data", "Data Infrastructure", "Analytics Engineering"),
        (
            "make reliable data available to every team",
            "keep our reporting fast and correct",
            "scale our data platform as we grow",
        ),
        (
            "Design, build and operate the systems that move data from our products into "
            "the warehouse",
            "Own the quality, freshness and documentation of core datasets",
            "Work with analysts and scientists to turn raw events into trustworthy tables",
            "Improve the cost and speed of batch and streaming jobs",
            "Define conventions for naming, testing and reviewing changes to shared tables",
            "Automate recurring manual work so the team can focus on new problems",
            "Support other teams when they need new sources connected",
            "Help plan capacity and retention for our storage layer",
        ),
    ),
    "analytics": Group(
        ("Analytics", "Insights", "Decision Support", "Commercial Analytics"),
        (
            "make better decisions with numbers",
            "understand how customers use our product",
            "measure what matters",
        ),
        (
            "Answer open questions from product, finance and operations with clear numbers",
            "Build and maintain the reports the management team reviews every week",
            "Define and document the metrics the company steers by",
            "Explore trends and explain what is driving them",
            "Partner with product managers to size opportunities and measure results",
            "Present findings to non-technical audiences in plain language",
            "Spot anomalies early and find out why they happened",
            "Turn recurring requests into self-service tools",
        ),
    ),
    "science": Group(
        ("Decision Science", "Research", "Personalisation", "Pricing"),
        (
            "turn our data into product features",
            "understand what drives customer behaviour",
        ),
        (
            "Frame business questions as problems that models or experiments can answer",
            "Prototype, evaluate and ship new models together with engineers",
            "Design experiments and interpret their outcomes honestly",
            "Explain results and their uncertainty to decision makers",
            "Monitor models after launch and retrain them when behaviour drifts",
            "Keep analyses reproducible and easy for colleagues to review",
        ),
    ),
    "ml": Group(
        ("Applied Research", "Search and Ranking", "Personalisation", "Model Platform"),
        (
            "bring new model-driven features to customers",
            "make our models faster and more dependable",
        ),
        (
            "Take models from early prototypes to reliable production services",
            "Build evaluation suites that tell us whether a change really helps",
            "Work closely with researchers and product engineers to scope new features",
            "Reduce the latency and running costs of our prediction services",
            "Maintain the training and release workflow for our models",
            "Track model quality in production and respond when it degrades",
            "Contribute to internal libraries used by every team that ships models",
            "Read recent papers and judge which ideas are worth trying",
        ),
    ),
    "software": Group(
        ("Core Product", "Payments", "Growth", "Integrations", "Accounts", "Checkout"),
        (
            "ship features customers love",
            "scale our product to the next million users",
            "keep our core services fast and dependable",
        ),
        (
            "Design, build and ship features end to end, from the first idea to production",
            "Write clear, tested code that is easy to change",
            "Review changes from teammates and give thoughtful feedback",
            "Break large problems into small, low-risk increments",
            "Improve the performance and stability of our services",
            "Take part in planning and help the team estimate realistically",
            "Share knowledge through documentation and internal talks",
            "Work with product and design to decide what to build next",
            "Keep technical debt under control and leave things better than you found them",
        ),
    ),
    "frontend": Group(
        ("Web", "Customer Experience", "Design Engineering", "Growth"),
        (
            "build a fast, delightful product experience",
            "make our product easier to use",
        ),
        (
            "Build fast, inclusive interfaces used by thousands of customers every day",
            "Turn designs into polished pages and components",
            "Work with designers to refine interactions and details",
            "Improve page load times and the smoothness of the interface",
            "Maintain our shared set of interface components",
            "Make sure the product works well on every browser and screen size",
            "Write tests that catch regressions before customers do",
        ),
    ),
    "mobile": Group(
        ("Mobile", "Consumer Apps", "Member Experience"),
        (
            "build apps customers open every day",
            "make our apps faster and more delightful",
        ),
        (
            "Build and ship features for our apps on phones and tablets",
            "Keep the apps fast, stable and light on battery",
            "Work with designers on smooth, native-feeling interactions",
            "Own releases to the app stores together with the test team",
            "Investigate crashes and fix their causes",
            "Help shape the structure of our mobile codebase",
        ),
    ),
    "infra": Group(
        ("Infrastructure", "Developer Experience", "Reliability", "Production Operations"),
        (
            "keep our systems fast, dependable and affordable",
            "give every engineer a smooth path to production",
        ),
        (
            "Build and maintain the infrastructure our products run on",
            "Automate provisioning, deployments and routine operations",
            "Improve the reliability, safety and cost of our environments",
            "Help engineering teams ship quickly and with confidence",
            "Lead reviews after outages and follow through on the actions",
            "Keep systems patched, backed up and documented",
            "Plan capacity for growth and seasonal peaks",
        ),
    ),
    "security": Group(
        ("Security", "Trust and Safety", "Offensive Security", "Product Security"),
        (
            "protect our customers and their data",
            "make security part of everyday engineering",
        ),
        (
            "Find and fix weaknesses before attackers do",
            "Review designs and code changes with a security mindset",
            "Respond to alerts and lead investigations when something looks wrong",
            "Run awareness sessions that make secure behaviour the easy default",
            "Assess third-party vendors and the risks they bring",
            "Build tooling that multiplies the security team's impact",
            "Write clear reports that engineers can act on",
        ),
    ),
    "qa": Group(
        ("Quality", "Release", "Test Engineering"),
        ("ship with confidence", "catch problems before customers do"),
        (
            "Plan how new features get tested, and run those checks",
            "Build and maintain our suites of checks that run on every change",
            "Work with developers to prevent defects rather than just find them",
            "Report issues clearly, with steps to reproduce and their impact",
            "Keep releases predictable and calm",
            "Track quality trends and propose improvements",
        ),
    ),
    "design": Group(
        ("Product Design", "Design", "Customer Experience"),
        ("make complex tasks feel simple", "design a product people enjoy using"),
        (
            "Lead design work from early discovery to polished screens",
            "Talk to customers regularly to understand their needs",
            "Create flows, early concepts and final designs",
            "Work closely with product managers and engineers through delivery",
            "Contribute to a consistent visual language across the product",
            "Measure the impact of your work after launch",
        ),
    ),
    "product": Group(
        ("Product", "Delivery", "Programme Office", "Transformation"),
        (
            "deliver the right things at the right time",
            "turn customer needs into clear plans",
        ),
        (
            "Set priorities with the team and explain the reasoning behind them",
            "Keep delivery on track across several teams and dependencies",
            "Run planning sessions, reviews and retrospectives",
            "Report progress and risks clearly to senior management",
            "Remove blockers so teams can focus",
            "Talk to customers and turn what you learn into clear plans",
            "Define success measures for each initiative and follow up on them",
        ),
    ),
    "management": Group(
        ("Engineering", "Product Engineering", "Platform Engineering"),
        (
            "build a team that does the best work of their careers",
            "deliver ambitious projects at a sustainable pace",
        ),
        (
            "Lead, support and grow a team of six to ten engineers",
            "Hire thoughtfully and help new colleagues settle in quickly",
            "Hold regular one-to-ones and give honest, kind feedback",
            "Own delivery for your team and keep commitments realistic",
            "Work with product and design leads to set direction",
            "Shape engineering practices across the organisation",
        ),
    ),
    "embedded": Group(
        ("Devices", "Hardware Integration", "Connected Devices", "Autonomy"),
        ("build dependable devices", "bring new hardware products to market"),
        (
            "Write software that runs on our devices and talks to the hardware",
            "Bring up new boards and chase down issues with the hardware team",
            "Work with electrical and mechanical engineers on new products",
            "Keep power use, memory and timing within tight budgets",
            "Build test rigs and automated checks for device releases",
            "Take new products from prototype to manufacturing",
        ),
    ),
    "game": Group(
        ("Gameplay", "Live Operations", "Engine"),
        ("make games players love", "ship polished content on a steady cadence"),
        (
            "Build gameplay features together with designers and artists",
            "Profile and optimise frame times on every target device",
            "Keep our tools and build process smooth for the whole studio",
            "Fix bugs quickly during live events",
            "Prototype new ideas and iterate based on playtests",
        ),
    ),
    "architecture": Group(
        ("Architecture", "Enterprise Technology", "Solutions"),
        (
            "make sound long-term technical decisions",
            "shape systems that grow with the business",
        ),
        (
            "Shape the long-term technical direction together with engineering leads",
            "Write clear design documents and guide teams through important decisions",
            "Balance cost, risk and speed when choosing between options",
            "Review proposals and help teams avoid expensive mistakes",
            "Talk with customers and partners about how our systems fit their needs",
        ),
    ),
    "crm": Group(
        ("Business Systems", "Revenue Operations"),
        ("give our sales and support teams the tools they need",),
        (
            "Build and maintain customisations for our sales and support teams",
            "Turn business requests into reliable, well-documented changes",
            "Keep the configuration clean as the organisation grows",
            "Work with revenue operations on reporting needs",
        ),
    ),
    "blockchain": Group(
        ("Protocol", "Digital Assets", "Wallet"),
        ("build secure, transparent financial products",),
        (
            "Design and implement on-chain logic with safety as the first priority",
            "Work with external auditors and fix the issues they find",
            "Build services that connect our products to public networks",
            "Keep transaction costs and attack surface as low as possible",
        ),
    ),
}

EMPLOYEE_RANGES = (
    (10, "1-10"),
    (50, "11-50"),
    (200, "51-200"),
    (500, "201-500"),
    (1000, "501-1000"),
    (5000, "1001-5000"),
    (10000, "5001-10000"),
)
COMPANY_STACK = (
    "Python",
    "AWS",
    "Google Cloud",
    "Azure",
    "PostgreSQL",
    "React",
    "TypeScript",
    "Java",
    "Kubernetes",
    "Docker",
    "Snowflake",
    "Salesforce",
    "Jira",
    "GitHub Actions",
    "Datadog",
)


# ------------------------------------------------------------------------------ helpers


@dataclass(frozen=True, slots=True)
class CompanyProfile:
    """A company with the invented facts its postings repeat."""

    company: Company
    slug: str
    domain: str
    employees: int
    founded: int
    funding: str
    markets: int
    stack: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sample:
    """A generated posting and the canonical skills its description names."""

    posting: dict[str, Any]
    skills: tuple[str, ...]


class _Vocabulary:
    """The taxonomy plus a matcher for the skills that job titles themselves name."""

    def __init__(self) -> None:
        self.taxonomy: Taxonomy = load_taxonomy()
        nlp = build_nlp()
        self._nlp = nlp
        self._matcher = TermMatcher(nlp, self.taxonomy.skill_terms())

    def title_skills(self, title: str) -> tuple[str, ...]:
        """Skills a title names ("Power BI Developer"); the posting must then ask for them."""
        found = self._matcher(self._nlp.make_doc(title))
        return tuple(dict.fromkeys(m.canonical for m in found))

    def names_in(self, text: str) -> set[str]:
        """Every skill a text names, everyday-word skills included."""
        return {m.canonical for m in self._matcher(self._nlp.make_doc(text))}

    def speakable(self, name: str) -> bool:
        """Whether text can name the skill so that the extractor recognises it.

        Everyday-word skills count only when capitalised, so "cURL" never would.
        """
        skill = self.taxonomy.skills[name]
        return not skill.ambiguous or name[:1].isupper()

    def skill(self, name: str) -> Skill:
        """The taxonomy entry of a canonical skill name."""
        return self.taxonomy.skills[name]

    def slug(self, name: str) -> str | None:
        """The first of the skill's slugs that maps back to it, if any."""
        for slug in self.taxonomy.skills[name].slugs:
            found = self.taxonomy.skill_for_slug(slug)
            if found is not None and found.name == name:
                return slug
        return None


@cache
def _vocabulary() -> _Vocabulary:
    return _Vocabulary()


def _slugify(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _round_to(value: float, unit: int) -> int:
    return round(value / unit) * unit


def _article(phrase: str) -> str:
    """ "a" or "an" before a title or phrase, by how its first word is spoken."""
    first = phrase.split()[0] if phrase.split() else phrase
    letters = first.replace(".", "").replace("/", "")
    if sum(c.isupper() for c in letters) >= 2 and not letters.istitle():
        # Acronyms are spelled out: "an ML engineer", "a QA engineer".
        vowel_sound = first[0] in "AEFHILMNORSX"
    else:
        vowel_sound = first[0].lower() in "aeio" or first.lower().startswith(("un", "ul"))
    return f"{'an' if vowel_sound else 'a'} {phrase}"


def _title_case(title: str) -> str:
    words = []
    for word in title.split():
        if word in TITLE_WORDS:
            words.append(TITLE_WORDS[word])
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(words)


def _join(items: Sequence[str], rng: random.Random, conjunction: str = "and") -> str:
    if len(items) == 1:
        return items[0]
    comma = "," if len(items) > 2 and rng.random() < 0.3 else ""
    return f"{', '.join(items[:-1])}{comma} {conjunction} {items[-1]}"


def _weighted(rng: random.Random, options: dict[str, float]) -> str:
    keys = list(options)
    return rng.choices(keys, weights=[options[k] for k in keys])[0]


# ------------------------------------------------------------------------------ generator


class _Generator:
    """Builds postings one by one from a seeded random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocab = _vocabulary()
        taxonomy = self.vocab.taxonomy
        self.roles: list[Role] = [taxonomy.roles[name] for name in sorted(ROLE_WEIGHTS)]
        self.role_weights = [ROLE_WEIGHTS[r.name] for r in self.roles]
        self.days = list(range(WINDOW_DAYS))
        # More postings in recent weeks, and far fewer at weekends.
        self.day_weights = [
            (1.0 + 0.8 * (1 - d / (WINDOW_DAYS - 1)))
            * (0.35 if (ANCHOR - timedelta(days=d)).weekday() >= 5 else 1.0)
            for d in self.days
        ]
        self.city_weights = [c.weight for c in CITIES]
        self.profiles = [self._profile(c) for c in COMPANIES]
        self.by_country: dict[str, list[CompanyProfile]] = {}
        for p in self.profiles:
            self.by_country.setdefault(p.company.country, []).append(p)
        # Bigger employers post more often.
        self.profile_weights = [1.0 + len(str(p.employees)) for p in self.profiles]

    def _profile(self, company: Company) -> CompanyProfile:
        rng = self.rng
        slug = _slugify(company.name)
        employees = int(10 ** rng.uniform(1.3, 4.6))
        if employees < 60:
            funding = rng.choice(("seed", "bootstrapped"))
        elif employees < 400:
            funding = rng.choice(("series_a", "series_b", "bootstrapped"))
        elif employees < 3000:
            funding = rng.choice(("series_b", "series_c", "private"))
        else:
            funding = rng.choice(("public", "private"))
        stack = tuple(sorted(rng.sample(COMPANY_STACK, rng.randint(3, 6))))
        return CompanyProfile(
            company=company,
            slug=slug,
            domain=f"{slug.replace('-', '')}.example",
            employees=employees,
            founded=rng.randint(1988, 2023) if employees < 5000 else rng.randint(1975, 2012),
            funding=funding,
            markets=rng.choice((5, 10, 20, 40)),
            stack=stack,
        )

    # -------------------------------------------------------------- posting parts

    def _pick_level(self, role: Role, base: str) -> Level:
        if base == HEAD_TITLE:
            return LEVELS["head"]
        excluded = EXCLUDED_LEVELS.get(role.name, frozenset())
        options = {k: lv.weight for k, lv in LEVELS.items() if k not in excluded and lv.weight}
        return LEVELS[_weighted(self.rng, options)]

    def _pick_title(self, role: Role) -> tuple[str, Level, str, str]:
        """(job title, level, base title in lower case, normalized title)."""
        rng = self.rng
        titles = list(role.titles)
        base = rng.choices(titles, weights=[1.0 / (1 + i) for i in range(len(titles))])[0]
        level = self._pick_level(role, base)
        word = rng.choices([w for w, _ in level.words], weights=[p for _, p in level.words])[0]
        cased = _title_case(base)
        if level.key == "intern":
            title = f"{cased} Intern"
        elif word:
            title = f"{word} {cased}"
        else:
            title = cased
        normal_word = {"Jr.": "junior", "Sr.": "senior", "Mid-Level": "mid level"}.get(
            word, word.lower()
        )
        normalized = f"{base} intern" if level.key == "intern" else f"{normal_word} {base}"
        return title, level, base, normalized.strip()

    def _pick_skills(
        self, role: Role, progress: float, forced: tuple[str, ...]
    ) -> tuple[list[str], list[str]]:
        """(required, nice to have) canonical skills for one posting."""
        rng = self.rng
        shares = dict(role.skills)
        for name, share in EXTRA_SHARES.get(role.name, {}).items():
            shares.setdefault(name, share)
        ranked = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))
        chosen = [
            name
            for name, share in ranked
            if rng.random() < min(0.97, share * trend_factor(name, progress))
            and self.vocab.speakable(name)
        ]
        for name, _ in ranked:
            # A posting that names fewer than three skills says too little to be useful.
            if len(chosen) >= 3:
                break
            if name not in chosen and name not in RISING and name not in FALLING:
                chosen.append(name)
        chosen = chosen[:MAX_ROLE_SKILLS]
        required = list(forced)
        nice: list[str] = []
        for name in chosen:
            if name in forced:
                continue
            if shares[name] >= 0.3 or rng.random() < 0.55:
                required.append(name)
            else:
                nice.append(name)
        taken = set(chosen) | set(forced)
        related = [
            r
            for name in chosen
            for r in self.vocab.skill(name).related
            if r in self.vocab.taxonomy.skills and r not in taken and self.vocab.speakable(r)
        ]
        related = list(dict.fromkeys(related))
        wanted = rng.choices((0, 1, 2), weights=(0.35, 0.4, 0.25))[0]
        for name in rng.sample(related, min(wanted, len(related))):
            if rng.random() < trend_factor(name, progress) / 1.6:
                nice.append(name)
        if not required and nice:
            required.append(nice.pop(0))
        return required, nice

    def _display(self, name: str) -> str:
        """How the text names a skill: mostly canonical, sometimes a common alias."""
        skill = self.vocab.skill(name)
        aliases = DISPLAY_ALIASES.get(name, ())
        if aliases and self.rng.random() < ALIAS_SHARE:
            return self.rng.choice(aliases)
        if skill.ambiguous:
            return name  # everyday-word skills are recognised only when capitalised
        if skill.category in LOWERCASE_CATEGORIES or name in LOWERCASE_SKILLS:
            return " ".join(w if w in PROPER_WORDS else _lower_word(w) for w in name.split())
        return name

    def _is_professional(self, name: str) -> bool:
        skill = self.vocab.skill(name)
        return skill.category == "professional" and not skill.ambiguous

    def _bundles(self, names: list[str], largest: int) -> list[list[str]]:
        """Skills grouped for bullets: at most one everyday-word skill per bullet, first."""
        rng = self.rng
        bundles: list[list[str]] = []
        current: list[str] = []
        size = rng.randint(1, largest)
        for name in names:
            ambiguous = self.vocab.skill(name).ambiguous
            if len(current) >= size or (
                ambiguous and any(self.vocab.skill(n).ambiguous for n in current)
            ):
                bundles.append(current)
                current, size = [], rng.randint(1, largest)
            current.append(name)
        if current:
            bundles.append(current)
        return [sorted(b, key=lambda n: not self.vocab.skill(n).ambiguous) for b in bundles]

    def _skill_bullets(self, names: list[str], *, nice: bool) -> list[str]:
        rng = self.rng
        pro = [n for n in names if self._is_professional(n)]
        tech = [n for n in names if not self._is_professional(n)]
        bullets = []
        for bundle in self._bundles(tech, 2 if nice else 3):
            is_language = all(self.vocab.skill(n).category == "language" for n in bundle)
            templates: Sequence[str]
            if nice:
                templates = NICE_TECH
            else:
                templates = REQUIRED_LANGUAGE + REQUIRED_TECH if is_language else REQUIRED_TECH
            conjunction = "or" if nice and rng.random() < 0.5 else "and"
            bullets.append(self._phrase(bundle, templates, conjunction))
        for bundle in self._bundles(pro, 2):
            templates = NICE_PROFESSIONAL if nice else REQUIRED_PROFESSIONAL
            bullets.append(self._phrase(bundle, templates, "and"))
        return bullets

    def _phrase(self, bundle: list[str], templates: Sequence[str], conjunction: str) -> str:
        """A sentence naming exactly the bundle's skills, no more and no fewer."""
        text = ""
        for _ in range(12):
            names = _join([self._display(n) for n in bundle], self.rng, conjunction)
            text = self.rng.choice(templates).format(skills=names)
            # Neighbouring words can merge into another skill's name ("in design" ...).
            if self.vocab.names_in(text) == set(bundle):
                return text
        return text

    def _stack_sentence(self, required: list[str]) -> str | None:
        rng = self.rng
        tech = [n for n in required if not self._is_professional(n)]
        everyday = [n for n in tech if self.vocab.skill(n).ambiguous][:1]
        plain = [n for n in tech if not self.vocab.skill(n).ambiguous][: 4 - len(everyday)]
        picked = everyday + plain
        if len(picked) < 2 or rng.random() < 0.5:
            return None
        return self._phrase(picked, STACK_SENTENCES, "and")

    def _salary(
        self, role: Role, level: Level, country: Country | None, city: City | None
    ) -> dict[str, Any]:
        rng = self.rng
        if rng.random() >= SALARY_SHARE:
            return {
                "salary_string": None,
                "min_annual_salary": None,
                "max_annual_salary": None,
                "min_annual_salary_usd": None,
                "max_annual_salary_usd": None,
                "avg_annual_salary_usd": None,
                "salary_currency": None,
            }
        # Remote postings without a country are paid in dollars, a little below US level.
        place = country.pay if country else 0.9
        local = city.pay if city else 1.0
        middle = BASE_SALARY[role.name] * level.pay * place * local
        low_usd = _round_to(middle * rng.uniform(0.86, 0.97), 1000)
        high_usd = max(_round_to(low_usd * rng.uniform(1.12, 1.4), 1000), low_usd + 1000)
        currency = country or COUNTRIES["US"]
        rate = currency.usd_rate
        unit = 1000 if rate < 20 else 10_000 if rate < 200 else 100_000 if rate < 2000 else 10**6
        low = _round_to(low_usd * rate, unit)
        high = max(_round_to(high_usd * rate, unit), low + unit)
        symbol = currency.symbol
        return {
            "salary_string": f"{symbol}{low:,} - {symbol}{high:,}",
            "min_annual_salary": low,
            "max_annual_salary": high,
            "min_annual_salary_usd": low_usd,
            "max_annual_salary_usd": high_usd,
            "avg_annual_salary_usd": (low_usd + high_usd) // 2,
            "salary_currency": currency.currency,
        }

    def _place(self, city: City | None, country: Country | None) -> dict[str, Any]:
        if city is None:
            return {
                "location": "Remote",
                "short_location": "Remote",
                "long_location": f"Remote, {country.name}" if country else "Remote",
                "state_code": None,
                "postal_code": None,
                "latitude": None,
                "longitude": None,
                "country": country.name if country else None,
                "country_code": country.code if country else None,
                "countries": [country.name] if country else [],
                "country_codes": [country.code] if country else [],
                "cities": [],
                "continents": [country.continent] if country else [],
                "locations": [],
            }
        assert country is not None
        return {
            "location": f"{city.name}, {country.name}",
            "short_location": f"{city.name}, {city.state_code}" if city.state_code else city.name,
            "long_location": ", ".join(
                dict.fromkeys(p for p in (city.name, city.state, country.name) if p)
            ),
            "state_code": city.state_code,
            "postal_code": None,
            "latitude": city.latitude,
            "longitude": city.longitude,
            "country": country.name,
            "country_code": country.code,
            "countries": [country.name],
            "country_codes": [country.code],
            "cities": [city.name],
            "continents": [country.continent],
            "locations": [
                {
                    "id": 9_100_000 + CITIES.index(city),
                    "name": city.name,
                    "display_name": f"{city.name}, {country.name}",
                    "type": "city",
                    "country_code": country.code,
                    "country_name": country.name,
                    "state": city.state,
                    "state_code": city.state_code,
                    "admin1_code": city.state_code,
                    "admin1_name": city.state,
                    "continent": country.continent_code,
                    "latitude": city.latitude,
                    "longitude": city.longitude,
                }
            ],
        }

    def _company_object(self, p: CompanyProfile) -> dict[str, Any]:
        country = COUNTRIES[p.company.country]
        size = next((label for top, label in EMPLOYEE_RANGES if p.employees <= top), "10001+")
        raised = p.funding not in ("bootstrapped", "public", "private")
        return {
            "id": p.slug,
            "name": p.company.name,
            "domain": p.domain,
            "url": f"https://www.{p.domain}",
            "industry": p.company.industry,
            "country": country.name,
            "country_code": country.code,
            "employee_count": p.employees,
            "employee_count_range": size,
            "founded_year": p.founded,
            "funding_stage": p.funding,
            "total_funding_usd": _round_to(p.employees * 90_000, 1_000_000) if raised else None,
            "annual_revenue_usd": _round_to(p.employees * 160_000, 1_000_000),
            "logo": None,
            "linkedin_url": None,
            "has_blurred_data": False,
            "technology_slugs": [s for s in (self.vocab.slug(n) for n in p.stack) if s],
            "technology_names": list(p.stack),
        }

    # -------------------------------------------------------------- description

    def _description(
        self,
        *,
        profile: CompanyProfile,
        role: Role,
        title: str,
        level: Level,
        city: City | None,
        country: Country | None,
        hybrid: bool,
        required: list[str],
        nice: list[str],
        salary: str | None,
    ) -> str:
        rng = self.rng
        company = profile.company
        industry = INDUSTRIES[company.industry]
        group = GROUPS[ROLE_GROUP[role.name]]
        hq_city = next(c for c in CITIES if c.country == company.country)
        sizes = ((50, "a small"), (200, "a fast-growing"), (1000, "a mid-sized"))
        rounded = _round_to(profile.employees, 10 if profile.employees < 1000 else 100)
        size = next((s for top, s in sizes if profile.employees < top), "an established")
        values = {
            "company": company.name,
            "product": rng.choice(industry.products),
            "audience": rng.choice(industry.audiences),
            "noun": industry.noun,
            "size": size,
            "founded": str(profile.founded),
            "employees": f"{rounded:,}",
            "hq": rng.choice(("", f", with headquarters in {hq_city.name}")),
            "markets": str(profile.markets),
            "funding": FUNDING[profile.funding],
            "a_title": _article(title),
            "team": rng.choice(group.teams),
            "goal": rng.choice(group.goals),
            "manager": rng.choice(MANAGERS),
            "partners": rng.choice(PARTNERS),
            "team_size": rng.choice(("five", "seven", "eight", "ten", "twelve")),
        }

        def fill(template: str) -> str:
            return template.format(**values)

        about = [fill(rng.choice(ABOUT_CORE))]
        role_text = [fill(rng.choice(ROLE_CORE))]
        if city is None:
            where = f" for candidates based in {_country_phrase(country)}" if country else ""
            role_text.append(rng.choice(REMOTE_SENTENCES).format(where=where))
        elif hybrid:
            days = rng.choice(("two", "three"))
            role_text.append(rng.choice(HYBRID_SENTENCES).format(city=city.name, days=days))
        else:
            role_text.append(rng.choice(ONSITE_SENTENCES).format(city=city.name))
        stack = self._stack_sentence(required)
        if stack:
            role_text.append(stack)
        duties = rng.sample(group.duties, 3)
        if not level.years:
            experience = rng.choice(EXPERIENCE_BULLETS["students"])
        elif level.key == "junior":
            experience = rng.choice(EXPERIENCE_BULLETS["junior"])
        else:
            years = rng.choice(level.years)
            experience = rng.choice(EXPERIENCE_BULLETS["years"]).format(years=years)
        needs = [experience, *self._skill_bullets(required, nice=False)]
        wishes = self._skill_bullets(nice, nice=True)
        if not wishes:
            wishes = [fill(rng.choice(GENERIC_NICE))]
        offer = rng.sample(BENEFITS, 3)
        tail: list[str] = []
        if salary:
            tail.append(rng.choice(SALARY_SENTENCES).format(salary=salary))

        # Optional material, added in random order until the text reaches its target length.
        extras: list[tuple[str, str]] = [
            *(("about", fill(s)) for s in ABOUT_EXTRA),
            *(("role", fill(s)) for s in ROLE_EXTRA),
            *(("duties", d) for d in group.duties if d not in duties),
            *(("needs", g) for g in GENERIC_REQUIREMENTS),
            *(("offer", b) for b in BENEFITS if b not in offer),
        ]
        rng.shuffle(extras)
        # A few extras per section read naturally; the rest only rescue very short texts.
        seen: dict[str, int] = {}
        usual: list[tuple[str, str]] = []
        spare: list[tuple[str, str]] = []
        for key, sentence in extras:
            seen[key] = seen.get(key, 0) + 1
            (usual if seen[key] <= EXTRA_CAPS[key] else spare).append((key, sentence))
        closing = fill(rng.choice(CLOSINGS)) if rng.random() < 0.6 else None
        headings = {k: fill(rng.choice(v)) for k, v in HEADINGS.items()}
        parts = {"about": about, "role": role_text, "duties": duties, "needs": needs}
        parts |= {"nice": wishes, "offer": offer}

        def render() -> str:
            lines: list[str] = []
            for key in ("about", "role"):
                lines += [f"## {headings[key]}", "", " ".join(parts[key]), ""]
            for key in ("duties", "needs", "nice", "offer"):
                lines += [f"## {headings[key]}", "", *(f"- {x}" for x in parts[key]), ""]
            lines += [" ".join(tail)] if tail else []
            lines += [closing] if closing else []
            return "\n".join(lines).strip()

        target = rng.randint(900, 2100)
        added: list[tuple[str, str]] = []
        text = render()
        for n, (key, sentence) in enumerate(usual + spare):
            if len(text) >= (target if n < len(usual) else MIN_DESCRIPTION + 50):
                break
            parts[key].append(sentence)
            added.append((key, sentence))
            text = render()
        while len(text) > MAX_DESCRIPTION and added:
            key, sentence = added.pop()
            parts[key].remove(sentence)
            text = render()
        if len(text) > MAX_DESCRIPTION and closing:
            closing = None
            text = render()
        while len(text) > MAX_DESCRIPTION and len(parts["duties"]) > 2:
            parts["duties"].pop()
            text = render()
        return text

    # -------------------------------------------------------------- posting

    def sample(self) -> Sample:
        """One posting (its id is set later, once all postings are sorted)."""
        rng = self.rng
        role = rng.choices(self.roles, weights=self.role_weights)[0]
        days_ago = rng.choices(self.days, weights=self.day_weights)[0]
        posted = ANCHOR - timedelta(days=days_ago)
        progress = 1 - days_ago / (WINDOW_DAYS - 1)
        title, level, base, normalized = self._pick_title(role)
        forced = self.vocab.title_skills(base)
        required, nice = self._pick_skills(role, progress, forced)
        skills = tuple(dict.fromkeys(required + nice))

        remote = rng.random() < REMOTE_SHARE
        city: City | None = None
        if remote:
            profile = rng.choices(self.profiles, weights=self.profile_weights)[0]
            home = COUNTRIES[profile.company.country]
            country = home if rng.random() < 0.75 else None
            hybrid = False
        else:
            city = rng.choices(CITIES, weights=self.city_weights)[0]
            country = COUNTRIES[city.country]
            local = self.by_country.get(city.country, [])
            if local and rng.random() < 0.65:
                profile = rng.choice(local)
            else:
                profile = rng.choices(self.profiles, weights=self.profile_weights)[0]
            hybrid = rng.random() < HYBRID_SHARE

        pay = self._salary(role, level, country, city)
        description = self._description(
            profile=profile,
            role=role,
            title=title,
            level=level,
            city=city,
            country=country,
            hybrid=hybrid,
            required=required,
            nice=nice,
            salary=pay["salary_string"],
        )
        slugs = [
            slug
            for slug in (self.vocab.slug(n) for n in skills)
            if slug and rng.random() < SLUG_SHARE
        ]
        slugs = list(dict.fromkeys(slugs))

        if level.key == "intern":
            statuses = ["internship"]
        else:
            statuses = rng.choices(
                (["full_time"], ["contract"], ["part_time"], ["full_time", "contract"]),
                weights=(0.89, 0.07, 0.02, 0.02),
            )[0]
        seniority = level.seniority
        if level.key == "mid" and rng.random() < 0.2:
            seniority = None  # the API leaves many plain titles unclassified
        found_later = days_ago > 0 and rng.random() < 0.25
        found = posted + timedelta(days=1 if found_later else 0)
        clock = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        reposted = rng.random() < 0.06

        posting: dict[str, Any] = {
            "id": 0,
            "job_title": title,
            "normalized_title": normalized,
            "url": None,
            "source_url": None,
            "final_url": None,
            "date_posted": posted.isoformat(),
            "discovered_at": f"{found.isoformat()}T{clock}",
            "reposted": reposted,
            "date_reposted": posted.isoformat() if reposted else None,
            "has_blurred_data": False,
            "company": profile.company.name,
            "company_domain": profile.domain,
            "company_object": self._company_object(profile),
            **self._place(city, country),
            "remote": remote,
            "hybrid": hybrid,
            "seniority": seniority,
            "employment_statuses": statuses,
            "easy_apply": rng.random() < 0.3,
            **pay,
            "description": description,
            "technology_slugs": slugs,
            "keyword_slugs": list(slugs),
            "hiring_team": [],
            "manager_roles": [],
            "matching_phrases": [],
            "matching_words": [],
        }
        return Sample(posting, skills)


def _country_phrase(country: Country) -> str:
    plural = ("United ", "Netherlands", "Philippines", "Czech Republic")
    return f"the {country.name}" if country.name.startswith(plural) else country.name


def _lower_word(word: str) -> str:
    """Lower-case a plain capitalised word, leaving acronyms ("A/B", "API") alone."""
    parts = word.split("-")
    if all(p[:1].isupper() and p[1:].islower() for p in parts if p):
        return word.lower()
    return word


def generate_samples(count: int, seed: int) -> list[Sample]:
    """`count` postings with the skills each one names, oldest first, ids assigned."""
    gen = _Generator(seed)
    samples = [gen.sample() for _ in range(count)]
    samples.sort(key=lambda s: (s.posting["date_posted"], s.posting["discovered_at"]))
    counts: dict[str, int] = {}
    for s in samples:
        counts[s.posting["company"]] = counts.get(s.posting["company"], 0) + 1
    for i, s in enumerate(samples):
        job_id = ID_BASE + i
        p = s.posting
        p["id"] = job_id
        p["url"] = f"https://jobs.example.com/view/{job_id}"
        p["source_url"] = p["url"]
        p["final_url"] = f"https://careers.{p['company_domain']}/jobs/{job_id}"
        p["company_object"]["num_jobs"] = counts[p["company"]]
    return samples


def generate(count: int, seed: int) -> list[dict[str, Any]]:
    """`count` sample postings in the shape of TheirStack Job objects, for a seed."""
    return [s.posting for s in generate_samples(count, seed)]


def to_jsonl_gz(postings: list[dict[str, Any]]) -> bytes:
    """The postings as gzip-compressed JSON lines, byte-identical for equal input.

    Lines are grouped by company: gzip only looks 32 KB back, and neighbours that share a
    company object and blurb make the file about a quarter smaller.
    """
    ordered = sorted(postings, key=lambda p: (str(p["company"]), int(p["id"])))
    buffer = io.BytesIO()
    # No file name and a zero timestamp in the header keep the bytes reproducible.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        for posting in ordered:
            line = json.dumps(posting, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            gz.write(line.encode("utf-8") + b"\n")
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    postings = generate(args.count, args.seed)
    data = to_jsonl_gz(postings)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{len(postings)} postings, {len(data):,} bytes -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
