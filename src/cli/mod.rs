//! Subcommands. Each one parses its arguments and calls the library.
#[cfg(feature = "torch")]
mod bench;
#[cfg(feature = "torch")]
mod predict;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "metacompress", version, about = "Test a distilled code model (student) against its teacher", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a file and report syntax errors (a placeholder until the catalog lands)
    Parse {
        #[arg(long)]
        lang: String,
        file: std::path::PathBuf,
    },
    /// Run teacher and student on a CodeXGLUE split: task metrics of both and
    /// the student's fidelity to the teacher
    #[cfg(feature = "torch")]
    Predict(predict::PredictArgs),
    /// Benchmarks that print figures measured in one run (`bench oracle`)
    #[cfg(feature = "torch")]
    Bench(bench::BenchArgs),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result: anyhow::Result<()> = match cli.command {
        Command::Parse { lang, file } => (|| {
            let lang: metacompress::lang::Lang = lang.parse()?;
            let text = std::fs::read_to_string(&file)?;
            let src = metacompress::lang::Source::parse(lang, text)?;
            println!("{}", src.root().to_sexp());
            println!("errors: {}", src.error_count());
            Ok(())
        })(),
        #[cfg(feature = "torch")]
        Command::Predict(args) => predict::run(args),
        #[cfg(feature = "torch")]
        Command::Bench(args) => bench::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
