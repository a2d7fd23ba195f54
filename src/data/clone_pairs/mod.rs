//! `data clone-pairs`: a clone-detection data set in the CodeXGLUE
//! BigCloneBench layout, built from real Java source trees.
//!
//! Steps, one module each: [`extract`] methods with tree-sitter, drop
//! duplicates ([`dedup`]), assign files to splits ([`split`]), find positive
//! pairs ([`candidates`], [`similarity`]) and draw labelled pairs
//! ([`pairs`]), then [`write`] the files. The label definition is
//! [`label_definition`], which README and `--help` repeat.
mod candidates;
mod dedup;
mod extract;
mod pairs;
mod similarity;
mod split;
mod tokens;
mod write;

pub use extract::{ExtractCounts, Limits};
pub use pairs::{Kind, CLONE_AT_LEAST, NOT_CLONE_BELOW};
pub use split::Split;

use extract::{FileOutcome, Method};
use indicatif::{ProgressBar, ProgressStyle};
use pairs::{Pair, PoolCounts, Sampler};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use write::{Extras, PairFile};

/// What the labels mean; printed in `--help` and in the data set's README.
pub fn label_definition() -> String {
    let (clone, not_clone) = (CLONE_AT_LEAST, NOT_CLONE_BELOW);
    let min_ratio = similarity::min_length_ratio(clone);
    format!(
        "Labels are computed from the code, not judged by people: they are NOT \
BigCloneBench's functionality judgements, only modelled on its clone types.

Each method becomes its identifier-normalised token sequence (tree-sitter-java \
leaves; identifiers and type names -> ID; literals -> INT, FLOAT, STR, CHAR, \
BOOL; keywords, operators and punctuation kept; comments dropped), then the \
sequence of its token trigrams (3 consecutive normalised tokens make one \
item). Similarity = 2*LCS/(|a|+|b|) over two trigram sequences: the share of \
trigrams that line up in order. Trigrams, not single tokens: over single \
normalised tokens, unrelated methods of similar size already score 0.54 \
(median) and 4% of them reach 0.7; over trigrams, 0.19 and about 0.1%.

- 1, type-1/2: equal normalised token sequences (exact textual copies are \
removed first, so these differ in names, literals, layout or comments).
- 1, type-3: similarity >= {clone}.
- 1, overload: same file, class and name, the same parameter names in the \
same order but different parameter types (ArrayUtils.reverse(int[] array) \
and reverse(long[] array); DateUtils.iterator(Date focus, int rangeStyle) and \
iterator(Calendar focus, int rangeStyle)), whatever their similarity: the \
same operation on other types. Overloads whose parameter names differ \
(ArrayRealVector(double[] d, boolean copyArray) and ArrayRealVector(RealVector \
v1, RealVector v2)) often do different things: not labelled.
- 0, hard negative: similarity < {not_clone} (about the median of random \
pairs of the same size and shape) between methods whose token counts are \
within a factor {hard} and whose bodies hold the same set of statement kinds \
(if, loop, switch, try, return, throw, declaration, expression, ...).
- 0, random negative: similarity < {not_clone} between two methods of the \
split whose sizes could still make them clones (token counts within a factor \
{max_ratio:.2}, as for every positive), so that size alone gives less of \
the label away.

Pairs with similarity in [{not_clone}, {clone}) that are not overloads are left \
out, and so are other pairs of one class with the same method name. Each \
split aims at {share:.0}% positives (fewer where too few exist); negatives \
are half hard, half random.",
        hard = pairs::HARD_SIZE_FACTOR,
        max_ratio = 1.0 / min_ratio,
        share = 100.0 * pairs::POSITIVE_SHARE,
    )
}

