import pytest

from bot.settings import SettingsError, load_settings


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("JOB_COLLECTION_SCHEDULE", "61 2 * * *", "cron"),
        ("THEIR_STACK_TIMEOUT", "-5", "greater than 0"),
        ("MAX_JOBS_PER_SEARCH", "-1", "greater than 0"),
        ("MONGODB_URI", "http://user:hunter2@db", "MongoDB connection string"),
        ("DIGEST_DEFAULT_TIME", "25:00", "HH:MM"),
        ("LOG_FORMAT", "xml", "text"),
    ],
)
def test_a_bad_value_names_the_setting_in_one_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, words: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(f"Invalid setting {name}:")
    assert words in message
    assert "\n" not in message and "hunter2" not in message


def test_secrets_never_show_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret-token")
    monkeypatch.setenv("MONGODB_URI", "mongodb://u:pw-secret@localhost:27017/")
    settings = load_settings()
    assert "secret-token" not in repr(settings) and "pw-secret" not in repr(settings)
    assert settings.telegram_bot_token is not None


def test_admin_ids_are_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_TELEGRAM_IDS", "12, 34")
    assert load_settings().admin_telegram_ids == [12, 34]


def test_data_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", "/srv/xdg")
    assert str(load_settings().data_dir) == "/srv/xdg/career-navigator"


def test_env_example_documents_every_setting_and_loads_as_is() -> None:
    import re
    from pathlib import Path

    from bot.settings import Settings

    example = Path(__file__).resolve().parents[2] / ".env.example"
    names = set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]+)=", example.read_text(), re.M))
    assert names == {name.upper() for name in Settings.model_fields}
    settings = Settings(_env_file=example)
    assert settings.mongodb_uri is None and settings.admin_telegram_ids == []
