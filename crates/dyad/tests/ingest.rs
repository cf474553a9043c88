//! `dyad ingest` as a user runs it: a kill -9 half way through leaves a store that a re-run completes to
//! exactly what an uninterrupted run stores, and ingesting the same input again adds nothing.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dyad_store::{ExportFormat, ExportTable, Store};

const DOCS: usize = 1500;
const BATCH: &str = "20";

/// Generated news: distinct texts (they differ in their numbers), dated over several months, with
/// actors and verbs that an event coder can code, so events and their aggregation are stored too.
fn write_corpus(path: &Path) {
    write_docs(path, DOCS)
}

fn write_docs(path: &Path, docs: usize) {
    let cities = ["London", "Washington", "Paris", "Moscow", "Beijing"];
    let mut lines = String::new();
    for i in 0..docs {
        let day = chrono::NaiveDate::from_ymd_opt(2005, 1, 1).unwrap() + chrono::Days::new((i % 150) as u64);
        let text = format!(
            "British Prime Minister Tony Blair met US President George Bush in {} on Monday. Blair praised Bush \
             for sending {} envoys. Russia accused the United States of interference, officials said in report {}.",
            cities[i % cities.len()],
            i + 2,
            i * 7 + 1,
        );
        let outlet = ["BBC", "Reuters", "AP"][i % 3];
        let doc =
            serde_json::json!({"id": format!("gen-{i}"), "text": text, "date": day.to_string(), "source": outlet});
        lines.push_str(&doc.to_string());
        lines.push('\n');
    }
    std::fs::write(path, lines).unwrap();
}

/// What SQLite finds wrong with the store, none expected.
fn assert_sound(db: &Path, when: &str) {
    if db.exists() {
        let problems = Store::open(db).unwrap().integrity_problems().unwrap();
        assert!(problems.is_empty(), "{when}: the store fails its integrity check: {problems:?}");
    }
}

fn ingest(input: &Path, db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dyad"));
    cmd.args(["ingest", "--quiet", "--batch", BATCH, "--db"]).arg(db);
    cmd.stdin(Stdio::from(File::open(input).unwrap())).stdout(Stdio::null()).stderr(Stdio::inherit());
    cmd
}

fn run_to_end(input: &Path, db: &Path) {
    let status = ingest(input, db).status().unwrap();
    assert!(status.success(), "dyad ingest failed: {status}");
}

fn documents_in(db: &Path) -> i64 {
    if !db.exists() {
        return 0;
    }
    Store::open(db).and_then(|s| s.counts()).map(|c| c.documents).unwrap_or(0)
}

/// Everything a store holds that does not depend on when it was written.
fn contents(db: &Path) -> (dyad_store::Counts, Vec<serde_json::Value>) {
    let store = Store::open(db).unwrap();
    let mut out = Vec::new();
    store.export_table(ExportFormat::Jsonl, ExportTable::Events, &mut out).unwrap();
    let events = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("added");
            for m in v["mentions"].as_array_mut().unwrap() {
                let m = m.as_object_mut().unwrap();
                m.remove("event_added");
                m.remove("mention_added");
            }
            v
        })
        .collect();
    (store.counts().unwrap(), events)
}

#[test]
fn a_killed_ingest_is_completed_by_a_rerun_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("docs.jsonl");
    write_corpus(&input);

    let full: PathBuf = dir.path().join("full.db");
    run_to_end(&input, &full);
    let expected = contents(&full);
    assert_eq!(expected.0.documents, DOCS as i64);

    let part = dir.path().join("part.db");
    let mut child = ingest(&input, &part).spawn().unwrap();
    let started = Instant::now();
    // Kill as soon as the first batches are committed.
    while documents_in(&part) == 0 {
        assert!(child.try_wait().unwrap().is_none(), "ingest ended before a batch was seen committed");
        assert!(started.elapsed() < Duration::from_secs(300), "no batch committed in 5 minutes");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let at_kill = documents_in(&part);
    assert!(at_kill > 0 && at_kill < DOCS as i64, "the kill must land half way, it landed at {at_kill} of {DOCS}");
    let counts = Store::open(&part).unwrap().counts().unwrap();
    assert_eq!(counts.documents % BATCH.parse::<i64>().unwrap(), 0, "only whole batches are ever stored");

    run_to_end(&input, &part);
    assert_sound(&part, "after the re-run");
    assert_eq!(contents(&part), expected);

    // Ingesting the same input once more adds nothing.
    run_to_end(&input, &part);
    assert_eq!(contents(&part), expected);
}

/// xorshift64: the kill points come from a seed printed by the test (`DYAD_KILL_SEED` replays one).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn kill_9_at_random_points_many_times_loses_and_duplicates_nothing() {
    const LOOP_DOCS: usize = 400;
    const ROUNDS: usize = 6;
    let seed = std::env::var("DYAD_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    eprintln!("kill points from DYAD_KILL_SEED={seed}");
    let mut rng = Rng(seed);

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("docs.jsonl");
    write_docs(&input, LOOP_DOCS);
    let full = dir.path().join("full.db");
    let started = Instant::now();
    run_to_end(&input, &full);
    // Kill points are spread over the time a whole run takes: start-up, model loading, processing,
    // inside a transaction, at a commit, at a WAL checkpoint.
    let whole_run_ms = started.elapsed().as_millis() as u64 + 1;
    let expected = contents(&full);
    assert_eq!(expected.0.documents, LOOP_DOCS as i64);

    let batch: i64 = BATCH.parse().unwrap();
    let mut kills = 0;
    for round in 0..ROUNDS {
        let db = dir.path().join(format!("round-{round}.db"));
        // One to three kills in a row, each run resuming the store the last one left.
        for _ in 0..1 + rng.below(3) {
            let before = documents_in(&db);
            let mut child = ingest(&input, &db).spawn().unwrap();
            std::thread::sleep(Duration::from_millis(rng.below(whole_run_ms)));
            let finished = child.try_wait().unwrap().is_some();
            child.kill().ok(); // SIGKILL on Unix; an error only if it had already ended
            child.wait().unwrap();
            kills += usize::from(!finished);
            assert_sound(&db, &format!("round {round}, after a kill"));
            let now = documents_in(&db);
            assert!(now >= before, "round {round}: a kill lost committed documents ({before} then {now})");
            assert!(now % batch == 0 || now == LOOP_DOCS as i64, "round {round}: a partial batch was stored: {now}");
        }
        run_to_end(&input, &db);
        assert_sound(&db, &format!("round {round}, after the re-run"));
        assert_eq!(contents(&db), expected, "round {round}: the re-run store differs from an uninterrupted run");
    }
    eprintln!("{kills} kills landed in {ROUNDS} rounds");
    assert!(kills > 0, "no kill landed before its run ended");
}
