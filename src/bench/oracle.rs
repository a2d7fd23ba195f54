//! `metacompress bench oracle`: how close the oracle comes to the bare
//! models, and how it compares with the plain Python loop a user would write.
//!
//! Measured in one run, on the same bundles and the same distinct samples:
//! 1. the oracle with a cold cache (tokenization, batching, both models);
//! 2. the bound: TorchScript forward of teacher then student, back to back,
//!    on pre-tokenized, pre-padded batches composed as the oracle composes
//!    them (windows of 4 batches sorted by length);
//! 3. `scripts/bench_python_baseline.py`: HF tokenizers + torch.jit.load of
//!    the same model.pt, eager loop, teacher then student, same batches;
//! 4. the oracle again on the same samples, now answered from its cache.
use super::{inputs, python};
use crate::data::{Sample, Task};
use crate::model::{assemble, Bundle, DeviceChoice, SegmentIds, MODEL_FILE};
use crate::oracle::{Oracle, OracleOptions, OracleStats, Verdict};
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tch::{CModule, Device, Tensor};

/// What to measure.
#[derive(Debug, Clone)]
pub struct OracleBenchOptions {
    pub teacher: PathBuf,
    pub student: PathBuf,
    /// A CodeXGLUE data set whose functions make the samples.
    pub data: PathBuf,
    pub split: String,
    pub samples: usize,
    pub batch_size: usize,
    pub device: DeviceChoice,
    /// libtorch intra-op threads (process-wide); `None` keeps libtorch's default.
    pub threads: Option<usize>,
    /// Interpreter for the Python baseline; `None` skips it.
    pub python: Option<PathBuf>,
}

/// Wall time of one measured pass over all samples.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Pass {
    pub seconds: f64,
    pub samples_per_second: f64,
}

impl Pass {
    fn new(samples: usize, time: Duration) -> Pass {
        let seconds = time.as_secs_f64();
        Pass {
            seconds,
            samples_per_second: samples as f64 / seconds.max(1e-9),
        }
    }
}

