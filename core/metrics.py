"""What the service counts, in Prometheus form (served at /metrics by the HTTP server).

Counters live here, beside the code that increments them, so that core and adapters count
without knowing about the HTTP server. Labels are bounded sets (platform, intent, outcome,
job name), never user data.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

MESSAGES = Counter(
    "career_messages_total", "Messages answered, by platform and intent", ["platform", "intent"]
)
REPLY_SECONDS = Histogram(
    "career_reply_seconds",
    "Time from a message to its answer being ready, by platform",
    ["platform"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter("career_errors_total", "Answers that failed, by where", ["where"])
DIGESTS = Counter("career_digests_total", "Digest deliveries, by outcome", ["outcome"])
POSTINGS_COLLECTED = Counter("career_postings_collected_total", "New postings stored")
CREDITS_USED = Counter("career_jobs_api_credits_total", "Jobs-API credits spent")
JOB_RUNS = Counter("career_scheduled_job_runs_total", "Scheduled job runs, by job", ["job"])
RATE_LIMITED = Counter("career_rate_limited_total", "Messages over the per-person limit")
