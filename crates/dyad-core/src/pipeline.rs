use crate::Document;

/// One step of the pipeline: reads the layers earlier stages added and adds its own.
///
/// A stage is a pure function of the document and its read-only resources (models, dictionaries),
/// loaded once and shared by every worker thread; hence `Send + Sync` and `&self`.
pub trait Stage: Send + Sync {
    fn name(&self) -> &'static str;
    fn annotate(&self, doc: &mut Document);
}

/// The stages in order. Running it on a document fills every layer the stages know how to make.
#[derive(Default)]
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, stage: impl Stage + 'static) -> Self {
        self.stages.push(Box::new(stage));
        self
    }

    pub fn push(&mut self, stage: Box<dyn Stage>) {
        self.stages.push(stage);
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    pub fn run(&self, doc: &mut Document) {
        for stage in &self.stages {
            stage.annotate(doc);
        }
    }
}
