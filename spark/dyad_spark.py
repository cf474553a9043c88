"""dyad on Apache Spark: code news into events on a cluster, aggregate them across articles, write Parquet.

    spark-submit --files target/release/dyad spark/dyad_spark.py docs.jsonl --out events/

Each partition of documents streams as contract JSONL through one `dyad extract` process on its executor
(the binary embeds its models and dictionaries, so shipping that one file is the whole deployment). The
results are deduplicated across partitions, aggregated across articles and written as the Parquet
datasets of `dyad export --format parquet` (events/, mentions/, entities/, quotes/, partitioned by month),
row for row what `dyad ingest` then `dyad export` give on one machine; only the `date_added` columns, the
time the rows were written, differ. See spark/README.md.

Why a process per partition and not a library call: the binary is the tested artefact, it needs no
Python bindings or JNI build per platform, one process per partition amortises model loading over
thousands of documents, and its exit status and stderr say which input was bad. Why mapPartitions and
not RDD.pipe: pipe() cannot tell a bad line that dyad skipped (exit 3, go on) from a crash (fail the
task), and loses which output belongs to which input line, which the cross-partition deduplication needs.

The aggregation rules (which events aggregate, under which date and id, which mention comes first) are
those of dyad-store (crates/dyad-store/src/insert.rs and export.rs); spark/test_local.sh checks, in CI,
that the two give the same rows.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time

from pyspark import SparkFiles, StorageLevel
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

# ---------------------------------------------------------------------------------------------------------
# Rules mirrored from dyad-store.

FULL_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_full_day(d):
    if not d or not FULL_DAY.match(d):
        return False
    try:
        datetime.date.fromisoformat(d)
        return True
    except ValueError:
        return False


def aggregation_date(event, doc_date):
    """dyad_store::aggregation_date: the event's own full day, else the publication date, else the event's
    partial date, else "" (unknown)."""
    own = event.get("date")
    if own is not None and is_full_day(own):
        return own
    if doc_date:
        return doc_date
    return own or ""


def aggregates(event):
    """Asserted or reported, coded, with at least one coded actor (dyad-store's `aggregates`)."""
    if event.get("negated") or event.get("modality") == "hypothetical" or not event.get("code"):
        return False
    return any((event.get(side) or {}).get("code") for side in ("source", "target"))


def aggregated_event_id(date, source_code, target_code, code, doc_id):
    """dyad_store::aggregated_event_id: FNV-1a 64 of the key, fields ended by 0x1F, top bit cleared."""
    h = 0xCBF29CE484222325
    for field in (date, source_code, target_code, code, doc_id if date == "" else ""):
        for b in field.encode("utf-8") + b"\x1f":
            h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h & 0x7FFFFFFFFFFFFFFF


def f32_decimal(x):
    """The Goldstein score as the codebook writes it: dyad's JSON carries the float32 widened to a double
    (3.4000000953674316); the store keeps the shortest decimal that reads back as that float32 (3.4)."""
    target = struct.pack("<f", x)
    for digits in range(1, 10):
        shortest = float(f"{x:.{digits}g}")
        if struct.pack("<f", shortest) == target:
            return shortest
    return x


def source_of(result):
    """Who published a document: the outlet, else the URL's host, else "" (dyad-store's `source_of`)."""
    if result.get("source"):
        return result["source"]
    url = result.get("url")
    if not url:
        return ""
    rest = url.split("://", 1)[1] if "://" in url else url
    return re.split(r"[/?#]", rest, maxsplit=1)[0].lower()


def month_of(date):
    """The Hive partition of a date: "2005-03", or None (written __HIVE_DEFAULT_PARTITION__)."""
    return date[:7] if date and len(date) >= 7 and date[4] == "-" else None


def day_of(date):
    return datetime.date.fromisoformat(date) if is_full_day(date) else None


# ---------------------------------------------------------------------------------------------------------
# Flattening one extract result into the rows of the datasets.

MENTION_FIELDS = [
    ("event_id", T.LongType()),
    ("agg_date", T.StringType()),
    ("source_code", T.StringType()),
    ("source_name", T.StringType()),
    ("target_code", T.StringType()),
    ("target_name", T.StringType()),
    ("code", T.StringType()),
    ("goldstein", T.DoubleType()),
    ("quad_class", T.IntegerType()),
    ("idx", T.IntegerType()),
    ("sentence", T.IntegerType()),
    ("actor1_offset", T.LongType()),
    ("actor2_offset", T.LongType()),
    ("action_offset", T.LongType()),
    ("trigger", T.StringType()),
    ("modality", T.StringType()),
    ("confidence", T.IntegerType()),
]

ENTITY_FIELDS = [
    ("entity", T.IntegerType()),
    ("name", T.StringType()),
    ("kind", T.StringType()),
    ("actor_code", T.StringType()),
    ("actor_name", T.StringType()),
    ("country", T.StringType()),
    ("num_mentions", T.LongType()),
]

QUOTE_FIELDS = [
    ("quote", T.IntegerType()),
    ("sentence", T.IntegerType()),
    ("start", T.LongType()),
    ("end", T.LongType()),
    ("text", T.StringType()),
    ("kind", T.StringType()),
    ("speaker_text", T.StringType()),
    ("speaker_name", T.StringType()),
    ("cue", T.StringType()),
    ("via", T.ArrayType(T.StringType())),
]


def struct_of(fields):
    return T.StructType([T.StructField(n, t) for n, t in fields])


DOC_SCHEMA = T.StructType(
    [
        T.StructField("ordinal", T.LongType()),
        T.StructField("doc_id", T.StringType()),
        T.StructField("fingerprint", T.StringType()),
        T.StructField("doc_date", T.StringType()),
        T.StructField("url", T.StringType()),
        T.StructField("source", T.StringType()),
        T.StructField("doc_chars", T.LongType()),
        T.StructField("words", T.LongType()),
        T.StructField("event_mentions", T.ArrayType(struct_of(MENTION_FIELDS))),
        T.StructField("entities", T.ArrayType(struct_of(ENTITY_FIELDS))),
        T.StructField("quotes", T.ArrayType(struct_of(QUOTE_FIELDS))),
    ]
)


def actor_name(side, entities):
    """The name exported for an event's actor: its entity's resolved actor name, else the entity's name,
    else the words of the text (dyad-store's `actor_name`)."""
    ref = side.get("entity")
    if ref and ref.startswith("e") and ref[1:].isdigit() and 0 < int(ref[1:]) <= len(entities):
        entity = entities[int(ref[1:]) - 1]
        return entity["actor"]["name"] if entity.get("actor") else entity["text"]
    return side["text"]


def document_row(ordinal, words, result):
    doc_id, doc_date, entities = result["id"], result.get("date"), result["entities"]
    mentions = []
    for idx, e in enumerate(result["events"]):
        if not aggregates(e):
            continue
        date = aggregation_date(e, doc_date)
        src, tgt = e.get("source"), e.get("target")
        source_code, target_code = (src or {}).get("code", ""), (tgt or {}).get("code", "")
        mentions.append(
            (
                aggregated_event_id(date, source_code, target_code, e["code"], doc_id),
                date,
                source_code,
                actor_name(src, entities) if src else "",
                target_code,
                actor_name(tgt, entities) if tgt else "",
                e["code"],
                f32_decimal(e["goldstein"]),
                e["quad_class"],
                idx,
                e["sentence"],
                src["start"] if src else None,
                tgt["start"] if tgt else None,
                e["trigger_start"],
                e["trigger"],
                e["modality"],
                100 if e["modality"] == "asserted" else 50,
            )
        )
    entity_rows = [
        (
            i,
            ent["text"],
            ent["type"],
            (ent.get("actor") or {}).get("code"),
            (ent.get("actor") or {}).get("name"),
            ent.get("country"),
            len(ent["mentions"]),
        )
        for i, ent in enumerate(entities)
    ]
    quote_rows = []
    for i, q in enumerate(result["quotes"]):
        speaker = q.get("speaker")
        quote_rows.append(
            (
                i,
                q["sentence"],
                q["start"],
                q["end"],
                q["text"],
                q["kind"],
                speaker["text"] if speaker else None,
                (speaker["name"] if "name" in speaker else speaker["text"]) if speaker else None,
                q.get("cue"),
                list(q.get("via") or []),
            )
        )
    return (
        ordinal,
        doc_id,
        result["fingerprint"],
        doc_date,
        result.get("url"),
        source_of(result),
        result["chars"],
        words,
        mentions,
        entity_rows,
        quote_rows,
    )


# ---------------------------------------------------------------------------------------------------------
# Running dyad on a partition.


def dyad_id(value):
    """The id dyad gives a JSONL document: a non-empty string as is, a number as written; else None."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return json.dumps(value)
    return None


def resolve_binary(name):
    """The dyad binary on this executor: a path (absolute, or relative to the task's working directory,
    where --archives unpack), else a file shipped with --files, else dyad on the PATH."""
    for candidate in (name, SparkFiles.get(os.path.basename(name))):
        if os.path.isfile(candidate):
            if not os.access(candidate, os.X_OK):
                # Some cluster managers fetch --files without their mode bits.
                copy = os.path.join(tempfile.mkdtemp(prefix="dyad-"), "dyad")
                shutil.copy(candidate, copy)
                os.chmod(copy, os.stat(copy).st_mode | stat.S_IXUSR)
                candidate = copy
            return os.path.abspath(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise RuntimeError(f"dyad binary {name!r} not found on this executor (ship it with --files or --archives)")


def extract_partition(binary, date, threads):
    """mapPartitions function: (ordinal, JSONL line) pairs in ordinal order in, document rows out."""

    def run(items):
        inputs = []  # (ordinal, id, words) of each line handed to dyad, in order
        lines = []
        for ordinal, line in items:
            line = line.lstrip("\ufeff")  # a byte-order mark that opens a file, which dyad ignores too
            if not line.strip():
                continue  # dyad skips blank lines too
            try:
                doc = json.loads(line)
                doc_id = dyad_id(doc.get("id")) if isinstance(doc, dict) else None
            except ValueError as e:
                print(f"dyad-spark: skipped input line {ordinal + 1}: not JSON: {e}", file=sys.stderr)
                continue
            if doc_id is None:
                print(f"dyad-spark: skipped input line {ordinal + 1}: no usable \"id\"", file=sys.stderr)
                continue
            text = doc.get("text")
            inputs.append((ordinal, doc_id, len(text.split()) if isinstance(text, str) else 0))
            lines.append(line)
        if not inputs:
            return
        cmd = [resolve_binary(binary), "extract", "--quiet", "--format", "jsonl", "--threads", str(threads)]
        if date:
            cmd += ["--date", date]
        began = time.time()
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

        def feed():
            try:
                for line in lines:
                    proc.stdin.write(line.encode("utf-8") + b"\n")
                proc.stdin.close()
            except BrokenPipeError:
                pass  # dyad died; its exit status and stderr tell why

        errors = []

        def drain():
            for raw in proc.stderr:
                msg = raw.decode("utf-8", "replace").rstrip()
                # dyad names stdin lines of this partition; say which input line and document that is.
                m = re.match(r"dyad: skipped (?:<stdin>|stdin):(\d+)", msg)
                if m and 0 < int(m.group(1)) <= len(inputs):
                    ordinal, doc_id, _ = inputs[int(m.group(1)) - 1]
                    msg = f"{msg} [input line {ordinal + 1}, document {doc_id!r}]"
                errors.append(msg)
                print(f"dyad-spark: {msg}", file=sys.stderr)

        threads_ = [threading.Thread(target=feed, daemon=True), threading.Thread(target=drain, daemon=True)]
        for t in threads_:
            t.start()
        # Outputs come in input order, less the documents dyad skipped (bad, or a duplicate text): each is
        # matched to the next input with its id.
        at, finished = 0, False
        try:
            for raw in proc.stdout:
                result = json.loads(raw)
                while at < len(inputs) and inputs[at][1] != result["id"]:
                    at += 1
                if at == len(inputs):
                    raise RuntimeError(f"dyad returned document {result['id']!r}, which is not among its inputs")
                ordinal, _, words = inputs[at]
                at += 1
                yield document_row(ordinal, words, result)
            finished = True
        finally:
            # A task that fails or is cancelled (speculation, a limit) must not leave dyad running.
            if not finished and proc.poll() is None:
                proc.kill()
        code = proc.wait()
        for t in threads_:
            t.join()
        print(f"dyad-spark: dyad coded {len(inputs)} documents in {time.time() - began:.1f}s", file=sys.stderr)
        # 0: all processed; 3: some input skipped (reported above), the rest processed.
        if code not in (0, 3):
            tail = "\n".join(errors[-20:])
            raise RuntimeError(f"dyad extract failed with exit status {code}:\n{tail}")

    return run


# ---------------------------------------------------------------------------------------------------------
# Reading input and writing output.


def read_documents(spark, args):
    """(ordinal, JSONL line) pairs: the input order, which decides which of two copies of an article is kept."""
    if args.input_format == "jsonl":
        return spark.sparkContext.textFile(",".join(args.inputs)).zipWithIndex().map(lambda p: (p[1], p[0]))
    if args.input_format == "parquet":
        df = spark.read.parquet(*args.inputs)
    else:
        df = spark.table(args.inputs[0])
    missing = {"id", "text"} - set(df.columns)
    if missing:
        raise SystemExit(f"dyad-spark: the table has no column {', '.join(sorted(missing))}")
    wanted = [c for c in ("id", "text", "date", "title", "url", "source") if c in df.columns]
    cols = [F.col(c).cast("string").alias(c) for c in wanted]
    return df.select(F.to_json(F.struct(*cols)).alias("line")).rdd.zipWithIndex().map(lambda p: (p[1], p[0].line))


def kept_documents(docs):
    """What `dyad ingest` keeps: a document whose text (fingerprint) was seen earlier in the input is a
    duplicate; of the rest, the first with a given id is kept."""
    by_fp = Window.partitionBy("fingerprint").orderBy("ordinal")
    by_id = Window.partitionBy("doc_id").orderBy("ordinal")
    first = docs.withColumn("n", F.row_number().over(by_fp)).where("n = 1").drop("n")
    return first.withColumn("n", F.row_number().over(by_id)).where("n = 1").drop("n")


def month_col(c):
    return F.when((F.length(c) >= 7) & (F.substring(c, 5, 1) == "-"), F.substring(c, 1, 7))


def events_and_mentions(docs, added):
    m = docs.select(
        "doc_id", "doc_date", "url", "source", "doc_chars", F.explode("event_mentions").alias("m")
    ).select("doc_id", "doc_date", "url", "source", "doc_chars", "m.*")
    # The first mention: earliest publication date (undated last), then document id, then position.
    order = F.struct(
        F.col("doc_date").isNull(), F.coalesce("doc_date", F.lit("")), F.col("doc_id"), F.col("idx")
    )
    first = F.struct(
        "source_name", "target_name", "goldstein", "quad_class", "sentence", "doc_id", "url"
    )
    agg = m.groupBy("event_id", "agg_date", "source_code", "target_code", "code").agg(
        F.min_by(first, order).alias("first"),
        F.count(F.lit(1)).alias("num_mentions"),
        F.countDistinct("source").alias("num_sources"),
        F.countDistinct("doc_id").alias("num_articles"),
    )
    date = F.when(F.col("agg_date") != "", F.col("agg_date"))
    events = agg.select(
        F.col("event_id").alias("global_event_id"),
        date.alias("date"),
        F.when(F.col("agg_date").rlike(r"^\d{4}-\d{2}-\d{2}$"), F.to_date("agg_date")).alias("day"),
        "source_code",
        F.col("first.source_name").alias("source_name"),
        "target_code",
        F.col("first.target_name").alias("target_name"),
        F.col("code").alias("event_code"),
        F.substring("code", 1, 3).alias("event_base_code"),
        F.substring("code", 1, 2).alias("event_root_code"),
        F.col("first.quad_class").alias("quad_class"),
        F.col("first.goldstein").alias("goldstein"),
        "num_mentions",
        "num_sources",
        "num_articles",
        (F.col("first.sentence") == 0).alias("is_root"),
        F.lit(added).alias("date_added"),
        F.coalesce("first.url", "first.doc_id").alias("source_url"),
        month_col(date).alias("month"),
    )
    mdate = F.when(F.col("agg_date") != "", F.col("agg_date"))
    mentions = m.select(
        F.col("event_id").alias("global_event_id"),
        mdate.alias("date"),
        "doc_id",
        "url",
        "source",
        F.lit(added).alias("date_added"),
        "sentence",
        "actor1_offset",
        "actor2_offset",
        "action_offset",
        "trigger",
        "modality",
        "confidence",
        "doc_chars",
        month_col(mdate).alias("month"),
    )
    return events, mentions


def entities_and_quotes(docs):
    entities = docs.select("doc_id", "doc_date", F.explode("entities").alias("x")).select(
        "doc_id", F.col("doc_date").alias("date"), "x.*", month_col(F.col("doc_date")).alias("month")
    )
    quotes = docs.select("doc_id", "doc_date", F.explode("quotes").alias("x")).select(
        "doc_id", F.col("doc_date").alias("date"), "x.*", month_col(F.col("doc_date")).alias("month")
    )
    return entities, quotes


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", help="JSONL files, folders or globs (any Hadoop file system), or a table")
    p.add_argument("--out", required=True, help="output folder: events/, mentions/, entities/, quotes/")
    p.add_argument("--input-format", choices=["jsonl", "parquet", "table"], default="jsonl",
                   help="jsonl: contract JSONL lines; parquet: files with id, text[, date, title, url, source] "
                   "columns; table: a catalog table with those columns")
    p.add_argument("--date", help="publication date (YYYY-MM-DD) for documents that carry none")
    p.add_argument("--dyad", default="dyad", help="the dyad binary on the executors (default: the file "
                   "shipped with --files, else dyad on the PATH; a relative path is looked up in the task's "
                   "working directory, where --archives unpack)")
    p.add_argument("--partitions", type=int, help="partitions to process (default: 4 per core of the cluster)")
    p.add_argument("--threads", type=int, help="dyad threads per task (default: spark.task.cpus)")
    p.add_argument("--added", help="the date_added written (default: the job's start, UTC)")
    p.add_argument("--mode", default="errorifexists", help="Spark save mode for the output (overwrite, ...)")
    args = p.parse_args(argv)
    if args.date and not is_full_day(args.date):
        p.error(f"--date: expected YYYY-MM-DD, got {args.date!r}")

    added = args.added or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    spark = SparkSession.builder.appName("dyad").getOrCreate()
    sc = spark.sparkContext
    threads = args.threads or int(sc.getConf().get("spark.task.cpus", "1"))
    partitions = args.partitions or 4 * sc.defaultParallelism
    if not sc.getConf().contains("spark.sql.shuffle.partitions"):
        # Spark's default (200) is for big tables; the deduplication and aggregation shuffle what dyad
        # returned for the documents, which the partitions of documents already size well.
        spark.conf.set("spark.sql.shuffle.partitions", str(partitions))

    started = time.time()
    # Kept while they are counted and cut into ranges, so that the input is read once.
    lines = read_documents(spark, args).persist(StorageLevel.MEMORY_AND_DISK)
    total = lines.count()
    n = max(1, min(partitions, total))
    # Contiguous ranges of the input, each in input order, so that dyad's own duplicate check within a
    # partition keeps the same copy as the input order does.
    ranged = lines.repartitionAndSortWithinPartitions(n, lambda ordinal: ordinal * n // max(total, 1))
    rows = ranged.mapPartitions(extract_partition(args.dyad, args.date, threads))
    # The rows are built to DOC_SCHEMA above: checking each again in Python would only cost time.
    docs = kept_documents(spark.createDataFrame(rows, DOC_SCHEMA, verifySchema=False)).persist()
    stats = docs.agg(F.count(F.lit(1)).alias("docs"), F.sum("words").alias("words")).first()
    lines.unpersist()
    extracted = time.time()

    events, mentions = events_and_mentions(docs, added)
    entities, quotes = entities_and_quotes(docs)
    for name, df in (("events", events), ("mentions", mentions), ("entities", entities), ("quotes", quotes)):
        df.write.mode(args.mode).partitionBy("month").parquet(os.path.join(args.out, name))
    secs = time.time() - started
    words = stats.words or 0
    print(
        f"dyad-spark: {total} input lines, {stats.docs} documents kept, {words} words in {secs:.1f}s "
        f"({words / max(secs, 1e-9):.0f} words/s; extraction and deduplication {extracted - started:.1f}s, "
        f"aggregation and writing {time.time() - extracted:.1f}s), {ranged.getNumPartitions()} partitions, "
        f"master {sc.master}",
        file=sys.stderr,
    )
    spark.stop()


if __name__ == "__main__":
    main()
