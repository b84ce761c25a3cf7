"""Learning: resources per skill, project ideas, and roadmaps built from a skill gap."""
