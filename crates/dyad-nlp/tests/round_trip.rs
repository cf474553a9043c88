//! Each embedded model, read and written back, gives the bytes it was read from: reading builds tables
//! laid out for prediction (inline slots, whole rows), and none of that may change what the model is.

use dyad_nlp::ner::NerModel;
use dyad_nlp::parser::Parser;
use dyad_nlp::tagger::Tagger;

#[test]
fn embedded_models_write_back_their_own_bytes() {
    let mut tagger = Vec::new();
    Tagger::embedded().unwrap().write(&mut tagger).unwrap();
    assert!(tagger == include_bytes!("../models/tagger.bin"), "tagger.bin");

    let mut parser = Vec::new();
    Parser::embedded().unwrap().write(&mut parser).unwrap();
    assert!(parser == include_bytes!("../models/parser.bin"), "parser.bin");

    let ner = NerModel::embedded().unwrap().to_bytes().unwrap();
    assert!(ner == include_bytes!("../models/ner.bin"), "ner.bin");
}

/// The NLP models ship inside the binary; together they stay under 40 MB (issue 3's budget).
#[test]
fn embedded_models_fit_the_size_budget() {
    let total = include_bytes!("../models/tagger.bin").len()
        + include_bytes!("../models/parser.bin").len()
        + include_bytes!("../models/ner.bin").len();
    assert!(total < 40_000_000, "the models take {total} bytes, over the 40 MB budget");
}
