"""An announcement to everyone reachable, on the platform each of them uses."""

from __future__ import annotations

import logging
from collections import Counter

from core.conversation.replies import Reply
from core.digests.delivery import DigestSender
from core.profiles.models import User

log = logging.getLogger(__name__)


def recipients(users: list[User], platforms: set[str]) -> list[tuple[str, str]]:
    """(platform, account) for each reachable person: their digest platform, else the first."""
    out = []
    for user in users:
        preferred = [i for i in user.identities if i.platform == user.digest.platform]
        for account in [*preferred, *user.identities]:
            if account.platform in platforms:
                out.append((account.platform, account.external_id))
                break
    return out


async def broadcast(senders: dict[str, DigestSender], text: str) -> Counter[str]:
    """Send `text` to every active person; the senders pace themselves within limits."""
    users = await User.find({"active": True}).to_list()
    outcomes: Counter[str] = Counter()
    for platform, account in recipients(users, set(senders)):
        try:
            outcomes[
                await senders[platform].send_digest(account, Reply("broadcast", {"text": text}))
            ] += 1
        except Exception:
            log.exception("broadcast to a %s account failed", platform)
            outcomes["error"] += 1
    log.info("broadcast done: %s", dict(outcomes))
    return outcomes