/// How many pairs to draw.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub train: usize,
    pub valid: usize,
    pub test: usize,
    pub unlabelled: usize,
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Java source trees (project roots: their NOTICE files are kept).
    pub sources: Vec<PathBuf>,
    pub out: PathBuf,
    pub seed: u64,
    pub sizes: Sizes,
    pub limits: Limits,
    /// Also write the test split alone (data.jsonl restricted to the methods
    /// test.txt uses, test.txt, README.md, NOTICE) here, for committing.
    pub committed_test: Option<PathBuf>,
    /// Show progress bars on standard error.
    pub progress: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ClonePairsError {
    #[error("{0} is not a directory (expected a Java source tree)")]
    NotADirectory(PathBuf),
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no .java files under {}", .0.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    NoJavaFiles(Vec<PathBuf>),
    #[error("the {split} split has {methods} usable method(s); at least 2 are needed (more sources, another --seed, or smaller --min-statements/--min-tokens)")]
    TooFewMethods { split: &'static str, methods: usize },
    #[error("{0} exists and is not a data set written by this command; refusing to replace it")]
    RefuseOverwrite(PathBuf),
    #[error("cannot write the statistics as JSON: {0}")]
    Stats(serde_json::Error),
}

pub type Result<T> = std::result::Result<T, ClonePairsError>;

/// Counts per label kind.
pub type KindCounts = BTreeMap<Kind, usize>;

#[derive(Debug, Clone, Default, Serialize)]
pub struct SplitStats {
    pub files: usize,
    pub methods: usize,
    pub pool: PoolCounts,
    pub pairs: usize,
    pub kinds: KindCounts,
    pub positive_share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub seed: u64,
    pub sources: Vec<String>,
    pub limits: Limits,
    pub extraction: ExtractCounts,
    pub exact_duplicates_dropped: usize,
    pub cross_split_normalised_duplicates_dropped: usize,
    pub methods: usize,
    pub splits: BTreeMap<&'static str, SplitStats>,
    pub unlabelled: SplitStats,
    /// Not written to stats.json, so that the same seed gives the same files.
    #[serde(skip)]
    pub seconds: BTreeMap<&'static str, f64>,
}

/// Builds the data set and returns its statistics.
pub fn build(options: &Options) -> Result<Stats> {
    let mut seconds = BTreeMap::new();
    let started = Instant::now();
    let (methods, extraction) = extract_all(options)?;
    seconds.insert("extract", started.elapsed().as_secs_f64());

    let (methods, exact_dropped) = dedup::drop_exact_copies(methods);
    let assigned = methods
        .into_iter()
        .map(|m| {
            let split = split::split_of(&m.unit, options.seed);
            (m, split)
        })
        .collect();
    let (assigned, cross_dropped) = dedup::drop_cross_split_copies(assigned);
    let (methods, split_of): (Vec<Method>, Vec<Split>) = assigned.into_iter().unzip();

    let step = Instant::now();
    let mut drawn = draw_pairs(&methods, &split_of, options)?;
    seconds.insert("pairs", step.elapsed().as_secs_f64());

    let mut stats = Stats {
        seed: options.seed,
        sources: options
            .sources
            .iter()
            .map(|s| s.display().to_string())
            .collect(),
        limits: options.limits,
        extraction,
        exact_duplicates_dropped: exact_dropped,
        cross_split_normalised_duplicates_dropped: cross_dropped,
        methods: methods.len(),
        splits: Split::ALL
            .iter()
            .filter_map(|split| Some((split.name(), drawn.labelled.get(split)?.1.clone())))
            .collect(),
        unlabelled: drawn.unlabelled.1.clone(),
        seconds,
    };
    let step = Instant::now();
    let notice = notice(&options.sources)?;
    let readme = readme(&stats);
    let mut take = |split| drawn.labelled.remove(&split).unwrap_or_default().0;
    let (train, valid, test) = (take(Split::Train), take(Split::Valid), take(Split::Test));
    let unlabelled = drawn.unlabelled.0;
    let stats_json = serde_json::to_string_pretty(&stats).map_err(ClonePairsError::Stats)?;
    write::write_dataset(
        &options.out,
        &methods,
        &[
            PairFile {
                name: "train.txt",
                pairs: &train,
                labelled: true,
            },
            PairFile {
                name: "valid.txt",
                pairs: &valid,
                labelled: true,
            },
            PairFile {
                name: "test.txt",
                pairs: &test,
                labelled: true,
            },
            PairFile {
                name: "unlabelled.txt",
                pairs: &unlabelled,
                labelled: false,
            },
        ],
        &Extras {
            readme: &readme,
            notice: &notice,
            stats: Some(&stats_json),
        },
    )?;
    if let Some(dir) = &options.committed_test {
        write::write_dataset(
            dir,
            &methods,
            &[PairFile {
                name: "test.txt",
                pairs: &test,
                labelled: true,
            }],
            &Extras {
                readme: &readme,
                notice: &notice,
                stats: None,
            },
        )?;
    }
    stats.seconds.insert("write", step.elapsed().as_secs_f64());
    stats
        .seconds
        .insert("total", started.elapsed().as_secs_f64());
    Ok(stats)
}

/// The pairs of every split and of the unlabelled set, with their counts.
struct Drawn {
    labelled: BTreeMap<Split, (Vec<Pair>, SplitStats)>,
    unlabelled: (Vec<Pair>, SplitStats),
}

/// Draws each split's pairs from its own methods only, so no pair crosses
/// splits. Train and unlabelled share the train files and one sampler: no
/// pair is in both, and when the positive pool is short it is shared in
/// proportion to their sizes.
fn draw_pairs(methods: &[Method], split_of: &[Split], options: &Options) -> Result<Drawn> {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut labelled = BTreeMap::new();
    let mut unlabelled = Default::default();
    for split in Split::ALL {
        let members: Vec<usize> = (0..methods.len())
            .filter(|&m| split_of[m] == split)
            .collect();
        if members.len() < 2 {
            return Err(ClonePairsError::TooFewMethods {
                split: split.name(),
                methods: members.len(),
            });
        }
        let (pool, pool_counts) = pairs::positive_pool(&members, methods);
        let files = count_files(&members, methods);
        let split_rng = ChaCha8Rng::seed_from_u64(rng.gen());
        let mut sampler = Sampler::new(methods, members.clone(), pool, split_rng);
        let mut requests = vec![(false, requested(options.sizes, split))];
        if split == Split::Train {
            requests.push((true, options.sizes.unlabelled));
        }
        let total: usize = requests.iter().map(|(_, n)| n).sum();
        let available = sampler.positives_available();
        for (is_unlabelled, n) in requests {
            let share = (available as f64 * n as f64 / total.max(1) as f64).floor() as usize;
            let target = ((n as f64 * pairs::POSITIVE_SHARE).round() as usize).min(share);
            let pairs = sampler.draw(n, target);
            let stats = SplitStats {
                files,
                methods: members.len(),
                pool: pool_counts.clone(),
                pairs: pairs.len(),
                kinds: count_kinds(&pairs),
                positive_share: positive_share(&pairs),
            };
            if is_unlabelled {
                unlabelled = (pairs, stats);
            } else {
                labelled.insert(split, (pairs, stats));
            }
        }
    }
    Ok(Drawn {
        labelled,
        unlabelled,
    })
}

fn requested(sizes: Sizes, split: Split) -> usize {
    match split {
        Split::Train => sizes.train,
        Split::Valid => sizes.valid,
        Split::Test => sizes.test,
    }
}

fn count_files(members: &[usize], methods: &[Method]) -> usize {
    let files: std::collections::BTreeSet<_> = members
        .iter()
        .map(|&m| (methods[m].source, &methods[m].file))
        .collect();
    files.len()
}

fn count_kinds(pairs: &[Pair]) -> KindCounts {
    let mut counts: KindCounts = Kind::ALL.iter().map(|&k| (k, 0)).collect();
    for pair in pairs {
        *counts.entry(pair.kind).or_default() += 1;
    }
    counts
}

fn positive_share(pairs: &[Pair]) -> f64 {
    let positives = pairs.iter().filter(|p| p.kind.label() == 1).count();
    positives as f64 / pairs.len().max(1) as f64
}

/// Extracts the methods of every source tree, in (source, file, position)
/// order.
fn extract_all(options: &Options) -> Result<(Vec<Method>, ExtractCounts)> {
    let mut files = Vec::new();
    for (source, dir) in options.sources.iter().enumerate() {
        for file in extract::java_files(dir)? {
            files.push((source, file));
        }
    }
    if files.is_empty() {
        return Err(ClonePairsError::NoJavaFiles(options.sources.clone()));
    }
    let progress = bar(options.progress, files.len() as u64, "parsing");
    let mut tables = Default::default();
    let mut counts = ExtractCounts::default();
    let mut methods = Vec::new();
    for (source, file) in &files {
        counts.java_files += 1;
        let root = &options.sources[*source];
        match extract::extract_file(
            *source,
            root,
            file,
            &options.limits,
            &mut tables,
            &mut counts,
        )? {
            FileOutcome::Methods(found) => methods.extend(found),
            FileOutcome::NotUtf8 => {
                counts.non_utf8_files += 1;
                progress.suspend(|| {
                    eprintln!(
                        "warning: {} is not UTF-8; skipped",
                        root.join(file).display()
                    )
                });
            }
            FileOutcome::Unparsable => {
                counts.unparsable_files += 1;
                progress.suspend(|| {
                    eprintln!(
                        "warning: {} could not be parsed (binary or too large); skipped",
                        root.join(file).display()
                    )
                });
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    Ok((methods, counts))
}

fn bar(visible: bool, length: u64, message: &'static str) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(length).with_message(message);
    if let Ok(style) = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} {elapsed}") {
        bar.set_style(style);
    }
    bar
}

/// The NOTICE of the data set: each source tree's NOTICE file, or a line
/// naming its licence file when it has no NOTICE (Guava ships none).
fn notice(sources: &[PathBuf]) -> Result<String> {
    let mut out = String::from(
        "The methods in data.jsonl are excerpts of the following Apache-2.0 licensed \
projects, copied unchanged apart from indentation. Their NOTICE files follow.\n",
    );
    for dir in sources {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push_str(&format!("\n==== {name} ====\n"));
        let found = ["NOTICE", "NOTICE.txt", "NOTICE.md"]
            .iter()
            .map(|f| dir.join(f))
            .find(|p| p.is_file());
        match found {
            Some(path) => {
                let bytes = std::fs::read(&path).map_err(|source| ClonePairsError::Io {
                    path: path.clone(),
                    source,
                })?;
                out.push_str(&String::from_utf8_lossy(&bytes));
            }
            None => {
                let licence = ["LICENSE", "LICENSE.txt", "COPYING"]
                    .iter()
                    .find(|f| dir.join(f).is_file());
                out.push_str(&format!(
                    "No NOTICE file in this project; its licence is in {}.\n",
                    licence.unwrap_or(&"its source tree")
                ));
            }
        }
    }
    Ok(out)
}

fn readme(stats: &Stats) -> String {
    let sources: Vec<String> = stats
        .sources
        .iter()
        .map(|s| {
            let name = Path::new(s)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            format!("- {}", name.unwrap_or_else(|| s.clone()))
        })
        .collect();
    let mut splits = String::new();
    let labelled = Split::ALL
        .iter()
        .filter_map(|split| Some((split.name(), stats.splits.get(split.name())?)));
    for (name, split) in labelled.chain([("unlabelled", &stats.unlabelled)]) {
        let kinds: Vec<String> = split
            .kinds
            .iter()
            .map(|(k, n)| format!("{} {n}", k.name()))
            .collect();
        splits.push_str(&format!(
            "| {name} | {} | {} | {} | {:.1}% | {} |\n",
            split.files,
            split.methods,
            split.pairs,
            100.0 * split.positive_share,
            kinds.join(", ")
        ));
    }
    format!(
        "# Clone pairs from real Java code\n\n\
Built by `metacompress data clone-pairs` (seed {seed}) in the CodeXGLUE BigCloneBench \
layout: `data.jsonl` rows `{{\"func\", \"idx\"}}`, `train.txt`/`valid.txt`/`test.txt` lines \
`idx1<TAB>idx2<TAB>label`, `unlabelled.txt` lines `idx1<TAB>idx2` (train files only, for \
distillation), `stats.json` with every count.\n\n\
## Sources\n\n{sources}\n\nAll Apache-2.0; see NOTICE. Methods and constructors with a body, \
at least {min_statements} statements (nested ones counted) and {min_tokens} to {max_tokens} \
tokens; methods of anonymous and local classes stay inside their enclosing method. Test \
sources are included: {from_tests} of the {kept} methods kept before deduplication come from \
them. {methods} methods remain after deduplication.\n\n\
## Labels\n\n{labels}\n\n\
## Splits\n\nBy source file: a file's methods all go to one split (a seeded hash of package + \
file name, {valid}% of them valid, {test}% test), so no method and no pair crosses splits. Exact copies \
(whitespace-normalised) are removed everywhere; a method whose normalised token sequence \
also occurs in an earlier split (train < valid < test) is removed from the later one.\n\n\
| split | files | methods | pairs | positives | kinds |\n|---|---|---|---|---|---|\n{splits}",
        seed = stats.seed,
        sources = sources.join("\n"),
        min_statements = stats.limits.min_statements,
        min_tokens = stats.limits.min_tokens,
        max_tokens = stats.limits.max_tokens,
        from_tests = stats.extraction.kept_from_test_sources,
        kept = stats.extraction.kept,
        methods = stats.methods,
        labels = label_definition(),
        valid = split::VALID_PER_MILLE as f64 / 10.0,
        test = split::TEST_PER_MILLE as f64 / 10.0,
    )
}

#[cfg(test)]
mod tests;
