"""Finding the skills a job posting asks for, in its text and its technology tags."""
