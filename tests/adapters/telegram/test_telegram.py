"""The Telegram adapter end to end: the real python-telegram-bot against a fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from adapters.telegram import TelegramAdapter
from core.collection.ingest import Ingestor
from core.conversation.assistant import Assistant
from core.conversation.commands import COMMANDS
from core.nlu.parser import IntentParser
from core.profiles.models import User
from tests.factories import data_engineer_market, posting
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram, Sent

DB = AsyncDatabase[dict[str, object]]
ANN = 4242
GROUP = -100777


@pytest.fixture(autouse=True)
def timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def adapter(
    db: DB, fake: FakeTelegram, parser: IntentParser
) -> AsyncIterator[TelegramAdapter]:
    bot = TelegramAdapter(Assistant(parser), DEFAULT_TOKEN, base_url=fake.base_url, poll_timeout=1)
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()


async def say(
    fake: FakeTelegram, text: str, count: int = 1, *, chat_id: int | None = None, **kw: str
) -> list[Sent]:
    """Send a message as Ann and wait for `count` answers to her chat."""
    since = len(fake.sent)
    fake.send_text(ANN, text, chat_id=chat_id, **kw)
    return await fake.wait_for_sent(count, chat_id=chat_id or ANN, since=since)


async def press(fake: FakeTelegram, answer: Sent, data: str, count: int = 1) -> list[Sent]:
    since = len(fake.sent)
    fake.press_button(ANN, data, message_id=answer.message_id)
    return await fake.wait_for_sent(count, chat_id=ANN, method="sendMessage", since=since)


async def test_start_welcomes_in_html_and_the_command_menu_is_registered(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    assert [c["command"] for c in fake.commands] == list(COMMANDS)
    (welcome,) = await say(fake, "/start")
    assert welcome.parse_mode == "HTML"
    assert "<b>Hi Ann! I'm Career Navigator.</b>" in (welcome.text or "")
    assert "/gap" in (welcome.text or "")
    assert "cmd:gap" in welcome.callback_data


async def test_skills_read_from_text_are_confirmed_with_a_tap(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    (question,) = await say(fake, "I know Python and Docker")
    assert "Add Python and Docker to your skills?" in (question.text or "")
    assert question.callback_data == ["skills:yes", "skills:no"]
    (added,) = await press(fake, question, "skills:yes")
    assert "Added Python and Docker." in (added.text or "")
    (user,) = await User.find_all().to_list()
    assert user.skill_names() == ["Python", "Docker"]


async def test_a_gap_answer_is_one_photo_message_with_the_answer_above_its_chart(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    await data_engineer_market()
    (answer,) = await say(fake, "/gap data engineer")
    assert answer.method == "sendPhoto" and (answer.photo or b"").startswith(b"\x89PNG")
    assert "Skill gap for Data Engineer" in (answer.text or "")
    assert answer.parse_mode == "HTML"
    (params,) = [params for method, params in fake.calls if method == "sendPhoto"]
    assert params["show_caption_above_media"] is True


async def test_an_answer_too_long_for_a_caption_comes_first_and_its_chart_after(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    skills = ["Python", "SQL", "Apache Spark", "dbt", "Apache Airflow", "Apache Kafka", "Docker"]
    skills += ["Kubernetes", "Terraform", "Amazon Web Services", "Google Cloud", "Snowflake"]
    await Ingestor.store(
        [posting(role="Data Engineer", skills=(skills * 2)[i : i + 8]) for i in range(12)]
    )
    text, chart = await say(fake, "/gap data engineer", count=2)
    assert text.method == "sendMessage" and len(text.text or "") > 1024
    assert "Skill gap for Data Engineer" in (text.text or "")
    assert chart.method == "sendPhoto" and chart.text == "Your skill gap"


async def test_a_chart_already_sent_goes_again_by_file_id_not_by_upload(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    await data_engineer_market()
    (first,) = await say(fake, "/gap data engineer")
    (again,) = await say(fake, "/gap data engineer")
    uploads = [params["photo"] for method, params in fake.calls if method == "sendPhoto"]
    assert isinstance(uploads[0], bytes) and isinstance(uploads[1], str)
    assert again.photo == first.photo  # the same picture, as Telegram keeps it


async def test_an_ambiguous_role_is_picked_with_a_button(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    await data_engineer_market()
    (question,) = await say(fake, "what's the gap for data?")
    assert question.callback_data == ["pick:0", "pick:1", "pick:2", "pick:3"]
    since = len(fake.sent)
    fake.press_button(ANN, "pick:0", message_id=question.message_id)
    (answer,) = await fake.wait_for_sent(1, chat_id=ANN, method="sendPhoto", since=since)
    assert "Skill gap for Data Engineer" in (answer.text or "")


async def test_everything_a_person_types_is_escaped_in_replies(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    # The fake rejects malformed HTML with 400, as Telegram does: no reply would arrive.
    (reply,) = await say(fake, "/start", first_name="<i>Ann & Bob")
    assert "Hi &lt;i&gt;Ann &amp; Bob!" in (reply.text or "")


async def test_a_long_roadmap_is_shown_a_page_at_a_time(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    skills = ["Python", "SQL", "Apache Spark", "dbt", "Apache Airflow", "Apache Kafka", "Docker"]
    skills += ["Kubernetes", "AWS", "Snowflake", "Terraform", "Git", "Linux", "Scala", "Java"]
    await Ingestor.store([posting(role="Data Engineer", skills=skills) for _ in range(12)])
    (first,) = await say(fake, "roadmap to data engineer")
    assert "page:1" in first.callback_data
    since = len(fake.sent)
    fake.press_button(ANN, "page:1", message_id=first.message_id)
    (edit,) = await fake.wait_for_sent(1, method="editMessageText", since=since)
    assert edit.message_id == first.message_id and edit.text != first.text


async def test_in_groups_only_addressed_messages_are_answered_and_profiles_stay_private(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    await say(fake, "/start")  # Ann has a private chat with the bot
    since = len(fake.sent)
    fake.send_text(ANN, "I know Python", chat_id=GROUP, chat_type="group")
    fake.send_text(ANN, "/skills@career_nav_bot add sql", chat_id=GROUP, chat_type="group")
    (notice,) = await fake.wait_for_sent(1, chat_id=GROUP, since=since)
    assert "private chat" in (notice.text or "")
    private = await fake.wait_for_sent(1, chat_id=ANN, since=since)
    assert "Added SQL." in (private[0].text or "")
    assert not [s for s in fake.sent[since:] if "Python" in (s.text or "")]


async def test_a_person_who_blocked_the_bot_is_marked_inactive(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    await say(fake, "/start")
    fake.block(ANN)
    fake.send_text(ANN, "my skills")
    await fake.wait_for_call("sendMessage", since=len(fake.calls))
    for _ in range(50):
        (user,) = await User.find_all().to_list()
        if not user.active:
            break
        await asyncio.sleep(0.05)
    assert user.active is False


async def test_a_flood_limit_answer_is_waited_out_and_the_reply_still_arrives(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=1)
    (reply,) = await say(fake, "help")
    assert "What I can do" in (reply.text or "")


async def test_forgetting_is_confirmed_with_buttons(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    await say(fake, "/start")
    (question,) = await say(fake, "/forget")
    assert question.callback_data == ["forget:yes", "forget:no"]
    (done,) = await press(fake, question, "forget:yes")
    assert "deleted" in (done.text or "").lower()
    assert await User.count() == 0


async def test_a_forged_button_press_on_another_persons_chat_changes_nothing(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    await say(fake, "add python")
    (question,) = await say(fake, "/forget")
    # A press no real client can make: Mallory "confirms" on Ann's message in Ann's chat.
    forged = fake.make_button_update(ANN, "forget:no", message_id=question.message_id)
    forged["callback_query"]["from"].update(id=6666, first_name="Mallory")
    forged["callback_query"]["data"] = "forget:yes"
    since = len(fake.sent)
    fake.post_update(forged)
    await fake.wait_for_call("answerCallbackQuery", timeout=10)
    await asyncio.sleep(0.3)
    assert fake.sent[since:] == []  # nothing said in Ann's chat, her buttons left alone
    (ann,) = await User.find_all().to_list()
    assert ann.skill_names() == ["Python"]
    (kept,) = await press(fake, question, "forget:no")  # Ann's own question still works
    assert "Nothing deleted" in (kept.text or "")
    assert await User.count() == 1


async def test_export_sends_the_stored_data_as_a_json_file(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    await say(fake, "add python")
    since = len(fake.sent)
    fake.send_text(ANN, "/export")
    (document,) = await fake.wait_for_sent(1, chat_id=ANN, method="sendDocument", since=since)
    assert b'"Python"' in (document.photo or b"")


async def test_after_the_connection_fails_polling_resumes_and_nothing_is_handled_twice(
    adapter: TelegramAdapter, fake: FakeTelegram
) -> None:
    await say(fake, "help")
    fake.fail_next("getUpdates", status=502, count=2)
    since = len(fake.sent)
    for text in ("my skills", "trending", "help"):
        fake.send_text(ANN, text)
    replies = await fake.wait_for_sent(
        3, chat_id=ANN, method="sendMessage", since=since, timeout=20
    )
    await asyncio.sleep(1.5)  # a second poll after recovery delivers nothing again
    assert len([s for s in fake.sent[since:] if s.method == "sendMessage"]) == len(replies) == 3


@pytest.mark.parametrize("text", ["/@0", "/gap@another_bot", "/"])
async def test_odd_commands_in_a_private_chat_still_get_an_answer(
    adapter: TelegramAdapter, fake: FakeTelegram, text: str
) -> None:
    (reply,) = await say(fake, text)
    assert reply.text
