"""The one entry point every adapter calls: a message or an intent in, a Reply out."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from time import perf_counter
from typing import Any

from pymongo.errors import ConnectionFailure, OperationFailure

from core import metrics
from core.clock import utcnow
from core.collection.targeted import TargetedRequests
from core.conversation.admin import admin_stats, request_collection
from core.conversation.commands import COMMANDS, command_intent
from core.conversation.limits import RateLimit
from core.conversation.replies import Reply
from core.digests.broadcast import broadcast
from core.digests.compose import compose
from core.digests.delivery import DigestSender
from core.intents import Intent, IntentName, Slots
from core.learning.projects import suggest_projects
from core.learning.roadmap import build_roadmap
from core.market.answers import MarketAnswers
from core.nlu.parser import IntentParser
from core.nlu.text import MAX_MESSAGE_CHARS, clean_text
from core.places import load_gazetteer
from core.places.timezones import timezone_named
from core.profiles.linking import CODE_TTL, MAX_FAILURES, issue_code, redeem_code
from core.profiles.models import ConversationContext, PlatformIdentity, User
from core.profiles.service import Profiles
from core.requests import new_request

log = logging.getLogger(__name__)

I = IntentName  # noqa: E741 - short name keeps the dispatch readable
ASKS_ROLE = {I.SKILL_GAP, I.ROADMAP, I.TOP_LOCATIONS}
FOLLOW_UP = re.compile(r"^(and|what about|how about|same for|ok and|now|also)\b|\?$")
ORDINAL = re.compile(
    r"^(?:the\s+)?(1|2|3|4|first|second|third|fourth|former|latter)\b(?:\s+one)?[.!]?$"
)
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "former": 0, "latter": -1}
# Where digests can be delivered (the terminal can only preview them).
DIGEST_PLATFORMS = {"telegram", "discord"}
_BUTTON_TIME = re.compile(r"at:((?:[01]\d|2[0-3]):[0-5]\d)")
EXPLICIT_ADD = re.compile(r"^(/skills\s+)?add\b")
YES = re.compile(r"^(yes|y|yep|yeah|sure|confirm|ok|okay|do it|delete|yes,? delete( it)?)\b")


class Assistant:
    """Answers people: parses what they say and runs the intent against their profile."""

    def __init__(
        self,
        parser: IntentParser | None = None,
        profiles: Profiles | None = None,
        *,
        targeted_min_postings: int = 20,
        market: MarketAnswers | None = None,
        digest_time: str = "09:00",
        messages_per_minute: int = 20,
        admins: frozenset[str] = frozenset(),
        profile_cache_seconds: float = 0.0,
    ) -> None:
        # Accounts ("telegram:123") allowed the admin commands; to everyone else those
        # commands do not exist.
        self.admins = admins
        # Platforms announcements go out on, set once the adapters exist.
        self.senders: dict[str, DigestSender] = {}
        self._broadcasts: set[asyncio.Task[object]] = set()
        self.digest_time = digest_time
        self.limit = RateLimit(messages_per_minute)
        self.market = market or MarketAnswers()
        self.parser = parser or IntentParser()
        self.profiles = profiles or Profiles(cache_seconds=profile_cache_seconds)
        self.request_if_sparse = TargetedRequests(targeted_min_postings, self.market.source)

    async def close(self) -> None:
        """Finish what is written behind (conversation contexts)."""
        await self.profiles.close()

    async def handle_text(
        self, identity: PlatformIdentity, text: str, *, confirm_skills: bool = False
    ) -> Reply:
        """Answer a free-text message.

        With `confirm_skills`, skills read from a sentence are offered for confirmation
        before they are stored (surfaces with buttons make that one tap).
        """
        if (limited := self._limited(identity)) is not None:
            return limited
        if len(text) > MAX_MESSAGE_CHARS * 5:
            return Reply("too_long", {"limit": MAX_MESSAGE_CHARS})
        cleaned = clean_text(text)
        if not cleaned:
            return Reply("empty")
        if len(cleaned) > MAX_MESSAGE_CHARS:
            return Reply("too_long", {"limit": MAX_MESSAGE_CHARS})
        parsed = self.parser.parse(cleaned)

        async def step(user: User) -> Reply:
            intent = self._in_context(user, parsed, cleaned)
            if (
                confirm_skills
                and intent.name is I.ADD_SKILLS
                and intent.slots.skills
                and not EXPLICIT_ADD.match(cleaned.lower())
            ):
                return await self._confirm_skills(user, intent)
            return await self._respond(user, intent, identity.key)

        return await self._guarded(identity, step, parsed.name.value)

    async def handle_intent(self, identity: PlatformIdentity, intent: Intent) -> Reply:
        """Answer an intent, whether it came from text, a command or a button."""

        async def step(user: User) -> Reply:
            return await self._respond(user, intent, identity.key)

        return await self._guarded(identity, step, intent.name.value)

    async def handle_command(
        self, identity: PlatformIdentity, command: str, args: str = ""
    ) -> Reply:
        """Answer a slash command ("/gap data engineer" is `gap`, "data engineer")."""
        if (limited := self._limited(identity)) is not None:
            return limited
        command = command.lower().lstrip("/")
        args = clean_text(args)[:MAX_MESSAGE_CHARS]
        if command == "settings":

            async def settings(user: User) -> Reply:
                return Reply(
                    "settings", {"profile": _profile(user), "digest": user.digest.model_dump()}
                )

            return await self._guarded(identity, settings, "settings")
        if command == "admin":
            if identity.key not in self.admins:
                return Reply("unknown", {"command": command})
            return await self._admin(identity, args)
        if command == "export":

            async def export(user: User) -> Reply:
                return Reply("export", {"json": await self.profiles.export(user)})

            return await self._guarded(identity, export, "export", fresh=True)
        if command == "digest" and args.lower().startswith("preview"):
            return await self.digest_preview(identity)
        name = command_intent(command, args)
        if name is None:
            return Reply("unknown", {"command": command})
        if name in (I.ADD_SKILLS, I.REMOVE_SKILLS):
            args = re.sub(r"^(add|remove|delete|drop)\b", "", args, flags=re.IGNORECASE).strip()
        if name is I.DIGEST_OFF:
            args = ""
        slots = self.parser.slots_for(args, name) if args else Slots()
        if name in (I.ADD_SKILLS, I.REMOVE_SKILLS) and not slots.skills:
            return Reply("no_skills_found", {"text": args})
        if name is I.LINK_ACCOUNT and args and not slots.code:
            slots = Slots(code=args)  # "/link 4f7kq2": the argument is the code whatever its shape
        return await self.handle_intent(identity, Intent(name, 1.0, slots))

    async def handle_button(self, identity: PlatformIdentity, payload: str) -> Reply:
        """Answer a button press. Buttons act only on what the presser was offered."""
        if (limited := self._limited(identity)) is not None:
            return limited

        async def step(user: User) -> Reply:
            context = user.context
            kind, _, value = payload.partition(":")
            if kind == "pick" and context.asked == "choice" and value.isdigit():
                index = int(value)
                if index < len(context.options):
                    return await self._respond(
                        user, _intent_from(context.options[index]), identity.key
                    )
            if kind == "forget" and context.asked == "confirm_delete":
                code = "confirmed" if value == "yes" else "kept"
                return await self._respond(
                    user, Intent(I.DELETE_DATA, 1.0, Slots(code=code)), identity.key
                )
            if kind == "skills" and context.asked == "confirm_skills":
                if value == "yes":
                    return await self._respond(
                        user,
                        Intent(I.ADD_SKILLS, 1.0, _merge(context.slots, Slots())),
                        identity.key,
                    )
                await self.profiles.save_context(user, ConversationContext())
                return Reply("skills_dropped", {"skills": list(context.slots.get("skills", []))})
            if kind == "broadcast" and context.asked == "broadcast":
                await self.profiles.save_context(user, ConversationContext())
                if value != "yes" or identity.key not in self.admins:
                    return Reply("admin_broadcast_cancelled")
                return self._start_broadcast(str(context.slots.get("text", "")))
            if kind == "digest" and value == "off":
                return await self._respond(user, Intent(I.DIGEST_OFF), identity.key)
            if kind == "digest" and (at := _BUTTON_TIME.fullmatch(value)):
                return await self._respond(
                    user, Intent(I.DIGEST_ON, 1.0, Slots(time=at[1])), identity.key
                )
            if kind == "cmd" and value in COMMANDS:
                name = command_intent(value, "")
                if name is not None:
                    return await self._respond(user, Intent(name), identity.key)
            return Reply("stale_button")

        return await self._guarded(identity, step, f"button:{payload.partition(':')[0]}")

    async def _admin(self, identity: PlatformIdentity, args: str) -> Reply:
        action, _, rest = args.strip().partition(" ")
        rest = rest.strip()
        match action.lower():
            case "stats":
                return Reply("admin_stats", await admin_stats())
            case "collect":
                slots = self.parser.slots_for(rest, I.SALARY)
                if slots.role is None:
                    return Reply("admin_usage", {"problem": "collect needs a role"})
                queued = await request_collection(slots.role, slots.location)
                return Reply(
                    "admin_collect",
                    {"role": slots.role, "location": slots.location, "queued": queued},
                )
            case "broadcast" if rest:

                async def confirm(user: User) -> Reply:
                    await self.profiles.save_context(
                        user, ConversationContext(asked="broadcast", slots={"text": rest})
                    )
                    reach = await User.find({"active": True}).count()
                    return Reply("admin_broadcast_confirm", {"text": rest, "recipients": reach})

                return await self._guarded(identity, confirm, "admin")
        return Reply("admin_usage", {"problem": None})

    def _start_broadcast(self, text: str) -> Reply:
        if not self.senders or not text:
            return Reply("admin_broadcast_cancelled")
        # Paced within platform limits, a broadcast takes minutes: it runs on its own.
        task: asyncio.Task[object] = asyncio.create_task(broadcast(self.senders, text))
        self._broadcasts.add(task)
        task.add_done_callback(self._broadcasts.discard)
        return Reply("admin_broadcast_started", {"platforms": sorted(self.senders)})

    def _limited(self, identity: PlatformIdentity) -> Reply | None:
        verdict = self.limit.check(identity.key)
        if verdict == "ok":
            return None
        metrics.RATE_LIMITED.inc()
        return (
            Reply("slow_down", {"per_minute": self.limit.per_minute})
            if verdict == "notice"
            else Reply("silent")
        )

    async def _respond(self, user: User, intent: Intent, identity_key: str) -> Reply:
        if intent.choices:
            return await self._clarify(user, intent)
        return await self._answer(user, intent, identity_key)

    async def _guarded(
        self,
        identity: PlatformIdentity,
        step: Callable[[User], Awaitable[Reply]],
        what: str,
        *,
        fresh: bool = False,
    ) -> Reply:
        started = perf_counter()
        new_request()
        try:
            load = self.profiles.fresh if fresh else self.profiles.get_or_create
            user, created = await load(identity)
            reply = await step(user)
        except (ConnectionFailure, OperationFailure) as exc:
            # Not "no data": the person should know to retry, and nothing was half-written
            # because every change is a single-document write.
            log.warning("database unavailable while answering %s: %s", what, type(exc).__name__)
            metrics.ERRORS.labels("database").inc()
            return Reply("unavailable")
        metrics.MESSAGES.labels(identity.platform, what).inc()
        metrics.REPLY_SECONDS.labels(identity.platform).observe(perf_counter() - started)
        if created:
            return Reply(reply.kind, {**reply.data, "first_contact": True})
        return reply

    async def _confirm_skills(self, user: User, intent: Intent) -> Reply:
        await self.profiles.save_context(
            user,
            ConversationContext(
                intent=I.ADD_SKILLS.value, slots=intent.slots.to_dict(), asked="confirm_skills"
            ),
        )
        return Reply(
            "confirm_skills",
            {"skills": list(intent.slots.skills or ()), "unrecognised": list(intent.unrecognised)},
        )

    def _in_context(self, user: User, intent: Intent, text: str) -> Intent:
        """Read a message against the last question: an answer to "which role?", a
        follow-up that changes one slot ("and in London?"), a confirmation."""
        context = user.context
        if context.asked == "confirm_delete":
            wants = intent.name is I.DELETE_DATA or bool(YES.match(text.lower()))
            return Intent(I.DELETE_DATA, 1.0, Slots(code="confirmed" if wants else "kept"))
        if (
            context.asked == "confirm_skills"
            and intent.name is not I.ADD_SKILLS
            and YES.match(text.lower())
        ):
            return Intent(I.ADD_SKILLS, 1.0, _merge(context.slots, Slots()))
        if context.asked == "timezone" and intent.name in (I.UNKNOWN, I.SET_PROFILE):
            zone = timezone_named(text)
            if zone is not None:
                user.timezone = zone
                return Intent(I.DIGEST_ON, 1.0, Slots(time=context.slots.get("time")))
        if context.asked == "choice":
            picked = self._pick(context.options, intent, text)
            if picked is not None:
                return picked
        if context.intent is None:
            return intent
        previous = IntentName(context.intent)
        if context.asked == "role" and intent.name in (I.UNKNOWN, I.SET_PROFILE, previous):
            slots = self.parser.slots_for(text, previous)
            if slots.role:
                return Intent(previous, 0.9, _merge(context.slots, slots))
        if intent.name is I.UNKNOWN and FOLLOW_UP.search(text.lower()) and len(text.split()) <= 8:
            slots = self.parser.slots_for(text, previous)
            if slots.to_dict():
                return Intent(previous, 0.8, _merge(context.slots, slots))
        return intent

    async def _clarify(self, user: User, intent: Intent) -> Reply:
        """Ask which reading was meant rather than answer a guess."""
        options = [o.to_dict() for o in intent.choices]
        await self.profiles.save_context(
            user,
            ConversationContext(
                intent=intent.name.value,
                slots=intent.slots.to_dict(),
                asked="choice",
                options=options,
            ),
        )
        return Reply("clarify", {"options": options})

    def _pick(self, options: list[dict[str, Any]], intent: Intent, text: str) -> Intent | None:
        """The offered reading an answer chooses: "2", "the first", "analyst", "business"."""
        offered = [_intent_from(o) for o in options]
        lower = text.lower().strip()
        ordinal = ORDINAL.match(lower)
        if ordinal:
            word = ordinal.group(1)
            index = int(word) - 1 if word.isdigit() else _ORDINALS[word]
            return offered[index] if -len(offered) <= index < len(offered) else None
        words = set(re.findall(r"[a-z0-9+#]+", lower)) - {"the", "a", "an", "one", "i", "mean"}
        if intent.slots.role:
            words |= set(intent.slots.role.lower().split())
        fits = [o for o in offered if words and words <= set(_label(o).lower().split())]
        if len(fits) == 1:
            return fits[0]
        named = [o for o in offered if o.name is intent.name and intent.name is not I.UNKNOWN]
        return named[0] if len(named) == 1 else None

    async def _digest_on(self, user: User, s: Slots, identity_key: str) -> Reply:
        time = s.time or (user.digest.time if user.digest.enabled else self.digest_time)
        if user.timezone is None:
            # Asked once; the answer (a place or a zone name) comes back through _in_context.
            await self.profiles.save_context(
                user,
                ConversationContext(
                    intent=I.DIGEST_ON.value, slots={"time": time}, asked="timezone"
                ),
            )
            return Reply("ask_timezone", {"time": time})
        platform = identity_key.split(":", 1)[0]
        await self.profiles.subscribe(user, time, platform)
        await self.profiles.save_context(user, ConversationContext())
        return Reply(
            "digest_on",
            {
                "time": time,
                "timezone": user.timezone,
                "platform": platform,
                "deliverable": platform in DIGEST_PLATFORMS,
            },
        )

    async def digest_preview(self, identity: PlatformIdentity) -> Reply:
        """Today's digest for this person, shown now (even on a quiet day)."""

        async def step(user: User) -> Reply:
            data = await compose(user, self.market, utcnow(), preview=True)
            return Reply("digest", data) if data is not None else Reply("digest_empty")

        # As stored: the digest that was just sent may have been sent by another process.
        return await self._guarded(identity, step, "digest_preview", fresh=True)

    async def _link(self, user: User, intent: Intent, identity_key: str) -> Reply:
        if not intent.slots.code:
            platform = identity_key.split(":", 1)[0]
            code, _ = await issue_code(user, platform)
            minutes = round(CODE_TTL.total_seconds() / 60)
            return Reply("link_code", {"code": code, "minutes": minutes, "platform": platform})
        result = await redeem_code(user, identity_key, intent.slots.code)
        if result.outcome == "linked":
            # Two profiles became one, in the database: what this process holds is outdated.
            self.profiles.forget()
            return Reply("linked", {"platforms": list(result.platforms)})
        return Reply("link_failed", {"reason": result.outcome, "attempts": MAX_FAILURES})

    async def _answer(self, user: User, intent: Intent, identity_key: str = "") -> Reply:
        s = intent.slots
        match intent.name:
            case I.HELP:
                return Reply("help", {"profile": _profile(user)})
            case I.SHOW_SKILLS:
                return Reply(
                    "skills", {"skills": [{"name": k.name, "level": k.level} for k in user.skills]}
                )
            case I.ADD_SKILLS:
                change = await self.profiles.add_skills(user, s.skills or (), s.level)
                return Reply(
                    "skills_added",
                    {
                        "added": change.changed,
                        "already": change.unchanged,
                        "unrecognised": list(intent.unrecognised),
                        "skills": change.skills,
                        "level": s.level,
                    },
                )
            case I.REMOVE_SKILLS:
                change = await self.profiles.remove_skills(user, s.skills or ())
                return Reply(
                    "skills_removed",
                    {
                        "removed": change.changed,
                        "missing": change.unchanged,
                        "skills": change.skills,
                    },
                )
            case I.SET_PROFILE:
                return await self._set_profile(user, s)
            case I.DELETE_DATA:
                if s.code == "confirmed":
                    await self.profiles.delete(user)
                    return Reply("deleted")
                if s.code == "kept":
                    await self.profiles.save_context(user, ConversationContext())
                    return Reply("kept")
                await self.profiles.save_context(user, ConversationContext(asked="confirm_delete"))
                return Reply("confirm_delete")
            case I.LINK_ACCOUNT:
                return await self._link(user, intent, identity_key)
            case I.DIGEST_ON:
                return await self._digest_on(user, s, identity_key)
            case I.DIGEST_OFF:
                await self.profiles.unsubscribe(user)
                return Reply("digest_off")
            case I.UNKNOWN:
                return Reply("unknown")
        return await self._market(user, intent)

    async def _market(self, user: User, intent: Intent) -> Reply:
        s = intent.slots
        role = s.role or user.target_role
        if intent.name in ASKS_ROLE and role is None:
            await self.profiles.save_context(
                user, ConversationContext(intent=intent.name.value, slots=s.to_dict(), asked="role")
            )
            return Reply("ask_role", {"intent": intent.name.value})
        await self.profiles.save_context(
            user, ConversationContext(intent=intent.name.value, slots=s.to_dict())
        )
        have = user.skill_names()
        location = s.location if s.location is not None else user.location
        match intent.name:
            case I.SKILL_GAP:
                assert role is not None
                data = await self.market.gap(role, location, have)
                for wider in _wider(location) if data["too_little"] else []:
                    widened = await self.market.gap(role, wider, have)
                    if not widened["too_little"]:
                        data = {**widened, "widened_from": location}
                        break
                await self._queue_if_sparse(data, role, location)
                return Reply("gap", data)
            case I.TRENDING:
                return Reply(
                    "trending", await self.market.trending(s.role or user.target_role, s.location)
                )
            case I.SALARY:
                level = s.level or user.experience_level
                data = await self.market.salary(role, location, level)
                for wider in _wider(location) if data["too_little"] else []:
                    widened = await self.market.salary(role, wider, level)
                    if not widened["too_little"]:
                        data = {**widened, "widened_from": location}
                        break
                return Reply("salary", data)
            case I.JOBS:
                return Reply(
                    "jobs", await self.market.jobs(role, location, list(s.skills or ()), have)
                )
            case I.TOP_LOCATIONS:
                return Reply("top_locations", await self.market.top_locations(role))
            case I.ROADMAP:
                assert role is not None
                return Reply("roadmap", await self._roadmap(role, have))
            case I.PROJECTS:
                return Reply("projects", await self._projects(user, s, role, have))
        return Reply("unknown")

    async def _set_profile(self, user: User, s: Slots) -> Reply:
        timezone = None
        if s.location:
            place = load_gazetteer().find(s.location)
            timezone = place.timezone if place else None
        await self.profiles.set_profile(
            user, role=s.role, location=s.location, level=s.level, timezone=timezone
        )
        queued = False
        if s.role or s.location:
            role = s.role or user.target_role
            if role:
                queued = await self.request_if_sparse(role, user.location)
        return Reply(
            "profile_set", {"profile": _profile(user), "changed": s.to_dict(), "queued": queued}
        )

    async def _queue_if_sparse(self, data: dict[str, Any], role: str, location: str | None) -> None:
        if data.get("too_little") or "widened_from" in data:
            data["queued"] = await self.request_if_sparse(role, location)

    async def _roadmap(self, role: str, have: list[str]) -> dict[str, Any]:
        demand, postings = await self.market.demand(role)
        roadmap = build_roadmap(demand, have)
        stages = [
            [
                {
                    "skill": step.skill,
                    "demand": round(step.demand * 100),
                    "hours": step.hours,
                    "done": step.done,
                    "resources": [
                        {"title": r.title, "url": r.url, "type": r.type, "free": r.free}
                        for r in step.resources
                    ],
                }
                for step in stage
            ]
            for stage in roadmap.stages
        ]
        return {
            "role": role,
            "postings": postings,
            "stages": stages,
            "hours_left": roadmap.hours_left,
            "too_little": postings < 10,
        }

    async def _projects(
        self, user: User, s: Slots, role: str | None, have: list[str]
    ) -> dict[str, Any]:
        missing: list[str] = []
        if role:
            shares, _ = await self.market.demand(role)
            missing = [
                k
                for k, v in sorted(shares.items(), key=lambda kv: -kv[1])
                if v >= 0.1 and k not in have
            ]
        level = s.level or user.experience_level
        ideas = suggest_projects(level=level, missing=missing, requested=s.skills or (), role=role)
        return {
            "role": role,
            "level": level or "junior",
            "requested": list(s.skills or ()),
            "projects": [
                {
                    "title": p.title,
                    "level": p.level,
                    "skills": list(p.skills),
                    "goal": p.goal,
                    "steps": list(p.steps),
                    "hours": p.hours,
                    "practises": sorted(set(p.skills) & (set(missing) | set(s.skills or ()))),
                }
                for p in ideas
            ],
        }


def _wider(location: str | None) -> list[str | None]:
    """Where to look when a place has too few postings: its country, then everywhere."""
    if not location:
        return []
    place = load_gazetteer().find(location)
    if place is not None and place.kind == "city" and place.country:
        return [place.country, None]
    return [None]


def _intent_from(stored: dict[str, Any]) -> Intent:
    slots = dict(stored.get("slots") or {})
    if "skills" in slots:
        slots["skills"] = tuple(slots["skills"])
    return Intent(IntentName(stored["intent"]), 1.0, Slots(**slots))


def _label(intent: Intent) -> str:
    """The words an answer may use to pick an option: its intent and role."""
    return f"{intent.name.value.replace('_', ' ')} {intent.slots.role or ''}"


def _merge(previous: dict[str, Any], new: Slots) -> Slots:
    merged = {**previous, **new.to_dict()}
    if "skills" in merged:
        merged["skills"] = tuple(merged["skills"])
    return Slots(**merged)


def _profile(user: User) -> dict[str, Any]:
    return {
        "role": user.target_role,
        "location": user.location,
        "level": user.experience_level,
        "skills": len(user.skills),
    }
