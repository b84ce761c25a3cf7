"""The conversation: from a person's message to the answer they get."""
