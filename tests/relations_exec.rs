//! Semantic equivalence by execution: every variant the catalog makes of a
//! self-checking program (tests/programs/{java,c}) must print exactly what
//! the original prints.
//!
//! Run: `cargo test --release --no-default-features --test relations_exec`.

mod common_relations;

use common_relations::copies::replace_word;
use common_relations::failures::{Failure, Failures};
use common_relations::{fixtures, tools, variants};
use metacompress::lang::{Lang, Source};
use metacompress::relations::Catalog;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const CHAIN_SEEDS: &[u64] = &[11, 12, 13, 14, 15, 16];
/// A variant that runs longer than this is reported (the originals take
/// milliseconds; a relation that breaks a loop condition can spin forever).
const RUN_LIMIT: Duration = Duration::from_secs(10);

/// One program to run: the original (`variant` None) or one of its variants.
struct Run {
    program: String,
    variant: Option<variants::Labelled>,
    /// Unique name: the Java class name or the C executable name.
    name: String,
    text: String,
}

/// All variants of all programs of a language, deduplicated per program.
fn runs(lang: Lang) -> (Vec<Run>, Failures, usize) {
    let catalog = Catalog::standard();
    let mut failures = Failures::default();
    let mut runs = Vec::new();
    let mut sites = 0;
    for (stem, text) in fixtures::programs(lang) {
        let src = Source::parse(lang, text.as_str()).expect("programs parse");
        let generated = variants::generate(catalog, &src, &stem, CHAIN_SEEDS);
        sites += generated.sites;
        failures.extend(generated.failures);
        let mut seen = HashSet::new();
        seen.insert(text.clone());
        let name = |k: usize| format!("{stem}__v{k}");
        runs.push(Run {
            program: stem.clone(),
            variant: None,
            name: name(0),
            text: text.clone(),
        });
        for variant in generated.variants {
            if seen.insert(variant.text.clone()) {
                runs.push(Run {
                    program: stem.clone(),
                    name: name(seen.len() - 1),
                    text: variant.text.clone(),
                    variant: Some(variant),
                });
            }
        }
    }
    (runs, failures, sites)
}

fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the work folder");
    dir
}

/// Compares every variant's result with its original's and records the
/// differences; returns how many variants ran.
fn compare(
    runs: &[Run],
    results: &BTreeMap<String, Result<String, String>>,
    failures: &mut Failures,
) -> usize {
    let mut executed = 0;
    let mut per_relation: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let originals: BTreeMap<&str, &Result<String, String>> = runs
        .iter()
        .filter(|r| r.variant.is_none())
        .map(|r| (r.program.as_str(), &results[&r.name]))
        .collect();
    for run in runs {
        let Some(variant) = &run.variant else {
            if let Err(e) = &results[&run.name] {
                panic!("the original program {} fails on its own: {e}", run.program);
            }
            continue;
        };
        let Ok(expected) = originals[run.program.as_str()] else {
            continue;
        };
        let tally = per_relation.entry(variant.relation.as_str()).or_default();
        tally.0 += 1;
        let message = match &results[&run.name] {
            Ok(actual) if actual == expected => {
                executed += 1;
                continue;
            }
            Ok(actual) => {
                executed += 1;
                difference(expected, actual)
            }
            Err(e) => e.clone(),
        };
        tally.1 += 1;
        failures.push(Failure {
            relation: variant.relation.clone(),
            input: format!("tests/programs/{}", run.program),
            how: variant.how.clone(),
            message,
            text: variant.text.clone(),
        });
    }
    for (relation, (count, failed)) in per_relation {
        println!("  {relation}: {count} variants, {failed} failed");
    }
    executed
}

fn difference(expected: &str, actual: &str) -> String {
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    format!(
        "output differs at line {}: expected {:?}, got {:?}\n--- expected output\n{expected}--- actual output\n{actual}",
        line + 1,
        expected.lines().nth(line).unwrap_or("<end of output>"),
        actual.lines().nth(line).unwrap_or("<end of output>"),
    )
}

