"""The maintenance commands: collect, cleanup, reextract."""

from __future__ import annotations

from bot.errors import CommandError
from bot.market import Market, NoApiKeyError
from bot.progress import progress_bar, stderr
from bot.settings import Settings
from bot.storage import open_storage
from core.collection.cleanup import remove_old_postings
from core.collection.collector import Target
from core.collection.reextract import reextract as reextract_postings
from core.collection.reextract import stale_count
from core.extraction.extractor import SkillExtractor
from core.places import load_gazetteer
from core.taxonomy import load_taxonomy


def _resolve(role: str | None, location: str | None) -> tuple[str | None, str | None]:
    if role is not None:
        found = load_taxonomy().find_role(role)
        if found is None:
            raise CommandError(f"unknown role {role!r}; see core/taxonomy/data/roles.yaml")
        role = found.name
    if location is not None:
        place = load_gazetteer().find(location)
        if place is None:
            raise CommandError(f"unknown place {location!r}")
        location = place.name
    return role, location


async def collect(settings: Settings, role: str | None, location: str | None, dry_run: bool) -> int:
    """`career-bot collect`: one collection run with a progress bar and a summary."""
    role, location = _resolve(role, location)
    market = Market(settings)
    try:
        market.client()  # fail before opening the database when there is no key
    except NoApiKeyError as exc:
        raise CommandError(str(exc)) from None
    async with open_storage(settings):
        try:
            targets = await market.targets(role, location)
            with progress_bar() as bar:
                tasks = {
                    t: bar.add_task(t.key.replace("|", " in ").removesuffix(" in "), total=None)
                    for t in targets
                }

                def advance(target: Target, fetched: int) -> None:
                    bar.update(tasks[target], completed=fetched)

                run = await market.collect(
                    targets, trigger="manual", dry_run=dry_run, progress=advance
                )
        finally:
            await market.close()
    verb = "would store" if dry_run else "stored"
    searches = f"{len(targets)} search{'' if len(targets) == 1 else 'es'}"
    stderr.print(
        f"Collection {run.status}: {searches}, {run.fetched} postings fetched, "
        f"{verb} {run.new} new and {run.updated} updated, {run.credits_used} credits used.",
        soft_wrap=True,
    )
    for error in run.errors:
        stderr.print(f"  error: {error}", soft_wrap=True, markup=False)
    return 0 if run.status == "succeeded" else 1


async def cleanup(settings: Settings) -> int:
    """`career-bot cleanup`: remove postings past the retention period."""
    async with open_storage(settings):
        with stderr.status(f"Removing postings older than {settings.job_data_retention_days} days"):
            removed = await remove_old_postings(settings.job_data_retention_days)
    stderr.print(
        f"Removed {removed} postings older than {settings.job_data_retention_days} days.",
        soft_wrap=True,
    )
    return 0


async def reextract(settings: Settings) -> int:
    """`career-bot reextract`: bring every posting's skills up to the current extractor."""
    async with open_storage(settings):
        total = await stale_count()
        if total == 0:
            stderr.print(
                "Every posting is up to date with the current taxonomy and extractor.",
                soft_wrap=True,
            )
            return 0
        extractor = SkillExtractor()
        with progress_bar() as bar:
            task = bar.add_task("Re-extracting skills", total=total)
            done = await reextract_postings(extractor, lambda n: bar.update(task, completed=n))
    stderr.print(f"Re-extracted skills of {done} postings.", soft_wrap=True)
    return 0
