from core.intents import Intent, IntentName, Slots


def test_unset_slots_are_absent_from_the_json_form() -> None:
    intent = Intent(IntentName.ADD_SKILLS, 0.934, Slots(skills=("Python", "Kubernetes")))
    assert intent.to_dict() == {
        "intent": "add_skills",
        "confidence": 0.93,
        "slots": {"skills": ["Python", "Kubernetes"]},
    }


def test_only_keeps_the_allowed_slots() -> None:
    slots = Slots(role="Data Engineer", level="senior", time="08:00")
    assert slots.only(frozenset({"role", "level"})).to_dict() == {
        "role": "Data Engineer",
        "level": "senior",
    }
