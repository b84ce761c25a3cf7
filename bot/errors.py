"""Errors that end a command with one line for the person who ran it."""


class CommandError(Exception):
    """A command cannot do what was asked; the message says why."""
