"""Checks that the Spark job's Parquet output equals `dyad export --format parquet` row for row.

    python3 spark/compare.py SINGLE_MACHINE_DIR SPARK_DIR

For each dataset (events, mentions, entities, quotes): the same month= partitions, the same columns with
the same types (Spark writes every column nullable, so nullability is not compared), and the same
multiset of rows, the `date_added` columns aside (they record when each run wrote its rows; they are only
checked to be UTC timestamps). Prints a summary; exits 1 on the first difference, showing a few rows.
"""

import os
import sys
from collections import Counter

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

DATASETS = ("events", "mentions", "entities", "quotes")


def hashable(value):
    return tuple(value) if isinstance(value, list) else value


def partitions(path):
    return sorted(d for d in os.listdir(path) if d.startswith("month="))


def main():
    single, spark_out = sys.argv[1], sys.argv[2]
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("dyad-compare")
        # "2005-03" must stay a string, as the month directory says.
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    failed = False
    for name in DATASETS:
        a_path, b_path = os.path.join(single, name), os.path.join(spark_out, name)
        if partitions(a_path) != partitions(b_path):
            print(f"{name}: partitions differ: {partitions(a_path)} vs {partitions(b_path)}")
            failed = True
            continue
        a, b = spark.read.parquet(a_path), spark.read.parquet(b_path)
        types = lambda df: [(f.name, f.dataType.simpleString()) for f in df.schema.fields]
        if types(a) != types(b):
            print(f"{name}: schemas differ:\n  dyad export: {types(a)}\n  spark:       {types(b)}")
            failed = True
            continue
        if "date_added" in a.columns:
            for label, df in (("dyad export", a), ("spark", b)):
                bad = df.where(~F.col("date_added").rlike(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")).count()
                if bad:
                    print(f"{name}: {bad} rows of {label} have no UTC timestamp in date_added")
                    failed = True
            a, b = a.drop("date_added"), b.drop("date_added")
        # A few thousand rows: compared as multisets in the driver, sorted for the report.
        rows_a = Counter(tuple(map(hashable, r)) for r in a.collect())
        rows_b = Counter(tuple(map(hashable, r)) for r in b.collect())
        only_a, only_b = sorted((rows_a - rows_b).elements(), key=repr), sorted((rows_b - rows_a).elements(), key=repr)
        print(f"{name}: {sum(rows_a.values())} rows from dyad export, {sum(rows_b.values())} from spark, "
              f"{len(partitions(a_path))} partitions; {len(only_a)} only in dyad export, {len(only_b)} only in spark")
        if not rows_a and name in ("events", "mentions", "entities"):
            print(f"{name}: no rows at all: the comparison would prove nothing")
            failed = True
        for label, only in (("only in dyad export", only_a), ("only in spark", only_b)):
            for row in only[:5]:
                print(f"  {label}: {dict(zip(a.columns, row))}")
        failed |= bool(only_a or only_b)
        if name == "events":
            # Aggregation across articles must be exercised, or equal rows would prove little about it.
            at = a.columns.index("num_articles")
            shared = sum(n for row, n in rows_a.items() if row[at] > 1)
            print(f"events: {shared} aggregated from more than one article")
            if not shared:
                print("events: no event is reported by two articles: the input does not test the aggregation")
                failed = True
    spark.stop()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
