"""`rasa data validate`, strict, and the stories checked against the rules.

Any warning of `rasa data validate` fails, except «utterance not used in any story or rule» for
responses that custom actions or channels say (status tables, forms' ask actions, hold phrases) — Rasa
cannot see those. Rasa 3.6's validator compares stories only with each other; the contradictions between
data/stories/ and data/rules/ are found by RulePolicy when the dialogue model trains, so a throw-away
dialogue-only training (a few seconds, nothing written to models/) runs here too.
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNUSED = re.compile(r"The utterance '(\w+)' is not used in any story or rule")
WARNING = re.compile(r"(UserWarning): (.*)")


def said_by_actions() -> set:
    files = [*(ROOT / "actions").rglob("*.py"), *(ROOT / "bot").rglob("*.py")]
    code = "\n".join(p.read_text(encoding="utf-8") for p in files)
    return set(re.findall(r"[\"'](utter_\w+)[\"']", code))


def stories_agree_with_rules() -> bool:
    """RulePolicy refuses to train on a story that contradicts a rule («Contradicting rules or stories found»)."""
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run([str(ROOT / ".venv/bin/rasa"), "train", "core", "--out", out, "--quiet"],
                              cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        print((proc.stdout + proc.stderr)[-3000:], file=sys.stderr)
        print("stories vs rules: the dialogue model does not train (see above)", file=sys.stderr)
        return False
    print("stories vs rules: no contradictions")
    return True


def main() -> int:
    proc = subprocess.run([str(ROOT / ".venv/bin/rasa"), "data", "validate"], cwd=ROOT, capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    used_in_code = said_by_actions()
    problems = []
    for line in output.splitlines():
        match = WARNING.search(line)
        if not match:
            continue
        unused = UNUSED.search(line)
        if unused and unused.group(1) in used_in_code:
            continue
        problems.append(match.group(0))
    # A response said by the form's ask convention (utter_ask_<slot>) is used by the form.
    problems = [p for p in problems if not re.search(r"'utter_ask_\w+' is not used", p)]
    for p in problems:
        print(p)
    if proc.returncode != 0 or problems:
        print(output[-3000:] if proc.returncode != 0 else "", file=sys.stderr)
        print(f"rasa data validate: {len(problems)} problem(s), exit code {proc.returncode}", file=sys.stderr)
        return 1
    print("rasa data validate: clean")
    return 0 if stories_agree_with_rules() else 1


if __name__ == "__main__":
    sys.exit(main())
