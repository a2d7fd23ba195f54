//! How fast the relation catalog makes variants: single applications per
//! second per core (site lookup, rewrite, re-parse and validation, as the
//! fuzzer pays them) per relation and overall, and whole chains.

use crate::lang::Source;
use crate::relations::{apply, chain, Catalog, Choices, NameStrategy, Plan, Relation};
use std::time::{Duration, Instant};

/// What to measure.
#[derive(Clone, Debug)]
pub struct Options {
    /// Each relation is measured for at least this long (whole passes over
    /// the inputs), and so are chains.
    pub min_time: Duration,
    /// Steps per chain.
    pub chain_steps: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_time: Duration::from_millis(500),
            chain_steps: 8,
        }
    }
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct RelationsBench {
    /// Inputs measured on, and their largest line count.
    pub inputs: usize,
    pub max_lines: usize,
    /// One thread: the rates are per core.
    pub threads: usize,
    pub relations: Vec<RelationRate>,
    /// All relations together: applications over the time they took.
    pub overall: Rate,
    pub chains: ChainRate,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct RelationRate {
    pub id: String,
    /// Sites over all inputs (one pass).
    pub sites: usize,
    /// Sites where the relation declined (one pass).
    pub declined: usize,
    /// Applications at known sites (rewrite, re-parse, validation).
    pub rate: Rate,
    /// `sites()` over the inputs: `applications` counts inputs scanned.
    pub scan: Rate,
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Rate {
    /// Applications attempted (declines included: the fuzzer pays for them).
    pub applications: usize,
    pub seconds: f64,
    pub per_second: f64,
    /// CPU time of the measuring thread (Linux; 0 where unknown): on a
    /// loaded machine the thread waits for a core, and wall-clock rates
    /// understate what one core does.
    #[serde(default)]
    pub cpu_seconds: f64,
    #[serde(default)]
    pub per_cpu_second: f64,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ChainRate {
    pub steps: usize,
    pub chains: usize,
    /// Steps actually applied (a chain ends early where nothing applies).
    pub applied_steps: usize,
    pub seconds: f64,
    pub chains_per_second: f64,
    #[serde(default)]
    pub cpu_seconds: f64,
    #[serde(default)]
    pub chains_per_cpu_second: f64,
}

impl Rate {
    fn new(applications: usize, elapsed: Duration, cpu: Duration) -> Rate {
        let per = |seconds: f64| {
            if seconds > 0.0 {
                applications as f64 / seconds
            } else {
                0.0
            }
        };
        let (seconds, cpu_seconds) = (elapsed.as_secs_f64(), cpu.as_secs_f64());
        Rate {
            applications,
            seconds,
            per_second: per(seconds),
            cpu_seconds,
            per_cpu_second: per(cpu_seconds),
        }
    }
}

/// A wall clock and the calling thread's CPU clock, started together.
struct Clocks {
    wall: Instant,
    cpu: Duration,
}

impl Clocks {
    fn start() -> Clocks {
        Clocks {
            wall: Instant::now(),
            cpu: thread_cpu_time(),
        }
    }

    fn elapsed(&self) -> Duration {
        self.wall.elapsed()
    }

    fn cpu_elapsed(&self) -> Duration {
        thread_cpu_time().saturating_sub(self.cpu)
    }

    fn rate(&self, applications: usize) -> Rate {
        Rate::new(applications, self.elapsed(), self.cpu_elapsed())
    }
}

/// Time the calling thread has run on a CPU: the first field of
/// `/proc/thread-self/schedstat`, in nanoseconds (zero where unavailable).
fn thread_cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// Measures every relation of `catalog` on the inputs of its language, on
/// the calling thread.
pub fn run(catalog: &Catalog, inputs: &[Source], options: &Options) -> RelationsBench {
    let relations: Vec<RelationRate> = catalog
        .all()
        .map(|relation| measure_relation(relation, inputs, options.min_time))
        .collect();
    let applications = relations.iter().map(|r| r.rate.applications).sum();
    let seconds: f64 = relations.iter().map(|r| r.rate.seconds).sum();
    let cpu_seconds: f64 = relations.iter().map(|r| r.rate.cpu_seconds).sum();
    RelationsBench {
        inputs: inputs.len(),
        max_lines: inputs
            .iter()
            .map(|s| s.text().lines().count())
            .max()
            .unwrap_or(0),
        threads: 1,
        relations,
        overall: Rate::new(
            applications,
            Duration::from_secs_f64(seconds),
            Duration::from_secs_f64(cpu_seconds),
        ),
        chains: measure_chains(catalog, inputs, options),
    }
}

impl std::fmt::Display for RelationsBench {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} inputs (up to {} lines), one thread",
            self.inputs, self.max_lines
        )?;
        writeln!(
            f,
            "{:<32} {:>7} {:>8} {:>12} {:>12}",
            "relation", "sites", "declined", "applies/s", "scans/s"
        )?;
        for r in &self.relations {
            writeln!(
                f,
                "{:<32} {:>7} {:>8} {:>12.0} {:>12.0}",
                r.id, r.sites, r.declined, r.rate.per_second, r.scan.per_second
            )?;
        }
        writeln!(
            f,
            "overall: {:.0} applications/s/core ({} in {:.2}s); {:.0} per CPU-second ({:.2}s on a CPU)",
            self.overall.per_second,
            self.overall.applications,
            self.overall.seconds,
            self.overall.per_cpu_second,
            self.overall.cpu_seconds
        )?;
        writeln!(
            f,
            "chains of {}: {:.0} chains/s/core ({} chains, {} steps applied, {:.2}s); {:.0} per CPU-second",
            self.chains.steps,
            self.chains.chains_per_second,
            self.chains.chains,
            self.chains.applied_steps,
            self.chains.seconds,
            self.chains.chains_per_cpu_second
        )
    }
}

