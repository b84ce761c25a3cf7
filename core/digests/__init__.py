"""Daily market digests: what they say, when they are due, delivering each exactly once."""
