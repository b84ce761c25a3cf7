"""The `career-bot` command, run as a separate process the way a person runs it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def bot_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MONGODB_", "TELEGRAM_", "DISCORD_", "THEIR_STACK_"))
    }
    env.update(extra or {})
    return env


def career_bot(
    *args: str, stdin: str = "", timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=bot_env(env),
        cwd=ROOT,
        check=False,
    )


def test_version_and_help() -> None:
    assert career_bot("--version").stdout.startswith("career-bot ")
    out = career_bot("--help").stdout
    for command in ("run", "chat", "parse"):
        assert command in out


def test_parse_prints_the_contract_json() -> None:
    result = career_bot("parse", "I know Python and k8s")
    assert result.returncode == 0
    parsed = json.loads(result.stdout)
    assert parsed["intent"] == "add_skills"
    assert parsed["slots"] == {"skills": ["Python", "Kubernetes"]}
    assert 0 < parsed["confidence"] <= 1


def test_parse_jsonl_keeps_order_and_flags_bad_lines(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "my skills"}\nnot json\n{"text": "remove sql"}\n')
    result = career_bot("parse", "--jsonl", str(source))
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("intent") for r in rows] == ["show_skills", None, "remove_skills"]
    assert "line 2" in rows[1]["error"]


def test_unreachable_database_is_one_clear_line_not_a_traceback() -> None:
    result = career_bot(
        "chat", timeout=30, env={"MONGODB_URI": "mongodb://user:pw-secret@127.0.0.1:1/"}
    )
    assert result.returncode == 2
    assert "Cannot reach the MongoDB at 127.0.0.1:1" in result.stderr
    assert "Traceback" not in result.stderr and "pw-secret" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_setting_stops_start_up_with_one_line() -> None:
    result = career_bot("run", env={"JOB_COLLECTION_SCHEDULE": "every day"})
    assert result.returncode == 2
    assert result.stderr.startswith("career-bot: Invalid setting JOB_COLLECTION_SCHEDULE:")
    assert "Traceback" not in result.stderr


def test_chat_on_a_configured_database_persists_across_restarts(
    mongo_uri: str, fresh_db_name: str
) -> None:
    env = {"MONGODB_URI": mongo_uri, "MONGODB_DB": fresh_db_name, "USER": "cli-ann"}
    first = career_bot("chat", stdin="I know Python, SQL and postgres\n/quit\n", env=env)
    assert first.returncode == 0, first.stderr
    assert "Added Python, SQL and PostgreSQL." in first.stdout
    second = career_bot("chat", stdin="my skills\n", env=env)
    assert "• PostgreSQL" in second.stdout


def _ferretdb_processes(data_dir: Path) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "ferretdb-local" in cmdline and str(data_dir) in cmdline:
            pids.append(int(proc.name))
    return pids


def test_local_database_starts_keeps_data_and_stops_with_the_chat(tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path), "USER": "local-ann"}
    first = career_bot("chat", stdin="I know Go and gRPC\n", env=env)
    assert first.returncode == 0, first.stderr
    assert "Added Go and gRPC." in first.stdout
    assert _ferretdb_processes(tmp_path) == []
    second = career_bot("chat", stdin="my skills\n", env=env)
    assert "• Go" in second.stdout and "• gRPC" in second.stdout
    assert _ferretdb_processes(tmp_path) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_chat_and_its_local_database(
    tmp_path: Path, sig: signal.Signals
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=bot_env({"DATA_DIR": str(tmp_path)}),
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        assert "Career Navigator" in proc.stdout.readline()
        assert _ferretdb_processes(tmp_path)
        proc.send_signal(sig)
        proc.wait(timeout=20)
        assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")
        deadline = time.monotonic() + 10
        while _ferretdb_processes(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _ferretdb_processes(tmp_path) == []
    finally:
        proc.kill()
        proc.wait()


def test_extract_prints_canonical_skills_and_leaves_everyday_words() -> None:
    result = career_bot("extract", "Experience with Go, gRPC and k8s; R&D background")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"skills": ["Go", "gRPC", "Kubernetes"]}


def test_extract_jsonl_answers_line_by_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Python and postgres"}\n{"text": "ready to go"}\n')
    result = career_bot("extract", "--jsonl", str(source))
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [{"skills": ["Python", "PostgreSQL"]}, {"skills": []}]
