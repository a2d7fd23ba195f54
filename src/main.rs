//! The `metacompress` command line: argument parsing only; every command
//! calls into the library.
mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
