"""MongoDB access shared by every part of the core."""
