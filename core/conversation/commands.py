"""Slash commands, the same on every platform, and the intents they stand for."""

from __future__ import annotations

import re

from core.intents import IntentName as I

# name -> description, in the order menus show them (Telegram setMyCommands, Discord).
COMMANDS: dict[str, str] = {
    "start": "Start here: what I can do",
    "help": "What I can do",
    "skills": "Your skills: show, add or remove",
    "gap": "What you lack for your target role",
    "trending": "Skills rising and falling in demand",
    "roadmap": "Your learning plan, step by step",
    "projects": "Hands-on project ideas for your gap",
    "salary": "Pay ranges from job postings",
    "jobs": "Recent postings that match you",
    "locations": "Where the jobs for a role are",
    "digest": "Your daily market digest: on, off, time",
    "settings": "Your profile and settings",
    "forget": "Delete everything stored about you",
    "export": "Download everything stored about you",
    "link": "Link your Telegram and Discord accounts",
}

_SIMPLE = {
    "start": I.HELP,
    "help": I.HELP,
    "gap": I.SKILL_GAP,
    "trending": I.TRENDING,
    "roadmap": I.ROADMAP,
    "projects": I.PROJECTS,
    "salary": I.SALARY,
    "jobs": I.JOBS,
    "locations": I.TOP_LOCATIONS,
    "forget": I.DELETE_DATA,
    "link": I.LINK_ACCOUNT,
}
_OFF = re.compile(r"^(off|stop|no|disable|unsubscribe)\b", re.IGNORECASE)
_REMOVE = re.compile(r"^(remove|delete|drop)\b", re.IGNORECASE)
_ADD = re.compile(r"^add\b", re.IGNORECASE)


def command_intent(command: str, args: str) -> I | None:
    """The intent a command and its argument text stand for; None for unknown commands."""
    if command == "skills":
        if _REMOVE.match(args):
            return I.REMOVE_SKILLS
        if _ADD.match(args) or (args.strip() and args.strip().lower() != "show"):
            return I.ADD_SKILLS
        return I.SHOW_SKILLS
    if command == "digest":
        return I.DIGEST_OFF if _OFF.match(args) else I.DIGEST_ON
    return _SIMPLE.get(command)
