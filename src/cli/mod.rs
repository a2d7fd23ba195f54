//! Subcommands. Each one parses its arguments and calls the library.
#[cfg(feature = "torch")]
mod bench;
mod data;
#[cfg(feature = "torch")]
mod fuzz;
mod input;
#[cfg(feature = "torch")]
mod model_pair;
#[cfg(feature = "torch")]
mod predict;
mod relations;
#[cfg(test)]
mod tests;
#[cfg(feature = "torch")]
mod train;
mod transform;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "metacompress",
    version,
    about = "Test a distilled code model (the student) against its teacher",
    long_about = "metacompress finds inputs on which a knowledge-distilled code model (the student) \
behaves differently from the model it was distilled from (the teacher). Behaviour-preserving \
program transformations (relations) make variants of code; teacher and student run on them; \
their disagreement is what the tool measures and searches for."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Relations(relations::Args),
    Transform(transform::Args),
    Data(data::Args),
    /// Run teacher and student on a CodeXGLUE split: task metrics of both and
    /// the student's fidelity to the teacher
    #[cfg(feature = "torch")]
    Predict(predict::PredictArgs),
    /// Benchmarks that print figures measured in one run: `bench oracle`, `bench relations`, `bench fuzz`
    #[cfg(feature = "torch")]
    Bench(bench::BenchArgs),
    /// Search for inputs on which the student departs from its teacher:
    /// relation chains as mutations, disagreement as fitness
    #[cfg(feature = "torch")]
    Fuzz(fuzz::FuzzArgs),
    #[cfg(feature = "torch")]
    Train(train::TrainArgs),
    #[cfg(feature = "torch")]
    Distill(train::DistillArgs),
    #[cfg(feature = "torch")]
    Card(train::CardArgs),
}

pub fn run() -> ExitCode {
    run_with_args(std::env::args_os())
}

/// Parses `args` (program name first) and runs the command, in this
/// process: what `main` does, and what tests call.
pub fn run_with_args<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version are "errors" that print to stdout and succeed.
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Relations(args) => relations::run(args),
        Command::Transform(args) => transform::run(args),
        Command::Data(args) => data::run(args),
        #[cfg(feature = "torch")]
        Command::Predict(args) => predict::run(args),
        #[cfg(feature = "torch")]
        Command::Bench(args) => bench::run(args),
        #[cfg(feature = "torch")]
        Command::Fuzz(args) => fuzz::run(args),
        #[cfg(feature = "torch")]
        Command::Train(args) => train::run_train(args),
        #[cfg(feature = "torch")]
        Command::Distill(args) => train::run_distill(args),
        #[cfg(feature = "torch")]
        Command::Card(args) => train::run_card(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
