//! `metacompress train`, `distill` and `card`: argument parsing for the
//! training library (`metacompress::train`).
use anyhow::{bail, Context, Result};
use clap::Args;
use metacompress::data::Task;
use metacompress::train::card::{build_card, CardRequest};
use metacompress::train::{distill_student, train_teacher, TrainConfig, TrainingRecord};
use std::path::{Path, PathBuf};

const DATA_HELP: &str =
    "A CodeXGLUE BigCloneBench directory: data.jsonl ({\"func\": ..., \"idx\": ...} \
per line) and train.txt / valid.txt / test.txt (idx1<TAB>idx2<TAB>label); distill also reads \
unlabelled.txt (idx1<TAB>idx2).";

/// Train a teacher (a RoBERTa-style encoder with a clone head: siamese or CodeXGLUE's, as the config says)
/// and write it as a bundle
#[derive(Args)]
pub struct TrainArgs {
    /// The task of the data set (training is built for clone-detection so far)
    #[arg(long)]
    task: Task,
    #[command(flatten)]
    run: RunPaths,
}

/// Where `train` and `distill` read and write.
#[derive(Args)]
struct RunPaths {
    #[arg(long, value_name = "DIR", long_help = DATA_HELP)]
    data: PathBuf,
    /// TOML config: name, seed, [tokenizer], [model], [training]; distill
    /// also needs training.temperature (see models/configs/).
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// Bundle directory to write.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

/// Distil a student from a teacher bundle on the teacher's soft labels over
/// the unlabelled pairs, and write it as a bundle
#[derive(Args)]
pub struct DistillArgs {
    /// Teacher bundle directory.
    #[arg(long, value_name = "DIR")]
    teacher: PathBuf,
    #[command(flatten)]
    run: RunPaths,
}

/// Write the model card (card.json) of a teacher and student trained by
/// `train` and `distill`: test metrics, agreement, sizes, CPU latency
#[derive(Args)]
pub struct CardArgs {
    #[arg(long, value_name = "DIR")]
    teacher: PathBuf,
    #[arg(long, value_name = "DIR")]
    student: PathBuf,
    /// BigCloneBench directory with the test split (data.jsonl + test.txt).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Where to write card.json.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Test pairs timed for the latency figures.
    #[arg(long, default_value_t = 256, value_name = "N")]
    latency_pairs: usize,
    /// libtorch threads while timing.
    #[arg(long, default_value_t = 2, value_name = "N", value_parser = super::model_pair::bounded(1, 1024))]
    threads: usize,
    /// What the labels mean, recorded in the card.
    #[arg(long, value_name = "TEXT", default_value = LABEL_MEANING)]
    label_meaning: String,
    /// The command that rebuilds everything, recorded in the card.
    #[arg(long, value_name = "CMD", default_value = "make models")]
    rebuild: String,
}

const LABEL_MEANING: &str = "1 = clone: Type-1/2/3 by similarity of identifier-normalised token \
sequences, or an overload family (same class, name and arity); 0 = not a clone. Heuristic labels \
from `metacompress data clone-pairs`, not BigCloneBench's functionality judgements.";

fn read_config(path: &Path) -> Result<TrainConfig> {
    TrainConfig::from_file(path).map_err(anyhow::Error::msg)
}

pub fn run_train(args: TrainArgs) -> Result<()> {
    if args.task != Task::CloneDetection {
        bail!(
            "training a {} teacher is not built yet: train takes clone-detection data",
            args.task
        );
    }
    let RunPaths { data, config, out } = &args.run;
    let record = train_teacher(data, &read_config(config)?, out).context("training the teacher")?;
    report(&record, out);
    Ok(())
}

pub fn run_distill(args: DistillArgs) -> Result<()> {
    let RunPaths { data, config, out } = &args.run;
    let record = distill_student(&args.teacher, data, &read_config(config)?, out)
        .context("distilling the student")?;
    report(&record, out);
    Ok(())
}

fn report(record: &TrainingRecord, out: &Path) {
    println!("{}", record.summary());
    println!("bundle written to {}", out.display());
}

pub fn run_card(args: CardArgs) -> Result<()> {
    let command = std::env::args().collect::<Vec<_>>().join(" ");
    let card = build_card(&CardRequest {
        teacher: &args.teacher,
        student: &args.student,
        test_data: &args.data,
        latency_pairs: args.latency_pairs,
        threads: args.threads,
        label_meaning: args.label_meaning,
        command,
        rebuild: args.rebuild,
    })
    .context("building the model card")?;
    let json = serde_json::to_string_pretty(&card)? + "\n";
    std::fs::write(&args.out, json).with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "card written to {}: teacher F1 {:.4}, student F1 {:.4}, agreement {:.4}",
        args.out.display(),
        card.teacher.test.f1,
        card.student.test.f1,
        card.agreement
    );
    Ok(())
}
