import pytest

from core.intents import IntentName
from core.nlu.parser import IntentParser


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("I know Python, SQL and postgres", ["Python", "SQL", "PostgreSQL"]),
        ("I know Python and k8s", ["Python", "Kubernetes"]),
        ("add kubernetes", ["Kubernetes"]),
        ("Add Docker and terraform to my skils", ["Docker", "Terraform"]),
        ("Skills: C#, .NET, Azure", ["C#", ".NET", "Azure"]),
        ("i can code in java and kotlin", ["Java", "Kotlin"]),
        ("I use Git and Linux every day", ["Git", "Linux"]),
    ],
)
def test_add_skills_resolves_aliases_to_canonical_names(
    parser: IntentParser, text: str, skills: list[str]
) -> None:
    intent = parser.parse(text)
    assert intent.name is IntentName.ADD_SKILLS
    assert intent.to_dict()["slots"]["skills"] == skills


def test_a_typo_in_a_skill_still_finds_it(parser: IntentParser) -> None:
    assert parser.parse("I know kubernetis").slots.skills == ("Kubernetes",)


def test_unknown_skill_words_are_reported_not_added(parser: IntentParser) -> None:
    intent = parser.parse("I know Python and blorbium")
    assert intent.slots.skills == ("Python",)
    assert intent.unrecognised == ("blorbium",)


def test_explicit_skill_level_words_set_the_level(parser: IntentParser) -> None:
    intent = parser.parse("I'm an expert in PostgreSQL")
    assert intent.name is IntentName.ADD_SKILLS
    assert intent.slots.level == "senior"


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("remove sql", ["SQL"]),
        ("remove java from my skills", ["Java"]),
        ("I no longer use Perl", ["Perl"]),
        ("Take PHP and Ruby off my list", ["PHP", "Ruby"]),
        ("I don't actually know Scala, please remove it", ["Scala"]),
    ],
)
def test_remove_skills(parser: IntentParser, text: str, skills: list[str]) -> None:
    intent = parser.parse(text)
    assert intent.name is IntentName.REMOVE_SKILLS
    assert list(intent.slots.skills or ()) == skills


@pytest.mark.parametrize(
    "text",
    [
        "my skills",
        "show my skills",
        "What's on my profile?",
        "/skills",
        "which skills did I add so far?",
        "Do I have docker on my profile?",
    ],
)
def test_show_skills(parser: IntentParser, text: str) -> None:
    assert parser.parse(text).name is IntentName.SHOW_SKILLS


@pytest.mark.parametrize(
    "text", ["help", "hi", "/start", "what can you do?", "How does this bot work?"]
)
def test_help(parser: IntentParser, text: str) -> None:
    assert parser.parse(text).name is IntentName.HELP


@pytest.mark.parametrize(
    "text", ["tell me a joke", "thanks!", "asdfgh", '{"$ne": 1}', "I don't know Rust yet"]
)
def test_unrelated_or_negated_messages_are_unknown(parser: IntentParser, text: str) -> None:
    assert parser.parse(text).name is IntentName.UNKNOWN


@pytest.mark.parametrize(
    "text",
    ["I'm ready to go the extra mile", "I led R&D for a C-level team", "I love Taylor Swift"],
)
def test_everyday_words_are_not_skills(parser: IntentParser, text: str) -> None:
    assert not parser.parse(text).slots.skills


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("I know Go and gRPC", ["Go", "gRPC"]),
        ("I have basic knowledge of Go", ["Go"]),
        ("add R", ["R"]),
        ("I code in C and C++", ["C", "C++"]),
    ],
)
def test_ambiguous_names_count_in_technical_context(
    parser: IntentParser, text: str, skills: list[str]
) -> None:
    assert list(parser.parse(text).slots.skills or ()) == skills


def test_parse_many_matches_parse(parser: IntentParser) -> None:
    texts = ["I know Python", "my skills", "remove sql", "hi"]
    assert parser.parse_many(texts) == [parser.parse(t) for t in texts]
