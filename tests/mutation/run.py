"""`make mutation`: mutmut over the core and the parameter layer, against the fast tests.

mutmut names a module from its path under ./ or src/, and the package lives under
functions/, so the run happens in build/mutation: the package staged as
src/planettracker, the tests and pyproject.toml (whose [tool.mutmut] is the run's
configuration) beside it. Each mutant runs in its own process, forked from a server
that has only collected the tests (`process_isolation = "forkserver"`), never from one
that has run them. Survivors judged equivalent (no observable difference) are listed,
each with its reason, in tests/mutation/equivalent.toml: they are counted apart, not in
`total`. Prints module | mutants | killed | score and writes build/mutation.json.

    python tests/mutation/run.py [--max-children N] [MODULE ...]   # e.g. core/visibility.py
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STAGE = ROOT / "build" / "mutation"
PACKAGE = "src/planettracker/"
EQUIVALENT = Path(__file__).with_name("equivalent.toml")
# mutmut's exit codes (mutmut.stats.status_by_exit_code), as this report counts them.
KILLED = {1, 3, 37}  # a test failed (or pytest errored, or the type check caught it)
TIMEOUT = {24, -24, 152, 255, 36, -9}  # out of time or killed for it
TARGET = 0.90
# A mutant can make a loop that appends run for ever (`when += step` as `-=`): capped, it
# fails with MemoryError like any other wrong answer instead of taking the shared
# machine's memory. Each of mutmut's processes gets the cap; each maps about 0.5 GiB.
MEMORY_CAP_BYTES = 4 * 2**30


@dataclass
class Tally:
    killed: int = 0
    survived: int = 0
    timeout: int = 0
    equivalent: int = 0
    survivors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.killed + self.survived + self.timeout

    @property
    def score(self) -> float:
        return (self.killed + self.timeout) / self.total if self.total else 1.0


def configured_modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    return [p.removeprefix(PACKAGE) for p in config["only_mutate"]]


def stage() -> None:
    """Lay out build/mutation afresh: no result of an earlier run is reused."""
    shutil.rmtree(STAGE, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(
        ROOT / "functions" / "planettracker", STAGE / PACKAGE, symlinks=True, ignore=ignore
    )
    shutil.copytree(
        ROOT / "tests", STAGE / "tests", ignore=shutil.ignore_patterns("__pycache__", "browser")
    )
    (STAGE / "infra").mkdir()
    shutil.copy2(ROOT / "infra" / "refresh_time_data.py", STAGE / "infra")
    shutil.copy2(ROOT / "pyproject.toml", STAGE)
    (STAGE / "site").symlink_to(ROOT / "site")  # what the package's site link points to


def function_of(mutant: str) -> str:
    """`planettracker.core.events.x__crossing__mutmut_3` -> `_crossing`;
    `...params.xǁNumberParamǁparse__mutmut_1` -> `NumberParam.parse`."""
    mangled = mutant.rsplit(".", 1)[1].rsplit("__mutmut_", 1)[0]
    if mangled.startswith("xǁ"):
        return ".".join(part for part in mangled[2:].split("ǁ") if part)
    return mangled.removeprefix("x_")


def changed_lines(mutant: str, mutmut: Path) -> tuple[str, str]:
    """The mutant's removed and added source lines, each stripped and joined by newlines."""
    diff = subprocess.run(
        [mutmut, "show", mutant], cwd=STAGE, capture_output=True, text=True, check=True
    ).stdout
    lines = [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    return ("\n".join(line[1:].strip() for line in lines if line[0] == "-"),
            "\n".join(line[1:].strip() for line in lines if line[0] == "+"))  # fmt: skip


def equivalent_cases() -> list[dict[str, str]]:
    cases: list[dict[str, str]] = tomllib.loads(EQUIVALENT.read_text())["equivalent"]
    for case in cases:
        missing = {"module", "function", "original", "mutated", "why"} - case.keys()
        assert not missing, f"{EQUIVALENT.name}: {case} lacks {missing}"
    return cases


def tally(modules: list[str], mutmut: Path) -> tuple[dict[str, Tally], list[dict[str, str]]]:
    cases = equivalent_cases()
    used: set[int] = set()
    tallies: dict[str, Tally] = {}
    for module in modules:
        meta = json.loads((STAGE / "mutants" / (PACKAGE + module + ".meta")).read_text())
        counts = tallies[module] = Tally()
        for mutant, code in sorted(meta["exit_code_by_key"].items()):
            if code in KILLED:
                counts.killed += 1
                continue
            if code in TIMEOUT:
                counts.timeout += 1
                continue
            original, mutated = changed_lines(mutant, mutmut)
            match = next((i for i, c in enumerate(cases)
                          if (c["module"], c["function"], c["original"].strip(), c["mutated"].strip())
                          == (module, function_of(mutant), original, mutated)), None)  # fmt: skip
            if match is None:
                counts.survived += 1
                counts.survivors.append(f"{mutant}\n      - {original}\n      + {mutated}")
            else:
                counts.equivalent += 1
                used.add(match)
    stale = [c for i, c in enumerate(cases) if i not in used and c["module"] in modules]
    return tallies, stale


def report(tallies: dict[str, Tally], stale: list[dict[str, str]]) -> bool:
    print("\n| module | mutants | killed | score | timeout | survived | equivalent |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for module, t in tallies.items():
        print(f"| {module} | {t.total} | {t.killed} | {t.score:.0%} | {t.timeout} | {t.survived} "
              f"| {t.equivalent} |")  # fmt: skip
    for t in tallies.values():
        for survivor in t.survivors:
            print(f"survived, not listed as equivalent: {survivor}")
    for case in stale:
        print(f"listed as equivalent but not a survivor (stale?): {case['module']} "
              f"{case['function']}: {case['mutated']}")  # fmt: skip
    out = ROOT / "build" / "mutation.json"
    modules = {module: {"killed": t.killed, "survived": t.survived, "timeout": t.timeout,
                        "equivalent": t.equivalent, "total": t.total}
               for module, t in tallies.items()}  # fmt: skip
    out.write_text(json.dumps({"modules": modules}, indent=2) + "\n")
    print(
        f"score = (killed + timeout) / mutants; equivalents not counted. Wrote {out.relative_to(ROOT)}"
    )
    return all(t.score >= TARGET and not t.survivors for t in tallies.values())


def cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="paths under functions/planettracker/")
    parser.add_argument("--max-children", type=int, default=2)
    args = parser.parse_args()
    modules = args.modules or configured_modules()
    unknown = set(modules) - set(configured_modules())
    if unknown:
        parser.error(f"not in [tool.mutmut] only_mutate: {sorted(unknown)}")
    mutmut = Path(sys.executable).with_name("mutmut")
    stage()
    names = [f"planettracker.{m.removesuffix('.py').replace('/', '.')}.*" for m in modules]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MUTANT_UNDER_TEST")}
    log = ROOT / "build" / "mutation.log"  # mutmut's own progress, spinners and all
    print(f"mutmut over {', '.join(modules)}, {args.max_children} at a time; log: {log}")
    with log.open("w") as out:
        ran = subprocess.run(
            [mutmut, "run", "--max-children", str(args.max_children), *names],
            cwd=STAGE, env=env, stdout=out, stderr=subprocess.STDOUT, preexec_fn=cap_memory,
        )  # fmt: skip
    if ran.returncode != 0:
        print(log.read_text()[-4000:], file=sys.stderr)
        print(f"mutmut run failed ({ran.returncode})", file=sys.stderr)
        return ran.returncode
    tallies, stale = tally(modules, mutmut)
    met = report(tallies, stale)
    print(
        f"target: {TARGET:.0%} per module, every survivor explained: {'met' if met else 'NOT met'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
