//! dyad's English NLP core. Each module is one pipeline stage (or its training); models are trained by
//! `dyad train ...` from the UD treebanks and embedded in the binary.

pub mod average;
pub mod clusters;
pub mod conllu;
pub mod lemma;
pub mod model_io;
pub mod ner;
pub mod parser;
pub mod perceptron;
pub mod segment;
pub mod tagger;
