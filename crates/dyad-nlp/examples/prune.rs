use dyad_nlp::parser::Parser;
fn main() {
    let p = Parser::embedded().unwrap();
    let args: Vec<String> = std::env::args().collect();
    for t in &args[1..] {
        let w: f32 = t.parse().unwrap();
        let q = p.pruned(w);
        let dir = format!("/tmp/prune/{t}");
        std::fs::create_dir_all(&dir).unwrap();
        let mut buf = Vec::new();
        q.write(&mut buf).unwrap();
        std::fs::write(format!("{dir}/parser.bin"), &buf).unwrap();
        std::fs::copy("crates/dyad-nlp/models/tagger.bin", format!("{dir}/tagger.bin")).unwrap();
        println!("{t} {} bytes", buf.len());
    }
}
