"""People: their profiles, platform identities and the operations on them."""
