"""Runs the generated Keras or PyTorch scripts of every case and checks what they print against
the core's own numbers (cases.json, written by `cargo run --example script_cases`).

    python check_scripts.py CASES_DIR keras|pytorch [--results FILE] [--table FILE]

Every script runs in this one process (importing Keras and JAX, or PyTorch, once), its output
captured. An exact-mode script must print the page's numbers:

- the step-0 layer lines: one per layer, each activation spread and gradient norm within 1e-4
  relative of the core's layer statistics (both exactly 0 where the core's is);
- the loss history: a "step N loss X" line for each of the core's points, X within 1e-3
  relative of the core's loss (1e-4 absolute below 0.1), a loss that is not finite where the
  core's is not, and no point past the step where the core's run diverged; a chaotic run (one
  with a horizon: the core itself departs from its own history there when started one ulp
  away) is held to this up to the step before its horizon only;
- the whole-set losses at the end within 1e-3 (as the losses), the accuracies within 0.01,
  unless the run is chaotic.

An in-kind script draws its own data and weights, so it must only run to the end, print a layer
line per layer and a loss line per step (or stop where its run diverged), and tell the same
story at step 0: each layer's activation spread within a factor of 10 of the core's (both below
1e-30, e.g. zero init, counts as the same).

The case marked expectMismatch (the control: a script whose numbers are not the ones given)
passes only when its exact-mode check finds a mismatch: a check that compared nothing would
pass everything but it.

Each case's verdict is a line "pass ..." or "fail ..." (also written to --results); --table
writes a Markdown table of each case's largest errors.
"""

import argparse
import contextlib
import io
import json
import math
import os
import re
import runpy
import sys
import time
import traceback
from pathlib import Path

LOSS_TOLERANCE = 1e-3  # relative, with losses below LOSS_FLOOR compared absolutely
LOSS_FLOOR = 0.1
LAYER_TOLERANCE = 1e-4  # relative: "the same to four digits"
ACCURACY_TOLERANCE = 0.01
IN_KIND_FACTOR = 10.0
TINY = 1e-30

LAYER = re.compile(r"^(?:layer (\d+)|output): activation std (\S+), gradient norm (\S+)$")
STEP = re.compile(r"^step (\d+) loss (\S+)$")
FINAL = re.compile(r"^(train|test) loss (\S+), \1 accuracy (\S+)$")