#[test]
fn java_variants_print_what_the_original_prints() {
    tools::require("javac");
    tools::require("java");
    let started = Instant::now();
    let (runs, mut failures, sites) = runs(Lang::Java);
    let dir = workdir("exec-java");
    let sources = dir.join("src");
    std::fs::create_dir_all(&sources).expect("create the source folder");
    for run in &runs {
        let text = replace_word(&run.text, &run.program, &run.name);
        std::fs::write(sources.join(format!("{}.java", run.name)), text).expect("write a variant");
    }
    std::fs::write(sources.join("RelationsRunner.java"), JAVA_RUNNER).expect("write the runner");
    let mut results = BTreeMap::new();
    let compiled = compile_java(&dir, &runs, &mut results);
    run_java(&dir, &compiled, &mut results);
    let executed = compare(&runs, &results, &mut failures);
    let programs = runs.iter().filter(|r| r.variant.is_none()).count();
    println!(
        "java: {programs} programs, {sites} sites, {} distinct variants, {executed} executed; {:.1}s",
        runs.len() - programs,
        started.elapsed().as_secs_f64()
    );
    assert!(
        programs >= 30,
        "the suite needs at least 30 Java programs, found {programs}"
    );
    failures.finish("exec-java");
}

/// Compiles all classes in one javac run (again without the ones that fail,
/// until the rest compiles); compile errors go into `results`.
fn compile_java(
    dir: &Path,
    runs: &[Run],
    results: &mut BTreeMap<String, Result<String, String>>,
) -> Vec<String> {
    let sources = dir.join("src");
    let classes = dir.join("classes");
    let mut alive: Vec<String> = runs.iter().map(|r| r.name.clone()).collect();
    loop {
        let _ = std::fs::remove_dir_all(&classes);
        let mut command = Command::new("javac");
        command
            .args([
                "-nowarn",
                "-encoding",
                "UTF-8",
                "-Xmaxerrs",
                "1000000",
                "-XDshould-stop.ifError=FLOW",
                "-d",
            ])
            .arg(&classes)
            .arg(sources.join("RelationsRunner.java"));
        for name in &alive {
            command.arg(sources.join(format!("{name}.java")));
        }
        let output = command.output().expect("javac runs (checked before)");
        if output.status.success() {
            return alive;
        }
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let mut failed = HashSet::new();
        for line in stderr.lines() {
            let Some(pos) = line.find(".java:") else {
                continue;
            };
            if !line.contains(": error: ") {
                continue;
            }
            let name = Path::new(&line[..pos])
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("");
            if failed.insert(name.to_string()) {
                results.insert(
                    name.to_string(),
                    Err(format!("javac: {}", &line[pos + 1..])),
                );
            }
        }
        assert!(
            !failed.is_empty() && !failed.contains("RelationsRunner"),
            "javac failed in a way this suite does not understand:\n{stderr}"
        );
        alive.retain(|name| !failed.contains(name));
    }
}

/// Runs the compiled classes in a few JVMs (the runner calls each main with
/// its own System.out); a class that runs too long ends its JVM, and a new
/// one goes on with the rest.
fn run_java(dir: &Path, names: &[String], results: &mut BTreeMap<String, Result<String, String>>) {
    let outputs = dir.join("out");
    std::fs::create_dir_all(&outputs).expect("create the output folder");
    let jobs = tools::parallelism().max(1);
    let shares: Vec<Vec<String>> = (0..jobs)
        .map(|j| names.iter().skip(j).step_by(jobs).cloned().collect())
        .collect();
    std::thread::scope(|scope| {
        for (j, share) in shares.into_iter().enumerate() {
            let outputs = &outputs;
            scope.spawn(move || {
                let mut remaining = share;
                while !remaining.is_empty() {
                    let list = dir.join(format!("list{j}.txt"));
                    std::fs::write(&list, remaining.join("\n")).expect("write the class list");
                    let status = Command::new("java")
                        .args([
                            "-Xss8m",
                            "-XX:+UseSerialGC",
                            "-XX:TieredStopAtLevel=1",
                            "-cp",
                        ])
                        .arg(dir.join("classes"))
                        .arg("RelationsRunner")
                        .arg(&list)
                        .arg(outputs)
                        .arg(RUN_LIMIT.as_millis().to_string())
                        .stdin(Stdio::null())
                        .status()
                        .expect("java runs (checked before)");
                    let done = remaining
                        .iter()
                        .take_while(|n| outputs.join(format!("{n}.out")).exists())
                        .count();
                    assert!(
                        done > 0 || status.success(),
                        "the runner JVM failed before running {}",
                        remaining[0]
                    );
                    remaining.drain(..done);
                }
            });
        }
    });
    for name in names {
        let path = outputs.join(format!("{name}.out"));
        let text = std::fs::read(&path).unwrap_or_else(|e| panic!("no output for {name}: {e}"));
        let text = String::from_utf8_lossy(&text).into_owned();
        let result = match text.strip_prefix("TIMEOUT\n") {
            Some(partial) => Err(format!(
                "still running after {RUN_LIMIT:?}; output so far:\n{partial}"
            )),
            None => Ok(text),
        };
        results.insert(name.clone(), result);
    }
}

