"""Writes BBC articles from ../shared as contract JSONL for the Spark test and benchmark.

    python3 spark/make_input.py ../shared/data/corpus/bbc/news OUT.jsonl [--limit N] [--seed FILE]

The BBC files carry no date, URL or outlet. So that the run exercises what the aggregation depends on,
each article gets, from its position in sorted path order, a publication date among fourteen days
around the turn of March and April 2005, so that several articles share a day and events are aggregated
across them (every fifth article none: undated events aggregate within their article only), and a URL on
one of two hosts or an outlet name (distinct sources). With --limit, articles are taken at an even stride
so that every section is represented. A few lines test the edges: a copy of an early article under
another id with other spacing (the same text: kept once), a later article reusing an earlier id (skipped),
and a line that is not JSON (reported, skipped). --seed adds the dated seed article, and a second
outlet's version of it (the same report with its own closing line: another text, the same events on the
same day), so that aggregation across articles is always exercised, whatever the BBC articles yield.
"""

import argparse
import datetime
import json
import os


def main():
    p = argparse.ArgumentParser()
    p.add_argument("corpus")
    p.add_argument("out")
    p.add_argument("--limit", type=int)
    p.add_argument("--seed")
    p.add_argument("--no-edges", action="store_true", help="only the articles (for the benchmark)")
    args = p.parse_args()

    paths = sorted(
        os.path.join(d, f) for d, _, files in os.walk(args.corpus) for f in files if f.endswith(".txt")
    )
    if args.limit and args.limit < len(paths):
        stride = len(paths) / args.limit
        paths = [paths[int(i * stride)] for i in range(args.limit)]
    docs = []
    for i, path in enumerate(paths):
        rel = os.path.relpath(path, args.corpus)[: -len(".txt")]
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        doc = {"id": f"bbc/{rel}", "text": text}
        if i % 5 != 4:
            doc["date"] = (datetime.date(2005, 3, 25) + datetime.timedelta(days=i % 14)).isoformat()
        if i % 3 == 0:
            doc["url"] = f"http://news.bbc.co.uk/{rel}.stm"
        elif i % 3 == 1:
            doc["url"] = f"https://www.bbc.com/news/{rel}"
        else:
            doc["source"] = "BBC News"
        docs.append(doc)
    lines = [json.dumps(d, ensure_ascii=False) for d in docs]
    if not args.no_edges and len(docs) > 2:
        copy = dict(docs[1], id="copy-of-" + docs[1]["id"], text="  " + docs[1]["text"].replace(" ", "  "))
        lines.append(json.dumps(copy, ensure_ascii=False))
        lines.append(json.dumps(dict(docs[2], text="Another article under a used id."), ensure_ascii=False))
        lines.append('{"id": "broken", "text": "not closed')
    if args.seed:
        with open(args.seed, encoding="utf-8") as f:
            seed = f.read()
        lines.append(json.dumps({"id": "seed", "date": "2024-03-19", "text": seed}, ensure_ascii=False))
        syndicated = seed.rstrip() + "\n\nThis report was distributed by a second wire service.\n"
        lines.append(
            json.dumps(
                {"id": "seed-syndicated", "date": "2024-03-19", "source": "Second Wire", "text": syndicated},
                ensure_ascii=False,
            )
        )
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
