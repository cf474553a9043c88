//! `dyad eval ud` on a small treebank of its own: the JSON summary line, and `--out` writing the predicted
//! annotation as CoNLL-U that lines up word for word with the gold file.

use std::process::Command;

const GOLD: &str = "# sent_id = a
# text = The ministers met in Geneva.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tministers\tminister\tNOUN\tNNS\t_\t3\tnsubj\t_\t_
3\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
4\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_
5\tGeneva\tGeneva\tPROPN\tNNP\t_\t3\tobl\t_\t_
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# sent_id = b
# text = Talks resumed.
1\tTalks\ttalk\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tresumed\tresume\tVERB\tVBD\t_\t0\troot\t_\t_
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

#[test]
fn eval_ud_prints_scores_and_writes_the_parses() {
    let dir = std::env::temp_dir().join(format!("dyad-eval-ud-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (gold, out) = (dir.join("gold.conllu"), dir.join("predicted.conllu"));
    std::fs::write(&gold, GOLD).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["eval", "ud", "--conllu"])
        .arg(&gold)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8(run.stdout).unwrap();
    let summary: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(summary["words"], 9);
    for key in ["upos", "xpos", "uas", "las", "words_per_second"] {
        assert!(summary[key].as_f64().is_some(), "{key} missing from {summary}");
    }

    let predicted = std::fs::read_to_string(&out).unwrap();
    let sentences: Vec<Vec<Vec<&str>>> = predicted
        .split("\n\n")
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.lines().filter(|l| !l.starts_with('#')).map(|l| l.split('\t').collect()).collect())
        .collect();
    assert_eq!(sentences.len(), 2);
    assert!(predicted.contains("# sent_id = b\n# text = Talks resumed.\n"));
    let gold_forms = [vec!["The", "ministers", "met", "in", "Geneva", "."], vec!["Talks", "resumed", "."]];
    for (words, forms) in sentences.iter().zip(gold_forms) {
        assert_eq!(words.iter().map(|w| w[1]).collect::<Vec<_>>(), forms);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(w.len(), 10, "ten columns");
            assert_eq!(w[0], (i + 1).to_string());
            let head: usize = w[6].parse().unwrap();
            assert!(head <= words.len() && head != i + 1, "head {head} of word {}", i + 1);
        }
        assert_eq!(words.iter().filter(|w| w[6] == "0").count(), 1, "one root");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
