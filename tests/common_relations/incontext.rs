//! Compiles many variants in their original context with few compiler runs:
//! each variant becomes a uniquely named copy inserted right after the
//! original method/function in a copy of its file; compiler errors are
//! mapped back to the copy whose lines they point at. A copy that fails is
//! dropped and the rest compiled again, so errors one failure hides (javac
//! skips flow analysis after errors) still surface.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A file of the upstream tree that receives copies.
pub struct Host {
    /// The original file.
    pub path: PathBuf,
    pub text: String,
}

/// One copy to insert into a host after byte `at` (the end of the original).
pub struct Insertion {
    pub host: usize,
    pub at: usize,
    pub text: String,
}

pub enum Compiler {
    /// javac with the upstream source roots on the source path.
    Javac { sourcepath: Vec<PathBuf> },
    /// `gcc -fsyntax-only -std=gnu99` with these include folders.
    Gcc { includes: Vec<PathBuf> },
}

/// What became of each insertion: `None` compiled, `Some(message)` failed.
pub struct Outcome {
    pub errors: Vec<Option<String>>,
    pub compiler_runs: usize,
}

struct Chunk {
    first_line: usize,
    last_line: usize,
    insertion: usize,
}

const MAX_ROUNDS: usize = 12;

pub fn compile(
    hosts: &[Host],
    insertions: &[Insertion],
    compiler: &Compiler,
    workdir: &Path,
) -> Outcome {
    let mut errors: Vec<Option<String>> = vec![None; insertions.len()];
    let mut alive: Vec<bool> = vec![true; insertions.len()];
    // Hosts still to compile: after the first run, only those that had
    // errors (every other host went through flow analysis cleanly).
    let mut pending: Vec<bool> = vec![true; hosts.len()];
    let mut runs = 0;
    for round in 0..MAX_ROUNDS {
        let dir = workdir.join(format!("round{round}"));
        let _ = std::fs::remove_dir_all(&dir);
        let (files, chunks) = write_hosts(hosts, insertions, &alive, &pending, &dir);
        let output = run_compiler(compiler, &files, &dir);
        runs += 1;
        let diagnostics = parse_errors(compiler, &output);
        if diagnostics.is_empty() {
            assert!(
                compiled_ok(compiler, &output),
                "the compiler failed without an error line this harness understands:\n{output}"
            );
            return Outcome {
                errors,
                compiler_runs: runs,
            };
        }
        pending = vec![false; hosts.len()];
        let mut unattributed = Vec::new();
        let mut attributed = 0;
        for (file, line, message) in diagnostics {
            let Some((host, list)) = chunks.get(&file) else {
                unattributed.push(format!("{}:{line}: {message}", file.display()));
                continue;
            };
            pending[*host] = true;
            match list
                .iter()
                .find(|c| c.first_line <= line && line <= c.last_line)
            {
                Some(chunk) => {
                    let slot = &mut errors[chunk.insertion];
                    if slot.is_none() {
                        let at = line - chunk.first_line + 1;
                        *slot = Some(format!("line {at} of the copy: {message}"));
                        attributed += 1;
                    }
                    alive[chunk.insertion] = false;
                }
                None => unattributed.push(format!("{}:{line}: {message}", file.display())),
            }
        }
        assert!(
            attributed > 0,
            "compiler errors outside every inserted copy (the context itself does not compile):\n{}",
            unattributed.join("\n")
        );
    }
    panic!("errors still appear after {MAX_ROUNDS} compiler runs");
}

/// Writes the hosts with their live insertions; returns the files and where
/// each copy's lines are.
fn write_hosts(
    hosts: &[Host],
    insertions: &[Insertion],
    alive: &[bool],
    pending: &[bool],
    dir: &Path,
) -> (Vec<PathBuf>, HashMap<PathBuf, (usize, Vec<Chunk>)>) {
    let mut per_host: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (index, insertion) in insertions.iter().enumerate() {
        if alive[index] {
            per_host.entry(insertion.host).or_default().push(index);
        }
    }
    let mut files = Vec::new();
    let mut chunks = HashMap::new();
    for (host_index, host) in hosts.iter().enumerate() {
        if !pending[host_index] {
            continue;
        }
        let mut order = per_host.remove(&host_index).unwrap_or_default();
        order.sort_by_key(|&i| (insertions[i].at, i));
        let mut text = String::with_capacity(host.text.len());
        let mut host_chunks = Vec::new();
        let mut copied = 0;
        let mut line = 1;
        for index in order {
            let insertion = &insertions[index];
            let piece = &host.text[copied..insertion.at];
            line += piece.matches('\n').count();
            text.push_str(piece);
            copied = insertion.at;
            text.push('\n');
            line += 1;
            let lines = insertion.text.matches('\n').count();
            host_chunks.push(Chunk {
                first_line: line,
                last_line: line + lines,
                insertion: index,
            });
            text.push_str(&insertion.text);
            text.push('\n');
            line += lines + 1;
        }
        text.push_str(&host.text[copied..]);
        let file_name = host.path.file_name().expect("host files have names");
        let path = dir.join(format!("h{host_index}")).join(file_name);
        std::fs::create_dir_all(path.parent().expect("has a folder"))
            .expect("create the host folder");
        std::fs::write(&path, text).expect("write a host copy");
        files.push(path.clone());
        chunks.insert(path, (host_index, host_chunks));
    }
    (files, chunks)
}