def parse(output):
    """The layer lines, the step lines ({step: loss}) and the final lines of a script's output."""
    layers, steps, final = [], {}, {}
    for line in output.splitlines():
        if m := LAYER.match(line):
            layers.append((float(m.group(2)), float(m.group(3))))
        elif m := STEP.match(line):
            steps[int(m.group(1))] = float(m.group(2))
        elif m := FINAL.match(line):
            final[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    return layers, steps, final


def loss_error(got, want):
    """|got - want| relative to want, absolute below LOSS_FLOOR; 0 when both are not finite."""
    if want is None:
        return 0.0 if not math.isfinite(got) else math.inf
    if not math.isfinite(got):
        return math.inf
    return abs(got - want) / max(abs(want), LOSS_FLOOR)


def layer_error(got, want):
    """|got - want| relative to want; 0 when both are 0, infinite when only one is."""
    if want == 0.0 or got == 0.0:
        return 0.0 if got == want else math.inf
    return abs(got - want) / abs(want)


def check_exact(case, layers, steps, final):
    """Problems of an exact-mode script's output, and its largest errors."""
    problems = []
    horizon = case["horizon"]
    if len(layers) != len(case["layers"]):
        problems.append(f"{len(layers)} layer lines for {len(case['layers'])} layers")
    layer_err = 0.0
    for i, ((std, norm), want) in enumerate(zip(layers, case["layers"])):
        for name, got, w in ("activation std", std, want["activationStd"]), (
            "gradient norm",
            norm,
            want["gradientNorm"],
        ):
            e = layer_error(got, w)
            layer_err = max(layer_err, e)
            if e > LAYER_TOLERANCE:
                problems.append(f"layer {i + 1} {name} {got:.6g}, the core's {w:.6g}")
    loss_err, compared = 0.0, 0
    for step, want in case["losses"]:
        if horizon is not None and step >= horizon:
            break
        if step not in steps:
            problems.append(f"no loss printed at step {step}")
            break
        e = loss_error(steps[step], want)
        loss_err, compared = max(loss_err, e), compared + 1
        if e > LOSS_TOLERANCE:
            problems.append(f"step {step} loss {steps[step]:.6g}, the core's {want}")
            break
    overall = max(
        (loss_error(steps[step], want) if step in steps else math.inf)
        for step, want in case["losses"]
    ) if case["losses"] else 0.0
    last = case["losses"][-1][0] if case["losses"] else 0
    if horizon is None and any(step > last for step in steps):
        problems.append(f"losses printed past step {last}, where the core's run stopped")
    final_err = 0.0
    if horizon is None:
        want = case["final"]
        for name, (loss_key, accuracy_key) in (
            ("train", ("trainLoss", "accuracy")),
            ("test", ("testLoss", "testAccuracy")),
        ):
            if name not in final:
                problems.append(f"no {name} loss printed")
                continue
            loss, accuracy = final[name]
            e = loss_error(loss, want[loss_key])
            final_err = max(final_err, e)
            if e > LOSS_TOLERANCE:
                problems.append(f"{name} loss {loss:.6g}, the core's {want[loss_key]}")
            w = want[accuracy_key]
            if w is not None and not abs(accuracy - w) <= ACCURACY_TOLERANCE:
                problems.append(f"{name} accuracy {accuracy:.4g}, the core's {w:.4g}")
    return problems, {"loss": loss_err, "compared": compared, "layers": layer_err,
                      "final": final_err, "overall": overall}


def check_in_kind(case, layers, steps, final):
    """Problems of an in-kind script's output, and its largest factor from the core's spreads."""
    problems = []
    if len(layers) != len(case["layers"]):
        problems.append(f"{len(layers)} layer lines for {len(case['layers'])} layers")
    factor = 1.0
    for i, ((std, _), want) in enumerate(zip(layers, case["layers"])):
        w = want["activationStd"]
        if std < TINY and w < TINY:
            continue
        f = max(std, TINY) / max(w, TINY)
        factor = max(factor, f, 1 / f)
        if not 1 / IN_KIND_FACTOR <= f <= IN_KIND_FACTOR:
            problems.append(f"layer {i + 1} activation std {std:.4g}, the core's {w:.4g}")
    printed = sorted(steps)
    diverged = printed and not math.isfinite(steps[printed[-1]])
    if printed != list(range(1, len(printed) + 1)) or not (
        len(printed) == case["steps"] or diverged
    ):
        problems.append(f"loss lines for steps {printed[:3]}...{printed[-3:]}")
    if set(final) != {"train", "test"}:
        problems.append("no whole-set losses printed")
    return problems, {"factor": factor}


def run_script(path, framework):
    """Runs a script as __main__ in this process; its output, or the exception it raised."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(str(path), run_name="__main__")
    except Exception:  # noqa: BLE001 - any failure of the script is the verdict
        return out.getvalue(), traceback.format_exc(limit=-3)
    finally:
        if framework == "keras":
            import keras

            keras.backend.clear_session()
    return out.getvalue(), None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", type=Path)
    parser.add_argument("framework", choices=["keras", "pytorch"])
    parser.add_argument("--results", type=Path)
    parser.add_argument("--table", type=Path)
    parser.add_argument("--only", help="run the cases whose name contains this")
    args = parser.parse_args()
    if args.framework == "pytorch" or os.environ.get("KERAS_BACKEND") == "torch":
        import torch

        # Networks this small gain nothing from threads, and lose much to a busy machine.
        torch.set_num_threads(1)
    cases = json.loads((args.cases / "cases.json").read_text())
    if args.only:
        cases = [c for c in cases if args.only in c["name"]]
    verdicts, rows = [], []
    started = time.monotonic()
    for case in cases:
        name, mode = case["name"], case["mode"]
        path = args.cases / f"{name}.{args.framework}.py"
        t0 = time.monotonic()
        output, error = run_script(path, args.framework)
        layers, steps, final = parse(output)
        if error:
            problems, errors = [f"raised:\n{error}"], {}
        elif mode == "exact":
            problems, errors = check_exact(case, layers, steps, final)
            if case.get("expectMismatch"):
                problems = [] if problems else ["the control's wrong numbers went unnoticed"]
        else:
            problems, errors = check_in_kind(case, layers, steps, final)
        seconds = time.monotonic() - t0
        what = f"{args.framework} {mode} {name} ({seconds:.1f} s)"
        if problems:
            verdict = f"fail {what}: " + "; ".join(problems)
        else:
            shown = ", ".join(f"{k} {v:.2g}" for k, v in errors.items())
            verdict = f"pass {what}: {shown}"
        print(verdict, flush=True)
        verdicts.append(verdict.splitlines()[0])
        rows.append((case, errors, not problems))
    failed = sum(v.startswith("fail") for v in verdicts)
    print(f"{len(verdicts) - failed} passed, {failed} failed in {time.monotonic() - started:.0f} s")
    if args.results:
        args.results.write_text("".join(v + "\n" for v in verdicts))
    if args.table:
        args.table.write_text(table(rows, args.framework))
    return 1 if failed else 0


def table(rows, framework):
    """A Markdown table of the exact-mode cases: largest errors, horizon, verdict."""
    lines = [
        f"| case ({framework}) | largest loss error | steps compared | largest layer error "
        "| horizon | largest loss error, every step | verdict |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for case, errors, ok in rows:
        if case["mode"] != "exact":
            continue
        horizon = case["horizon"] if case["horizon"] is not None else "none"
        lines.append(
            f"| {case['name']} | {errors.get('loss', math.nan):.1e} | "
            f"{errors.get('compared', 0)} | {errors.get('layers', math.nan):.1e} | {horizon} | "
            f"{errors.get('overall', math.nan):.1e} | {'pass' if ok else 'fail'} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
