"""Whatever people send, the bot answers within the platform's limits and its data stays valid.

Generated messages (words from the bot's own vocabulary mixed with arbitrary unicode,
control characters, injection attempts, huge inputs) and button payloads (real, stale and
forged) go through the terminal path and the Telegram path, thousands of them. The
examples are derandomized, so CI runs the same ones every time; run with
`--hypothesis-seed=<n>` to explore others.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pymongo.asynchronous.database import AsyncDatabase

from adapters.telegram import TelegramAdapter
from core.conversation.assistant import Assistant
from core.nlu.parser import IntentParser
from core.profiles.models import Identity, User
from templates import Renderer
from tests.factories import identity
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram

DB = AsyncDatabase[dict[str, object]]
WORDS = """gap trending salary jobs roadmap projects skills add remove I know python sql docker k8s
data engineer scientist analyst berlin london remote senior junior digest 8am stop link
delete my data yes no help where what for in and the a $ne {} $where . , ? ! @career_nav_bot
/start /gap /skills /link /forget /digest /settings /export /admin""".split()
PAYLOADS = [
    "pick:0",
    "pick:9",
    "pick:-1",
    "pick:x",
    "skills:yes",
    "skills:no",
    "forget:yes",
    "forget:no",
    "digest:off",
    "cmd:gap",
    "cmd:nope",
    "page:1",
    "page:99",
    "",
    ":",
    "x" * 64,
]
messages = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=12).map(" ".join),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=4000, max_size=6000),
    st.sampled_from(['{"$ne": 1}', "<b>x</b> & <script>", "\x00\x07\x1b[2J", "‮rtl", "🙂" * 50]),
)
people = st.sampled_from(["p1", "p2", "p3", "p4"])

parser = IntentParser()
terminal = Renderer("terminal")


async def database_is_valid() -> None:
    users = await User.find_all().to_list()  # every stored document still validates
    identities = await Identity.find_all().to_list()
    owners = {u.id for u in users}
    assert all(i.user_id in owners for i in identities)


@settings(
    max_examples=6000, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(who=people, text=messages, press=st.one_of(st.none(), st.sampled_from(PAYLOADS)))
async def test_the_terminal_path_answers_anything(
    db: DB, who: str, text: str, press: str | None
) -> None:
    bot = Assistant(parser, messages_per_minute=0)
    reply = await bot.handle_text(identity(who), text)
    assert terminal.render(reply.kind, reply.data).strip()
    if press is not None:
        pressed = await bot.handle_button(identity(who), press)
        assert terminal.render(pressed.kind, pressed.data).strip()
    await database_is_valid()


@pytest.fixture(scope="module")
async def telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        bot = TelegramAdapter(
            Assistant(parser, messages_per_minute=0),
            DEFAULT_TOKEN,
            base_url=fake.base_url,
            poll_timeout=1,
            rate_limit=False,
        )
        await bot.start()
        try:
            yield fake
        finally:
            await bot.stop()


typed = messages.map(lambda t: t[:4096]).filter(lambda t: t.strip() != "")


@settings(
    max_examples=4500, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(who=st.integers(min_value=1, max_value=4), text=typed, press=st.sampled_from(PAYLOADS))
async def test_the_telegram_path_answers_anything_within_telegrams_limits(
    db: DB, telegram: FakeTelegram, who: int, text: str, press: str
) -> None:
    fake = telegram
    since = len(fake.sent)
    fake.send_text(who, text)
    # The fake refuses anything Telegram would (bad HTML, too long): no answer, no pass.
    replies = await fake.wait_for_sent(
        1, chat_id=who, method="sendMessage", since=since, timeout=30
    )
    assert replies[0].text
    if replies[0].callback_data:
        # A real button (or a forged payload on it), pressed: it is answered and nothing breaks.
        calls, since = len(fake.calls), len(fake.sent)
        data = press if press in replies[0].callback_data else replies[0].callback_data[0]
        fake.press_button(who, data, message_id=replies[0].message_id)
        await fake.wait_for_call("answerCallbackQuery", since=calls, timeout=30)
        if not data.startswith("page:"):
            # Its answer is in before the next message: one at a time, as a person would.
            await fake.wait_for_sent(1, chat_id=who, method="sendMessage", since=since, timeout=30)
    await database_is_valid()
