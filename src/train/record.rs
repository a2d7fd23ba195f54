//! `training.json`, written next to a bundle's files: how the bundle was
//! trained, for the model card.
use super::config::TrainConfig;
use super::fit::{FitReport, Validation};
use super::TrainError;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const RECORD_FILE: &str = "training.json";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrainingRecord {
    /// `teacher` or `student`.
    pub role: String,
    pub config: TrainConfig,
    /// Name of the teacher bundle a student was distilled from.
    pub teacher: Option<String>,
    pub parameters: usize,
    pub vocab_size: usize,
    /// Pairs trained on: labelled train pairs, or unlabelled pairs for a student.
    pub training_pairs: usize,
    pub fit: FitReport,
    /// The best weights on the test split, when the data has one.
    pub test: Option<Validation>,
    /// Largest traced-vs-eager logit difference of the export check.
    pub trace_difference: f64,
    /// Wall time of the whole command, tokenizer and export included.
    pub total_seconds: f64,
}

impl TrainingRecord {
    pub fn write(&self, bundle: &Path) -> Result<(), TrainError> {
        let path = bundle.join(RECORD_FILE);
        let json = serde_json::to_string_pretty(self)
            .map_err(|err| TrainError::Input(format!("cannot serialise {RECORD_FILE}: {err}")))?;
        std::fs::write(&path, json + "\n")
            .map_err(|err| TrainError::Input(format!("{}: {err}", path.display())))
    }

    pub fn read(bundle: &Path) -> Result<TrainingRecord, TrainError> {
        let path = bundle.join(RECORD_FILE);
        let text = std::fs::read_to_string(&path).map_err(|err| {
            TrainError::Input(format!(
                "{}: cannot read ({err}); the card needs bundles written by `metacompress train` / `distill`",
                path.display()
            ))
        })?;
        serde_json::from_str(&text)
            .map_err(|err| TrainError::Input(format!("{}: malformed: {err}", path.display())))
    }

    /// One line with the final figures.
    pub fn summary(&self) -> String {
        let v = self.fit.best;
        let mut line = format!(
            "final {}: {} parameters, best epoch {}/{}, valid accuracy {:.4} F1 {:.4}",
            self.role,
            self.parameters,
            self.fit.best_epoch,
            self.fit.epochs.len(),
            v.accuracy,
            v.f1
        );
        if let Some(a) = v.agreement {
            line.push_str(&format!(" agreement {a:.4}"));
        }
        if let Some(t) = self.test {
            line.push_str(&format!(", test accuracy {:.4} F1 {:.4}", t.accuracy, t.f1));
            if let Some(a) = t.agreement {
                line.push_str(&format!(" agreement {a:.4}"));
            }
        }
        line.push_str(&format!(", {:.0} s", self.total_seconds));
        line
    }
}
