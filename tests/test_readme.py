"""The README's first commands are the newcomer contract: CI must run exactly them."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = text.split("```bash", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def test_readme_opens_with_setup_main_job_and_tests():
    commands = readme_commands()
    assert len(commands) == 3  # set up, main job, tests
    assert (ROOT / commands[0].split()[-1]).exists(), commands[0]
    assert "summarize" in commands[1] and "pytest" in commands[2]


def test_ci_runs_the_readme_commands():
    """.ci/run reads the README's block itself; check it parses the same three commands."""
    ci = (ROOT / ".ci" / "run").read_text()
    script = ci.split("<<'PY'\n", 1)[1].split("\nPY\n", 1)[0]
    out = subprocess.run(["python3", "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == readme_commands()
    assert 'bash -c "${CMDS[0]}"' in ci and 'bash -c "${CMDS[1]}"' in ci and 'bash -c "${CMDS[2]}"' in ci