/// Where the oracle's cold pass spent its time (from its counters).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct OracleBreakdown {
    pub tokenize_seconds: f64,
    pub teacher_forward_seconds: f64,
    pub student_forward_seconds: f64,
    pub teacher_batches: u64,
    pub student_batches: u64,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct BoundPass {
    #[serde(flatten)]
    pub pass: Pass,
    pub teacher_seconds: f64,
    pub student_seconds: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PythonPass {
    #[serde(flatten)]
    pub pass: Pass,
    pub tokenize_seconds: f64,
    pub teacher_seconds: f64,
    pub student_seconds: f64,
    pub torch_version: String,
    /// Largest |p_python - p_oracle| over samples, labels and both models:
    /// shows both did the same job.
    pub max_probability_difference: f64,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Ratios {
    /// Goal: at least 0.9.
    pub oracle_over_bound: f64,
    /// Goal on CPU: at least 1.5.
    pub oracle_over_python: Option<f64>,
    pub warm_over_cold_time: f64,
}

/// Everything `bench oracle` measured.
#[derive(Debug, Clone, Serialize)]
pub struct OracleBenchReport {
    pub teacher: String,
    pub student: String,
    pub task: Task,
    pub device: String,
    pub threads: i32,
    pub samples: usize,
    pub batch_size: usize,
    pub mean_teacher_tokens: f64,
    pub mean_student_tokens: f64,
    pub oracle_cold: Pass,
    pub oracle_cold_breakdown: OracleBreakdown,
    pub bound: BoundPass,
    pub python: Option<PythonPass>,
    pub python_skipped: Option<String>,
    pub oracle_warm: Pass,
    pub warm_forwarded_samples: u64,
    pub ratios: Ratios,
}

/// Runs the four passes; errors name what failed.
pub fn run(options: &OracleBenchOptions) -> anyhow::Result<OracleBenchReport> {
    if let Some(threads) = options.threads {
        tch::set_num_threads(threads as i32);
    }
    let pair = load_pair(options)?;
    let oracle = &pair.oracle;
    let task = oracle.task();
    let functions = inputs::functions(&options.data, &options.split).map_err(anyhow::Error::msg)?;
    // Samples past the measured ones warm the models up (first TorchScript
    // runs are slow) without putting the measured samples into the cache.
    let warmup = 2 * options.batch_size;
    let mut all = inputs::samples(&functions, task, options.samples + warmup, 20261124)
        .map_err(anyhow::Error::msg)?;
    let warmup_samples = all.split_off(options.samples);
    let samples = all;

    let teacher_ids = encode_all(&pair.teacher, &samples)?;
    let student_ids = encode_all(&pair.student, &samples)?;
    let teacher_plan = plan_batches(&teacher_ids, options.batch_size);
    let student_plan = plan_batches(&student_ids, options.batch_size);
    let device = pair.teacher.device();
    let bound_teacher = BoundModel::new(&pair.teacher, &teacher_ids, &teacher_plan, device)?;
    let bound_student = BoundModel::new(&pair.student, &student_ids, &student_plan, device)?;

    oracle.run(&warmup_samples)?;
    oracle.clear_cache();
    bound_teacher.warm_up()?;
    bound_student.warm_up()?;

    let before = oracle.stats();
    let start = Instant::now();
    let verdicts = oracle.run(&samples)?;
    let cold = Pass::new(samples.len(), start.elapsed());
    let breakdown = breakdown(&before, &oracle.stats());

    let teacher_time = bound_teacher.run()?;
    let student_time = bound_student.run()?;
    let bound = BoundPass {
        pass: Pass::new(samples.len(), teacher_time + student_time),
        teacher_seconds: teacher_time.as_secs_f64(),
        student_seconds: student_time.as_secs_f64(),
    };

    let (python, python_skipped) = match &options.python {
        Some(interpreter) => {
            let plans = [&teacher_plan, &student_plan];
            let pass = python_baseline(interpreter, options, &samples, plans, device, &verdicts)?;
            (Some(pass), None)
        }
        None => (None, Some("--no-python".to_string())),
    };

    let before = oracle.stats();
    let start = Instant::now();
    oracle.run(&samples)?;
    let warm = Pass::new(samples.len(), start.elapsed());
    let after = oracle.stats();
    let warm_forwarded = (after.teacher.forwarded - before.teacher.forwarded)
        + (after.student.forwarded - before.student.forwarded);

    let ratios = Ratios {
        oracle_over_bound: cold.samples_per_second / bound.pass.samples_per_second,
        oracle_over_python: python
            .as_ref()
            .map(|p| cold.samples_per_second / p.pass.samples_per_second),
        warm_over_cold_time: warm.seconds / cold.seconds,
    };
    Ok(OracleBenchReport {
        teacher: oracle.teacher().name().to_string(),
        student: oracle.student().name().to_string(),
        task,
        device: format!("{device:?}"),
        threads: tch::get_num_threads(),
        samples: samples.len(),
        batch_size: options.batch_size,
        mean_teacher_tokens: mean_tokens(&teacher_ids),
        mean_student_tokens: mean_tokens(&student_ids),
        oracle_cold: cold,
        oracle_cold_breakdown: breakdown,
        bound,
        python,
        python_skipped,
        oracle_warm: warm,
        warm_forwarded_samples: warm_forwarded,
        ratios,
    })
}

/// Seconds the bare TorchScript forwards of teacher then student take on
/// `samples`, batched as the oracle batches a bulk run: the bound no
/// pipeline around the models can beat (used by `bench fuzz`).
pub fn bare_forward_seconds(
    pair: &BundlePair,
    samples: &[Sample],
    batch_size: usize,
) -> anyhow::Result<f64> {
    let mut total = Duration::ZERO;
    for bundle in [&pair.teacher, &pair.student] {
        let ids = encode_all(bundle, samples)?;
        let plan = plan_batches(&ids, batch_size);
        let model = BoundModel::new(bundle, &ids, &plan, bundle.device())?;
        model.warm_up()?;
        total += model.run()?;
    }
    Ok(total.as_secs_f64())
}

/// Two bundles and the oracle over them: the benches time the bundles'
/// bare forward passes beside the oracle.
pub struct BundlePair {
    pub teacher: Arc<Bundle>,
    pub student: Arc<Bundle>,
    pub oracle: Oracle,
}

impl BundlePair {
    /// Loads both bundles on `options.device` in `options.precision` and joins them.
    pub fn open(teacher: &Path, student: &Path, options: OracleOptions) -> anyhow::Result<Self> {
        let device = options.device.resolve().map_err(anyhow::Error::msg)?;
        let load = |dir: &Path| -> anyhow::Result<Arc<Bundle>> {
            let bundle = Bundle::load_on(dir, device)?.to(device, options.precision)?;
            Ok(Arc::new(bundle))
        };
        let (teacher, student) = (load(teacher)?, load(student)?);
        let oracle = Oracle::with_models(teacher.clone(), student.clone(), options)?;
        Ok(BundlePair {
            teacher,
            student,
            oracle,
        })
    }
}

fn load_pair(options: &OracleBenchOptions) -> anyhow::Result<BundlePair> {
    let oracle_options = OracleOptions {
        device: options.device,
        batch_size: options.batch_size,
        // Room for every measured sample: the warm pass must not miss.
        cache_capacity: OracleOptions::default()
            .cache_capacity
            .max(2 * options.samples),
        ..OracleOptions::default()
    };
    BundlePair::open(&options.teacher, &options.student, oracle_options)
}

fn encode_all(bundle: &Bundle, samples: &[Sample]) -> anyhow::Result<Vec<SegmentIds>> {
    samples
        .iter()
        .map(|sample| {
            bundle.encoder().encode(sample).map_err(|problem| {
                anyhow::anyhow!("{}: sample {}: {problem}", bundle.name(), sample.id)
            })
        })
        .collect()
}

/// Batches as the oracle forms them in a bulk run: windows of four batches,
/// each sorted by the sample's longest segment, cut into batches.
fn plan_batches(ids: &[SegmentIds], batch_size: usize) -> Vec<Vec<usize>> {
    let longest = |i: &usize| ids[*i].iter().map(Vec::len).max().unwrap_or(0);
    let indices: Vec<usize> = (0..ids.len()).collect();
    let mut batches = Vec::new();
    for window in indices.chunks(batch_size * 4) {
        let mut window = window.to_vec();
        window.sort_by_key(longest);
        batches.extend(window.chunks(batch_size).map(<[usize]>::to_vec));
    }
    batches
}

fn mean_tokens(ids: &[SegmentIds]) -> f64 {
    let segments: usize = ids.iter().map(Vec::len).sum();
    let tokens: usize = ids.iter().flatten().map(Vec::len).sum();
    tokens as f64 / segments.max(1) as f64
}

fn breakdown(before: &OracleStats, after: &OracleStats) -> OracleBreakdown {
    OracleBreakdown {
        tokenize_seconds: (after.tokenize_time - before.tokenize_time).as_secs_f64(),
        teacher_forward_seconds: (after.teacher.forward_time - before.teacher.forward_time)
            .as_secs_f64(),
        student_forward_seconds: (after.student.forward_time - before.student.forward_time)
            .as_secs_f64(),
        teacher_batches: after.teacher.batches - before.teacher.batches,
        student_batches: after.student.batches - before.student.batches,
    }
}

/// A second copy of a bundle's TorchScript module with its input batches
/// already built, so that only `forward` is timed.
struct BoundModel {
    module: CModule,
    batches: Vec<Tensor>,
}

impl BoundModel {
    fn new(
        bundle: &Bundle,
        ids: &[SegmentIds],
        plan: &[Vec<usize>],
        device: Device,
    ) -> anyhow::Result<BoundModel> {
        let path = bundle.dir().join(MODEL_FILE);
        let mut module = CModule::load_on_device(&path, device)
            .map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?;
        module.set_eval();
        let pad = bundle.encoder().special_ids().pad;
        let batches = plan
            .iter()
            .map(|batch| {
                let rows: Vec<&SegmentIds> = batch.iter().map(|&i| &ids[i]).collect();
                let (flat, _) = assemble(&rows, pad);
                Tensor::from_slice(&flat)
                    .view([rows.len() as i64, -1])
                    .to_device(device)
            })
            .collect();
        Ok(BoundModel { module, batches })
    }

    fn forward(&self, batch: &Tensor) -> anyhow::Result<()> {
        let scores = self.module.forward_ts(&[batch])?;
        // Copying the scores to the CPU waits for an asynchronous device.
        let _ = scores.to_device(Device::Cpu);
        Ok(())
    }

    fn warm_up(&self) -> anyhow::Result<()> {
        let _guard = tch::no_grad_guard();
        for batch in self.batches.iter().take(2) {
            self.forward(batch)?;
        }
        Ok(())
    }

    fn run(&self) -> anyhow::Result<Duration> {
        let _guard = tch::no_grad_guard();
        let start = Instant::now();
        for batch in &self.batches {
            self.forward(batch)?;
        }
        Ok(start.elapsed())
    }
}

/// What the Python script reports (see scripts/bench_python_baseline.py).
#[derive(serde::Deserialize)]
struct PythonFigures {
    seconds: f64,
    tokenize_seconds: f64,
    teacher_seconds: f64,
    student_seconds: f64,
    torch_version: String,
    teacher_probabilities: Vec<Vec<f64>>,
    student_probabilities: Vec<Vec<f64>>,
}

fn python_baseline(
    interpreter: &Path,
    options: &OracleBenchOptions,
    samples: &[Sample],
    plans: [&Vec<Vec<usize>>; 2],
    device: Device,
    verdicts: &[Verdict],
) -> anyhow::Result<PythonPass> {
    let job = serde_json::json!({
        "segments": samples.iter().map(|s| &s.segments).collect::<Vec<_>>(),
        "teacher_batches": plans[0],
        "student_batches": plans[1],
    });
    let file = tempfile_path("bench-python-inputs.json")?;
    std::fs::write(&file, serde_json::to_vec(&job)?)?;
    let device_name = match device {
        Device::Cuda(n) => format!("cuda:{n}"),
        _ => "cpu".to_string(),
    };
    let threads = tch::get_num_threads().to_string();
    let args: Vec<&std::ffi::OsStr> = vec![
        "--teacher".as_ref(),
        options.teacher.as_os_str(),
        "--student".as_ref(),
        options.student.as_os_str(),
        "--inputs".as_ref(),
        file.as_os_str(),
        "--device".as_ref(),
        device_name.as_ref(),
        "--threads".as_ref(),
        threads.as_ref(),
    ];
    let stdout = python::run_script(interpreter, "bench_python_baseline.py", &args);
    let _ = std::fs::remove_file(&file);
    let stdout = stdout.map_err(anyhow::Error::msg)?;
    let figures: PythonFigures = serde_json::from_str(stdout.trim()).map_err(|err| {
        anyhow::anyhow!("bench_python_baseline.py printed unreadable JSON: {err}")
    })?;
    let mut worst = 0.0f64;
    for (verdict, (t, s)) in verdicts.iter().zip(
        figures
            .teacher_probabilities
            .iter()
            .zip(&figures.student_probabilities),
    ) {
        for (ours, theirs) in [(&verdict.teacher.probs, t), (&verdict.student.probs, s)] {
            for (a, b) in ours.iter().zip(theirs) {
                worst = worst.max((f64::from(*a) - b).abs());
            }
        }
    }
    Ok(PythonPass {
        pass: Pass::new(samples.len(), Duration::from_secs_f64(figures.seconds)),
        tokenize_seconds: figures.tokenize_seconds,
        teacher_seconds: figures.teacher_seconds,
        student_seconds: figures.student_seconds,
        torch_version: figures.torch_version,
        max_probability_difference: worst,
    })
}

fn tempfile_path(name: &str) -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("metacompress-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir.join(name))
}

impl fmt::Display for OracleBenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = |f: &mut fmt::Formatter<'_>, what: &str, pass: &Pass, extra: String| {
            writeln!(
                f,
                "  {what:<34} {:>8.2} samples/s  {:>8.3} s  {extra}",
                pass.samples_per_second, pass.seconds
            )
        };
        writeln!(
            f,
            "bench oracle: teacher '{}' vs student '{}' ({}), {} distinct samples, batch {}, {}, {} threads",
            self.teacher, self.student, self.task, self.samples, self.batch_size, self.device, self.threads
        )?;
        writeln!(
            f,
            "  mean ids per segment: teacher {:.1}, student {:.1}",
            self.mean_teacher_tokens, self.mean_student_tokens
        )?;
        let b = &self.oracle_cold_breakdown;
        line(
            f,
            "(1) oracle, cold cache",
            &self.oracle_cold,
            format!(
                "tokenize {:.3} s (summed over workers), forward teacher {:.3} s / student {:.3} s, {}+{} batches",
                b.tokenize_seconds, b.teacher_forward_seconds, b.student_forward_seconds, b.teacher_batches, b.student_batches
            ),
        )?;
        line(
            f,
            "(2) bound: bare forward, same batches",
            &self.bound.pass,
            format!(
                "teacher {:.3} s + student {:.3} s",
                self.bound.teacher_seconds, self.bound.student_seconds
            ),
        )?;
        match (&self.python, &self.python_skipped) {
            (Some(p), _) => line(
                f,
                "(3) PyTorch eager Python loop",
                &p.pass,
                format!(
                    "tokenize {:.3} s, teacher {:.3} s, student {:.3} s, torch {}, max |Δp| vs oracle {:.2e}",
                    p.tokenize_seconds, p.teacher_seconds, p.student_seconds, p.torch_version, p.max_probability_difference
                ),
            )?,
            (None, reason) => writeln!(f, "  (3) PyTorch eager Python loop      skipped ({})", reason.as_deref().unwrap_or("?"))?,
        }
        line(
            f,
            "(4) oracle, warm cache",
            &self.oracle_warm,
            format!("{} samples forwarded", self.warm_forwarded_samples),
        )?;
        let r = &self.ratios;
        writeln!(
            f,
            "  oracle / bound  = {:.3}  (goal >= 0.9)",
            r.oracle_over_bound
        )?;
        match r.oracle_over_python {
            Some(ratio) => writeln!(f, "  oracle / python = {ratio:.3}  (goal >= 1.5 on CPU)")?,
            None => writeln!(f, "  oracle / python = n/a")?,
        }
        writeln!(f, "  warm / cold time = {:.4}", r.warm_over_cold_time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_sort_by_length_within_windows_of_four() {
        let ids: Vec<SegmentIds> = [5, 3, 9, 1, 7, 2, 8, 4, 6, 0]
            .iter()
            .map(|&n| vec![vec![0; n + 2]])
            .collect();
        let plan = plan_batches(&ids, 2);
        assert_eq!(
            plan,
            vec![vec![3, 5], vec![1, 7], vec![0, 4], vec![6, 2], vec![9, 8]]
        );
    }
}