/// Programs to measure on: a JSON-lines file whose rows carry the code in
/// `text` (the test fixtures) or `func` (CodeXGLUE data sets).
pub fn load_jsonl(path: &std::path::Path, lang: crate::lang::Lang) -> Result<Vec<Source>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            let at = || format!("{}:{}", path.display(), index + 1);
            let row: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{}: invalid JSON: {e}", at()))?;
            let code = row
                .get("text")
                .or_else(|| row.get("func"))
                .and_then(|v| v.as_str())
                .ok_or_else(|| format!("{}: no string field `text` or `func`", at()))?;
            Source::parse(lang, code).map_err(|e| format!("{}: {e}", at()))
        })
        .collect()
}

fn measure_relation(
    relation: &dyn Relation,
    inputs: &[Source],
    min_time: Duration,
) -> RelationRate {
    let inputs: Vec<&Source> = inputs
        .iter()
        .filter(|s| s.lang() == relation.lang())
        .collect();
    // Finding sites is timed apart: a rare relation scans every input for
    // few sites, which would otherwise hide the cost of an application.
    let scan_started = Clocks::start();
    let sites: Vec<(&Source, Vec<crate::relations::Site>)> = inputs
        .iter()
        .map(|src| (*src, relation.sites(src)))
        .collect();
    let scan = scan_started.rate(inputs.len());
    let total: usize = sites.iter().map(|(_, s)| s.len()).sum();
    let (mut declined, mut applications) = (0, 0);
    let started = Clocks::start();
    for pass in 0.. {
        for (src, found) in &sites {
            for (index, site) in found.iter().enumerate() {
                let mut choices = Choices::new(index as u64, NameStrategy::Neutral);
                let outcome = apply(relation, src, site, &mut choices);
                if pass == 0 {
                    declined += usize::from(outcome.is_err());
                }
            }
        }
        applications += total;
        if total == 0 || started.elapsed() >= min_time {
            break;
        }
    }
    RelationRate {
        id: relation.id().to_string(),
        sites: total,
        declined,
        rate: started.rate(applications),
        scan,
    }
}

fn measure_chains(catalog: &Catalog, inputs: &[Source], options: &Options) -> ChainRate {
    let (mut chains, mut applied_steps) = (0, 0);
    let started = Clocks::start();
    let plan = Plan::Random {
        steps: options.chain_steps,
    };
    // At least one pass over the inputs, then until `min_time` has passed.
    while !inputs.is_empty() && (chains == 0 || started.elapsed() < options.min_time) {
        for (index, src) in inputs.iter().enumerate() {
            let seed = (chains + index) as u64;
            if let Ok(variant) = chain::run(catalog, src, plan, seed, NameStrategy::Neutral) {
                applied_steps += variant.record.steps.len();
            }
        }
        chains += inputs.len();
    }
    let rate = started.rate(chains);
    ChainRate {
        steps: options.chain_steps,
        chains,
        applied_steps,
        seconds: rate.seconds,
        chains_per_second: rate.per_second,
        cpu_seconds: rate.cpu_seconds,
        chains_per_cpu_second: rate.per_cpu_second,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn counts_every_site_of_every_relation_once_per_pass() {
        let inputs = vec![Source::parse(
            Lang::Java,
            "int f(int a) { for (int i = 0; i < a; i++) { a--; } return a; }",
        )
        .unwrap()];
        let options = Options {
            min_time: Duration::ZERO,
            chain_steps: 2,
        };
        let bench = run(Catalog::standard(), &inputs, &options);
        assert_eq!(bench.relations.len(), Catalog::standard().all().count());
        for r in &bench.relations {
            let relation = Catalog::standard().get(&r.id).unwrap();
            let expected = match relation.lang() {
                Lang::Java => relation.sites(&inputs[0]).len(),
                Lang::C => 0,
            };
            assert_eq!(r.sites, expected, "{}", r.id);
            assert_eq!(r.rate.applications, expected, "{}: one pass only", r.id);
        }
        assert_eq!(bench.chains.chains, 1);
        assert_eq!(bench.max_lines, 1);
    }
}
