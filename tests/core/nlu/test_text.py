from core.nlu.text import clean_text


def test_control_characters_are_removed_and_whitespace_folded() -> None:
    assert (
        clean_text("  I know\x00 Python\x1b[31m\n\tand SQL\u200b ") == "I know Python[31m and SQL"
    )


def test_emoji_survive_cleaning() -> None:
    assert clean_text("I learned Figma 🎨") == "I learned Figma 🎨"
