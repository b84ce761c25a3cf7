"""The Telegram surface."""

from adapters.telegram.adapter import TelegramAdapter, identity_of

__all__ = ["TelegramAdapter", "identity_of"]
