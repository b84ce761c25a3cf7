"""Market analytics over stored postings: skill gap, trends, pay, places, matching jobs."""
