//! The teacher/student arguments every model command shares, and the
//! defaults they fall back to: the task's embedded bundles and data, found
//! from any directory.
use anyhow::{Context, Result};
use metacompress::data::Task;
use metacompress::model::{Bundle, DeviceChoice, Manifest, Precision, MANIFEST_FILE};
use metacompress::oracle::{Oracle, OracleOptions};
use std::path::{Path, PathBuf};

const BUNDLE_HELP: &str = "Teacher bundle directory (default: the task's embedded teacher). \
A bundle is a directory holding model.pt (a TorchScript model), tokenizer.json (a Hugging Face \
tokenizers file) and bundle.json (task, labels, max_tokens, special tokens, whether the model \
returns logits or probabilities); scripts/export_bundle.py exports one from a Hugging Face \
checkpoint.";

/// Far above any batch that fits a model's memory; bounds the oracle's queues.
pub const MAX_BATCH_SIZE: usize = 4096;

/// `--task`, `--teacher`, `--student`, `--device`, `--precision`, `--batch-size`.
#[derive(clap::Args, Debug, Clone)]
pub struct ModelPairArgs {
    /// clone-detection or vulnerability-prediction (default: the task in the
    /// teacher's bundle.json, else clone-detection)
    #[arg(long, value_name = "TASK")]
    pub task: Option<Task>,
    /// Teacher bundle directory (default: the task's embedded teacher)
    #[arg(long, value_name = "DIR", long_help = BUNDLE_HELP)]
    pub teacher: Option<PathBuf>,
    /// Student bundle directory, same task and labels as the teacher
    /// (default: the task's embedded student)
    #[arg(long, value_name = "DIR")]
    pub student: Option<PathBuf>,
    /// Where the models run: cpu, cuda, cuda:N or auto (CUDA when available)
    #[arg(long, default_value = "auto", value_name = "D")]
    pub device: DeviceChoice,
    /// Weight precision: fp32, or fp16 / bf16 on a GPU
    #[arg(long, default_value = "fp32")]
    pub precision: Precision,
    /// Samples per forward call
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub batch_size: usize,
}

impl ModelPairArgs {
    /// `--task`, else the teacher's manifest's task, else clone detection.
    pub fn task(&self) -> Result<Task> {
        if let Some(task) = self.task {
            return Ok(task);
        }
        let Some(teacher) = &self.teacher else {
            return Ok(Task::CloneDetection);
        };
        let manifest = crate_path(teacher).join(MANIFEST_FILE);
        Manifest::from_file(&manifest)
            .map(|m| m.task)
            .map_err(|problem| anyhow::anyhow!("{}: {problem}", manifest.display()))
            .context("reading the teacher's task (or give --task)")
    }

    /// The teacher and student directories, defaults resolved.
    pub fn dirs(&self) -> Result<(PathBuf, PathBuf)> {
        let task = self.task()?;
        Ok((
            given_or_embedded(&self.teacher, task, |e| e.teacher)?,
            given_or_embedded(&self.student, task, |e| e.student)?,
        ))
    }

    /// The oracle's options; refuses a batch size the pipeline cannot size
    /// its queues for.
    pub fn oracle_options(&self) -> Result<OracleOptions> {
        anyhow::ensure!(
            (1..=MAX_BATCH_SIZE).contains(&self.batch_size),
            "--batch-size must be between 1 and {MAX_BATCH_SIZE}"
        );
        Ok(OracleOptions {
            device: self.device,
            batch_size: self.batch_size,
            precision: self.precision,
            ..OracleOptions::default()
        })
    }

    /// Loads both bundles on the device and joins them in an oracle; fails
    /// when they are not for the task asked for.
    pub fn open_oracle(&self) -> Result<Oracle> {
        let options = self.oracle_options()?;
        let task = self.task()?;
        let (teacher, student) = self.dirs()?;
        let device = self.device.resolve().map_err(anyhow::Error::msg)?;
        let teacher = Bundle::load_on(&teacher, device).context("loading the teacher")?;
        let student = Bundle::load_on(&student, device).context("loading the student")?;
        let oracle = Oracle::new(teacher, student, options)?;
        anyhow::ensure!(
            oracle.task() == task,
            "--task {task} but the bundles are for {}",
            oracle.task()
        );
        Ok(oracle)
    }
}

/// A path given on the command line, else the task's embedded one
/// (bundle, test split or seed corpus).
pub fn given_or_embedded(
    given: &Option<PathBuf>,
    task: Task,
    embedded: fn(&metacompress::data::Embedded) -> &'static str,
) -> Result<PathBuf> {
    match given {
        Some(path) => Ok(crate_path(path)),
        None => Ok(crate_path(Path::new(embedded(task.embedded()?)))),
    }
}

/// `relative` as given when it exists from the current directory, else
/// inside the source tree this binary was built from; so `metacompress fuzz`
/// finds `models/teacher` both in a checkout and from elsewhere.
pub fn crate_path(relative: &Path) -> PathBuf {
    if relative.is_absolute() || relative.exists() {
        return relative.to_path_buf();
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if built.exists() {
        built
    } else {
        relative.to_path_buf()
    }
}

/// A parser for a count flag that must lie in `min..=max`, so that no later
/// allocation, queue or thread pool is sized by an absurd number.
pub fn bounded(min: usize, max: usize) -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::new().range(min as u64..=max as u64)
}
