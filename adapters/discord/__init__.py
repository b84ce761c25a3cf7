"""The Discord surface."""

from adapters.discord.adapter import DiscordAdapter, embeds_for, identity_of

__all__ = ["DiscordAdapter", "embeds_for", "identity_of"]