/// Runs each listed class's main with System.out captured and writes
/// `<out>/<class>.out`. A class still running after the time limit gets
/// `TIMEOUT` and ends the JVM (its thread cannot be stopped safely).
const JAVA_RUNNER: &str = r#"
import java.io.*;
import java.nio.file.*;
import java.util.*;

public class RelationsRunner {
    public static void main(String[] args) throws Exception {
        List<String> names = Files.readAllLines(Paths.get(args[0]));
        Path out = Paths.get(args[1]);
        long limit = Long.parseLong(args[2]);
        PrintStream console = System.out;
        for (String name : names) {
            if (name.isEmpty()) continue;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream captured = new PrintStream(bytes, true, "UTF-8");
            System.setOut(captured);
            Thread thread = new Thread(null, () -> {
                try {
                    Class.forName(name).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    captured.print("<uncaught " + cause.getClass().getName() + ": " + cause.getMessage() + ">\n");
                } catch (Throwable e) {
                    captured.print("<runner could not start: " + e + ">\n");
                }
            }, name, 1L << 26);
            thread.setDaemon(true);
            thread.start();
            thread.join(limit);
            captured.flush();
            System.setOut(console);
            byte[] result = bytes.toByteArray();
            if (thread.isAlive()) {
                byte[] marker = "TIMEOUT\n".getBytes("UTF-8");
                byte[] joined = Arrays.copyOf(marker, marker.length + result.length);
                System.arraycopy(result, 0, joined, marker.length, result.length);
                Files.write(out.resolve(name + ".out"), joined);
                Runtime.getRuntime().halt(3);
            }
            Files.write(out.resolve(name + ".out"), result);
        }
        Runtime.getRuntime().halt(0);
    }
}
"#;

#[test]
fn c_variants_print_what_the_original_prints() {
    tools::require("gcc");
    let started = Instant::now();
    let (runs, mut failures, sites) = runs(Lang::C);
    let dir = workdir("exec-c");
    let results = Mutex::new(BTreeMap::new());
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..tools::parallelism().max(1) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(run) = runs.get(index) else { break };
                let result = compile_and_run_c(&dir, run);
                results
                    .lock()
                    .expect("results lock")
                    .insert(run.name.clone(), result);
            });
        }
    });
    let results = results.into_inner().expect("results lock");
    let executed = compare(&runs, &results, &mut failures);
    let programs = runs.iter().filter(|r| r.variant.is_none()).count();
    println!(
        "c: {programs} programs, {sites} sites, {} distinct variants, {executed} executed; {:.1}s",
        runs.len() - programs,
        started.elapsed().as_secs_f64()
    );
    assert!(
        programs >= 15,
        "the suite needs at least 15 C programs, found {programs}"
    );
    failures.finish("exec-c");
}

/// Output and exit status of one C program, or why there is none.
fn compile_and_run_c(dir: &Path, run: &Run) -> Result<String, String> {
    let source = dir.join(format!("{}.c", run.name));
    let binary = dir.join(&run.name);
    std::fs::write(&source, &run.text).expect("write a variant");
    let output = Command::new("gcc")
        .args(["-O0", "-w", "-std=gnu99", "-o"])
        .arg(&binary)
        .arg(&source)
        .output()
        .expect("gcc runs (checked before)");
    if !output.status.success() {
        return Err(format!("gcc: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let stdout_path = dir.join(format!("{}.out", run.name));
    let stdout = std::fs::File::create(&stdout_path).expect("create the output file");
    let mut child = Command::new(&binary)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    let deadline = Instant::now() + RUN_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the variant") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {RUN_LIMIT:?}"));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let text = String::from_utf8_lossy(&std::fs::read(&stdout_path).expect("read the output"))
        .into_owned();
    Ok(format!("{text}<exit {status}>\n"))
}