/// Runs the compiler on the files, split over as many processes as there
/// are cores (javac and gcc use one core each), and joins their output.
fn run_compiler(compiler: &Compiler, files: &[PathBuf], dir: &Path) -> String {
    let jobs = super::tools::parallelism().max(1);
    let mut shares: Vec<(u64, Vec<&PathBuf>)> = vec![(0, Vec::new()); jobs];
    let mut by_size: Vec<(u64, &PathBuf)> = files
        .iter()
        .map(|f| (std::fs::metadata(f).map_or(0, |m| m.len()), f))
        .collect();
    by_size.sort_by(|a, b| b.0.cmp(&a.0));
    for (size, file) in by_size {
        let lightest = shares
            .iter_mut()
            .min_by_key(|s| s.0)
            .expect("at least one share");
        lightest.0 += size;
        lightest.1.push(file);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .iter()
            .enumerate()
            .filter(|(_, share)| !share.1.is_empty())
            .map(|(j, share)| {
                scope.spawn(move || {
                    combined(&command(
                        compiler,
                        &share.1,
                        &dir.join(format!("classes{j}")),
                    ))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("compiler thread"))
            .collect::<Vec<_>>()
            .join("")
    })
}

fn command(compiler: &Compiler, files: &[&PathBuf], classes: &Path) -> std::process::Output {
    let mut command = match compiler {
        Compiler::Javac { sourcepath } => {
            let mut command = Command::new("javac");
            command
                .arg("-sourcepath")
                .arg(std::env::join_paths(sourcepath).expect("source paths join"))
                .args([
                    "-proc:none",
                    "-implicit:none",
                    "-nowarn",
                    "-encoding",
                    "UTF-8",
                ])
                .args(["-Xmaxerrs", "1000000", "-XDshould-stop.ifError=FLOW"])
                .args(["-XDshould-stop.ifNoError=FLOW", "-d"])
                .arg(classes);
            command
        }
        Compiler::Gcc { includes } => {
            let mut command = Command::new("gcc");
            command.args(["-fsyntax-only", "-std=gnu99", "-w", "-fmax-errors=0"]);
            for include in includes {
                command.arg("-I").arg(include);
            }
            command
        }
    };
    command
        .args(files)
        .output()
        .expect("the compiler runs (checked before)")
}

fn combined(output: &std::process::Output) -> String {
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    if !output.status.success() && !text.contains("error") {
        text.push_str(&format!(
            "\n(exit status {}, no error line)\nerror: compiler failed\n",
            output.status
        ));
    }
    text
}

fn compiled_ok(compiler: &Compiler, output: &str) -> bool {
    match compiler {
        Compiler::Javac { .. } => !output.contains("error"),
        Compiler::Gcc { .. } => !output.contains("error:"),
    }
}

/// (file, line, message with the compiler's context lines) per error.
fn parse_errors(compiler: &Compiler, output: &str) -> Vec<(PathBuf, usize, String)> {
    let marker = match compiler {
        Compiler::Javac { .. } => ": error: ",
        Compiler::Gcc { .. } => " error: ",
    };
    let lines: Vec<&str> = output.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(pos) = line.find(marker) else {
            continue;
        };
        let location = line[..pos].trim_end_matches(':');
        let mut parts = location.split(':');
        let Some(file) = parts.next() else { continue };
        let Some(line_no) = parts.next().and_then(|l| l.parse::<usize>().ok()) else {
            continue;
        };
        // The source line and caret javac and gcc print after the message.
        let context: Vec<&str> = lines[i + 1..]
            .iter()
            .take(3)
            .take_while(|l| {
                !l.contains(marker) && !l.starts_with('/') && !l.contains("In function")
            })
            .copied()
            .collect();
        let mut message = line[pos + marker.len()..].to_string();
        if !context.is_empty() {
            message.push('\n');
            message.push_str(&context.join("\n"));
        }
        found.push((PathBuf::from(file), line_no, message));
    }
    found
}
