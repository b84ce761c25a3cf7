"""Phrases that vote for an intent, matched on lower-cased text.

Weights: 3 settles it alone, 2 is a clear cue, 1 a hint that needs support. The table is
about wording, not sentences: each line names a way of asking, so it generalises to
messages it has never seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.intents import IntentName as I


@dataclass(frozen=True, slots=True)
class Cue:
    """A phrase that votes for an intent."""

    intent: I
    pattern: re.Pattern[str]
    weight: float


def _cue(intent: I, pattern: str, weight: float = 2.0) -> Cue:
    return Cue(intent, re.compile(pattern), weight)


ROLE_WORDS = r"(jobs?|roles?|positions?|openings?|postings?|vacanc(y|ies)|work|careers?)"

CUES: tuple[Cue, ...] = (
    # help
    _cue(
        I.HELP,
        r"^(/?help|/start|hi+|hello+|hey+|hiya|yo|howdy|greetings|good (morning|afternoon|"
        r"evening)|start|menu|commands|hallo|hola)( there| bot| all| everyone| friend)?"
        r"\b[\s!.?👋🙂😊]*$",
        3.5,
    ),
    _cue(
        I.HELP,
        r"\bwhat (can|do) (you|u|this bot) do\b|\bhow (does|do) (this|the|you)\b.*\bwork"
        r"|\bwhat are you\b|\bwhat is this( bot)?\b|\bhow do i use\b|\bwhat are your (features|"
        r"commands)\b|\b(show|list) (me )?(the )?commands\b",
        3,
    ),
    # show_skills
    _cue(I.SHOW_SKILLS, r"^/skills\s*$", 3.5),
    _cue(I.SHOW_SKILLS, r"\bmy (current )?(skills|skill set|skillset|profile|stack)\b", 1.2),
    _cue(
        I.SHOW_SKILLS,
        r"\b(show|list|display|view|see|check|what are|what's|whats|what is|which)"
        r"\b.*\b(skills?|profile)\b",
        1.2,
    ),
    _cue(
        I.SHOW_SKILLS,
        r"\b(saved|stored|added|have|know) (for|about) me\b|\bdid i add\b"
        r"|\bskills (have|did) (i|you) (got |get )?(saved|stored|added|recorded)\b"
        r"|\bon my profile\s*\?|^do i have\b.*\b(profile|skills|list)\b|\bwhat do you know "
        r"about my skills\b",
        1.6,
    ),
    # add_skills
    _cue(
        I.ADD_SKILLS,
        r"\b(i|we) (also |already |really |actually |do |mostly |mainly )?(know|use|"
        r"used|master|speak|write|code in|program in)\b|\bi'?ve been (using|working with|coding in|"
        r"writing|doing|learning)\b|\bi'?m (using|coding in|working with)\b"
        r"|\bi'?ve (used|worked with|learned|learnt|got|mastered|picked up|done)\b"
        r"|\bi have (used|worked with|learned|learnt)\b"
        r"|\bi have ([\w-]+ ){0,3}(experience|knowledge|skills?|background)\b"
        r"|\bi (worked|work) with\b|\bi (learned|learnt|picked up|studied|finished|completed)\b"
        r"|\b(i'?m|i am) (pretty |very |quite |really |an? )?(good|skilled|proficient|fluent|"
        r"experienced|expert|comfortable|familiar|strong)\b|\bexperience (in|with)\b"
        r"|\bfamiliar with\b|\bi can (code|program|write|use)\b|\bmy stack (is|includes)\b"
        r"|^skills?\s*:",
        2,
    ),
    _cue(
        I.ADD_SKILLS,
        r"^(please )?(add|put|save|include|record|track)\b"
        r"|\b(add|put|save|include)\b.*\b(to|on|in)(to)? my (skills|profile|list|skill set)\b",
        2.6,
    ),
    # remove_skills
    _cue(
        I.REMOVE_SKILLS,
        r"\b(remove|delete|drop|erase|untick|unlist|strike)\b"
        r"|\btake\b.*\boff\b|\bget rid of\b",
        2.6,
    ),
    _cue(
        I.REMOVE_SKILLS,
        r"\bno longer (use|know|work with|do|need)\b|\bnot\b.*\banymore\b"
        r"|\bstopped using\b|\bdon'?t use\b.*\b(anymore|any more|now)\b",
        2.2,
    ),
    # skill_gap
    _cue(I.SKILL_GAP, r"^/gap\b", 4),
    _cue(I.SKILL_GAP, r"\b(missing|lacking|lack|gaps?|shortfall)\b", 2.6),
    _cue(
        I.SKILL_GAP,
        r"\b(am i|are my skills) (ready|qualified|a (good )?(fit|match))\b|\bhow "
        r"(close|far)( away)? am i\b|\bcompare (me|my (profile|skills))\b|\bhow do i (compare|"
        r"stack up|measure up)\b|\bmatch (me|my (profile|skills))\b",
        3,
    ),
    _cue(
        I.SKILL_GAP,
        r"\b(what|which) skills do i (need|require)\b|\bskills (do i need|needed|"
        r"required) (for|to)\b|\bwhat do i need (for|to (be|become|get|land))\b",
        2.4,
    ),
    # trending
    _cue(I.TRENDING, r"^/trend(ing|s)?\b", 4),
    _cue(
        I.TRENDING,
        r"\b(trending|trend|trends|hot|hottest|rising|growing|booming|emerging|"
        r"up-and-coming|surging|soaring|gaining|taking off|on the rise|picking up)\b|🔥|📈",
        2.4,
    ),
    _cue(
        I.TRENDING,
        r"\bin[- ]demand\b|\b(most|more) (wanted|requested|sought|asked)\b|\bmore and "
        r"more\b|\btop (\d+ )?(skills|technologies|tech|tools|frameworks|languages)\b|\bpopular\b"
        r"|\bdemand for\b|\bemployers (want|are asking|ask)\b",
        2.2,
    ),
    # roadmap
    _cue(I.ROADMAP, r"^/roadmap\b", 4),
    _cue(
        I.ROADMAP,
        r"\b(road ?map|learning (plan|path)|study plan|curriculum|syllabus|learning "
        r"route)\b",
        3,
    ),
    _cue(
        I.ROADMAP,
        r"\bhow (do|can|should|would) i (get|become|go|transition|move|switch|break)\b"
        r"|\bwhat should i (learn|study|focus on)\b|\b(learn|study) (next|first)\b|\bwhere (do|"
        r"should) i start\b|\b(what|which) order\b|\bstep[- ]by[- ]step\b|\bpath (to|into|"
        r"towards)\b|\b(which|what) (courses|resources|books|tutorials)\b|\bhow to (become|get "
        r"into|break into)\b|\bguide me\b|\b(courses|resources|books|tutorials|materials) (to|"
        r"for)\b",
        2.4,
    ),
    _cue(I.ROADMAP, r"\b(to|for) (become|becoming|get into|getting into)\b", 1.2),
    # projects
    _cue(I.PROJECTS, r"^/projects?\b", 4),
    _cue(I.PROJECTS, r"\bprojects?\b", 2.4),
    _cue(
        I.PROJECTS,
        r"\bwhat (can|could|should) i build\b|\bsomething to build\b|\bhands[- ]on "
        r"(ideas?|practice|exercises?)\b|\bpractice ideas?\b|\bportfolio\b",
        2.4,
    ),
    # salary
    _cue(I.SALARY, r"^/(salary|salaries|pay)\b", 4),
    _cue(
        I.SALARY,
        r"\b(salary|salaries|pay|paid|payscale|compensation|wages?|income|earn|earns|"
        r"earning|remuneration|comp)\b|💰|💵",
        3,
    ),
    _cue(I.SALARY, r"\bhow much (can|do|does|would|will|could)\b.*\b(make|get|earn)\b", 3),
    # jobs
    _cue(I.JOBS, r"^/jobs?\b", 4),
    _cue(
        I.JOBS,
        r"\b(jobs?|openings?|vacanc(y|ies)|postings?|job ads?|listings?|opportunit(y|ies))\b"
        r"|\bopen (positions?|roles?|reqs?)\b",
        1.6,
    ),
    _cue(
        I.JOBS,
        r"\b(who is|who's|whos|companies|anyone) hiring\b|\blooking for (a |an )?(job|"
        r"work|position|role)\b|\bfind me (a |an )?\w*\s*(job|role|position)\b|\bshow me\b.*\b"
        r"(roles|positions|jobs)\b|\bmatching my profile\b|\bapply (to|for)\b",
        2.2,
    ),
    # top_locations
    _cue(I.TOP_LOCATIONS, r"^/locations?\b", 4),
    _cue(
        I.TOP_LOCATIONS,
        r"\bwhere (are|is)\b.*\b(jobs?|openings?|demand|hiring|most|roles?|"
        r"positions?|work|opportunities)\b|\bwhere (should|could|can|would) i (move|relocate|go|"
        r"live|look)\b|\b(which|what|top|best) (cities|city|countries|country|places|regions|"
        r"locations)\b|\btop locations?\b|\bin which (cities|countries|places)\b|\bwhere\b.*"
        r"\b(most|in demand|hiring)\b",
        3,
    ),
    # set_profile
    _cue(
        I.SET_PROFILE,
        r"\bi(?: want|'d like|'d love| would like| would love| hope| plan| aim)"
        r" to (become|be|work as|move into|get into|switch to)\b|\bmy (goal|target|dream|aim) is\b"
        r"|\b(set|change|"
        r"update|make) my (target|role|goal|level|location|city|country|seniority)\b|\btarget role"
        r"\b",
        2.4,
    ),
    _cue(
        I.SET_PROFILE,
        r"\bi(?: live|'m based| am based| work|'m located| am located| reside) in\b"
        r"|\bi(?: just| recently|'ve| have)? (moved|relocated|am moving|'m moving) to\b|\bbased "
        r"(in|out of)\b|\bi'?m from\b",
        2.4,
    ),
    _cue(
        I.SET_PROFILE,
        r"^(i'?m|i am) (a |an )?(junior|senior|mid|mid-level|entry-level|"
        r"intermediate|lead|staff|principal|graduate|beginner|student)\b",
        2.4,
    ),
    # digest_on / digest_off
    _cue(I.DIGEST_ON, r"^/digest\b", 3),
    _cue(
        I.DIGEST_ON,
        r"\b(digest|daily (summary|update|report|email|message)|morning (summary|"
        r"update|briefing|report)|newsletter)\b",
        2.2,
    ),
    _cue(
        I.DIGEST_ON,
        r"\bsubscribe\b|\b(send|give) me\b.*\b(daily|every (day|morning))\b|\bturn "
        r"on\b|\benable\b|\bevery (day|morning|evening) at\b",
        1.8,
    ),
    _cue(
        I.DIGEST_OFF,
        r"\bunsubscribe\b|\b(stop|disable|cancel|pause|mute|end)\b.*\b(digest|"
        r"summary|subscription|messages|updates|notifications|emails)\b|\bturn off\b|\bno more\b"
        r"|\bdon'?t (want|need|send)\b.*\b(digest|summary|messages|updates|anymore)\b",
        3.2,
    ),
    # delete_data
    _cue(
        I.DELETE_DATA,
        r"^/(forget|delete)\b|\bforget (me|about me|everything|all)\b|\b(delete|"
        r"erase|wipe|remove|purge|clear)\s+(all\s+(of\s+)?)?(my|the)\s+(data|account|profile|info|"
        r"information|history|details)\b|\b(delete|erase|wipe|remove|purge|clear)\s+everything\b"
        r"|\beverything you (know|have|store|kept)\b|\bfull reset\b|\breset (my )?(profile|"
        r"account|everything)\b|\bstart (over|from scratch)\b",
        4,
    ),
    # link_account
    _cue(I.LINK_ACCOUNT, r"^/?link\b", 3.5),
    _cue(
        I.LINK_ACCOUNT,
        r"\b(link|connect|merge|sync) (my |the )?(discord|telegram|other|two )?"
        r"\s*(account|accounts|profiles?)\b|\blink(ing)? code\b|\bcode (is|from)\b|\bfrom the "
        r"other (bot|platform|app)\b",
        3.5,
    ),
    # unknown: things the bot is not for, even when they name a skill, role or place
    _cue(
        I.UNKNOWN,
        r"^(what|who) (is|are|was) (a |an |the )?[\w .#+-]{1,40}\??$|\bwhat does "
        r"(a|an|the)? ?[\w .#+-]+ (actually )?do\b|\bwhat'?s the difference between\b",
        2.2,
    ),
    _cue(
        I.UNKNOWN,
        r"\b(weather|joke|football|soccer|recipe|capital of|cover letter|write my|"
        r"my cv|my resume|résumé|debug my|fix my code|homework|movie|song)\b",
        3,
    ),
    _cue(
        I.UNKNOWN,
        r"^(thanks?|thank you|thx|ty|ok(ay)?|cool|nice|great|lol|haha|bye|good ?bye|"
        r"cheers|👍|🙏)\b[\s!.]*$",
        3.5,
    ),
)
