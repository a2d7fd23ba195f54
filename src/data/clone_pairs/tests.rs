//! Builds data sets from generated Java trees and reads them back with the
//! BigCloneBench reader.
use super::extract::{extract_parsed, ExtractCounts, Limits};
use super::pairs::{positive_pool, Kind, NOT_CLONE_BELOW};
use super::similarity::similarity;
use super::split::{split_of, Split};
use super::{build, ClonePairsError, Options, Sizes};
use crate::data::{self, LoadOptions};
use crate::lang::{Lang, Source};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Method templates with different statement structures; `{N}` is the
/// method name, `{V}` a suffix for every local name (so that two
/// instantiations are renamed copies of each other).
const TEMPLATES: [&str; 6] = [
    "public static int {N}(int[] values{V}) {
        int total{V} = 0;
        for (int i{V} = 0; i{V} < values{V}.length; i{V}++) {
            total{V} += values{V}[i{V}] * 2;
        }
        return total{V};
    }",
    "public String {N}(String text{V}, char sep{V}) {
        StringBuilder out{V} = new StringBuilder();
        int pos{V} = text{V}.indexOf(sep{V});
        while (pos{V} >= 0) {
            out{V}.append(text{V}, 0, pos{V}).append('|');
            text{V} = text{V}.substring(pos{V} + 1);
            pos{V} = text{V}.indexOf(sep{V});
        }
        return out{V}.append(text{V}).toString();
    }",
    "private Integer {N}(String input{V}) {
        if (input{V} == null || input{V}.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(input{V}.trim());
        } catch (NumberFormatException e{V}) {
            throw new IllegalArgumentException(\"bad number: \" + input{V}, e{V});
        }
    }",
    "static String {N}(int code{V}) {
        String label{V};
        switch (code{V}) {
            case 1: label{V} = \"one\"; break;
            case 2: label{V} = \"two\"; break;
            default: label{V} = \"many\";
        }
        return label{V}.toUpperCase();
    }",
    "public Map<String, Integer> {N}(List<String> words{V}) {
        Map<String, Integer> counts{V} = new HashMap<>();
        for (String word{V} : words{V}) {
            counts{V}.merge(word{V}, 1, Integer::sum);
        }
        synchronized (this) { last{V} = counts{V}.size(); }
        return counts{V};
    }",
    "protected long {N}(long n{V}, long acc{V}) {
        assert n{V} >= 0 : \"negative\";
        if (n{V} <= 1) {
            return acc{V};
        }
        long next{V} = acc{V} * n{V} % 1000003L;
        return {N}(n{V} - 1, next{V});
    }",
];

/// Template `template` with `variant` logging statements in front: files
/// get different variants, so that their methods are not all normalised
/// copies of each other (which would empty valid and test, see dedup).
fn method(template: usize, name: &str, suffix: &str, variant: usize) -> String {
    let text = TEMPLATES[template]
        .replace("{N}", name)
        .replace("{V}", suffix);
    let body = text.find('{').map_or(0, |at| at + 1);
    let logging = "\n        log(\"step\");".repeat(variant);
    format!("{}{logging}{}", &text[..body], &text[body..])
}

/// Variant of file `k`: with the template, unique to the file.
fn variant(k: usize) -> usize {
    k / TEMPLATES.len()
}

/// Template `t` with one more statement: a near copy (Type-3).
fn extended(template: usize, name: &str, variant: usize) -> String {
    let text = method(template, name, "X", variant);
    match text.rfind("return") {
        Some(at) => format!(
            "{}System.out.println(\"done\");\n        {}",
            &text[..at],
            &text[at..]
        ),
        None => text,
    }
}

/// Overloads in file `k`: the same parameter names, other types, bodies of
/// different shapes.
fn overloads(k: usize) -> String {
    format!(
        "public int describe{k}(int value, String unit) {{
            int width = 0;
            for (int i = 0; i < value; i++) {{
                width += unit.length();
            }}
            return width;
        }}
        public int describe{k}(long value, String unit) {{
            if (unit == null) {{
                throw new IllegalStateException(\"no unit\");
            }}
            long clipped = Math.min(value, Integer.MAX_VALUE);
            return (int) clipped + unit.hashCode();
        }}"
    )
}

/// File `k` of the generated tree: a renamed copy and a near copy inside
/// the file (so the pair can be drawn within one split), and overloads.
fn java_file(k: usize) -> String {
    let t = k % TEMPLATES.len();
    let u = (k + 1) % TEMPLATES.len();
    format!(
        "package gen.p{k};\nimport java.util.*;\npublic class File{k} {{\n    int last;\n    {}\n    {}\n    {}\n    {}\n    {}\n    interface Shape {{ int area(); }}\n}}\n",
        method(t, &format!("first{k}"), "A", variant(k)),
        method(t, &format!("firstCopy{k}"), "B", variant(k)),
        method(u, &format!("second{k}"), "C", variant(k)),
        extended(u, &format!("secondNear{k}"), variant(k)),
        overloads(k),
    )
}

/// A generated tree of `files` Java files (and one file of other text).
fn java_tree(dir: &Path, files: usize) {
    for k in 0..files {
        let path = dir.join(format!("src/gen/p{k}/File{k}.java"));
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create dirs");
        std::fs::write(&path, java_file(k)).expect("write java");
    }
    std::fs::write(dir.join("NOTICE.txt"), "Generated test sources.\n").expect("write notice");
    std::fs::write(dir.join("README.md"), "not java\n").expect("write readme");
}

/// A seed under which each split of the generated tree gets at least 4
/// files: found, not assumed, since the split is a hash.
fn seed_with_full_splits(files: usize) -> u64 {
    (0..1000)
        .find(|&seed| {
            let mut counts: HashMap<Split, usize> = HashMap::new();
            for k in 0..files {
                *counts
                    .entry(split_of(&format!("gen.p{k}.File{k}.java"), seed))
                    .or_default() += 1;
            }
            Split::ALL
                .iter()
                .all(|s| counts.get(s).copied().unwrap_or(0) >= 4)
        })
        .expect("some seed fills every split")
}

fn options(sources: Vec<PathBuf>, out: PathBuf, seed: u64) -> Options {
    Options {
        sources,
        out,
        seed,
        sizes: Sizes {
            train: 120,
            valid: 24,
            test: 24,
            unlabelled: 60,
        },
        limits: Limits::default(),
        committed_test: None,
        progress: false,
    }
}

const FILES: usize = 60;

struct Built {
    _dir: tempfile::TempDir,
    sources: PathBuf,
    out: PathBuf,
    seed: u64,
}

fn built() -> Built {
    let dir = tempfile::tempdir().expect("temp dir");
    let sources = dir.path().join("project");
    java_tree(&sources, FILES);
    let out = dir.path().join("clone-pairs");
    let seed = seed_with_full_splits(FILES);
    build(&options(vec![sources.clone()], out.clone(), seed)).expect("build succeeds");
    Built {
        _dir: dir,
        sources,
        out,
        seed,
    }
}

/// `idx → func` of a data.jsonl.
fn functions(dir: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(dir.join("data.jsonl")).expect("data.jsonl");
    text.lines()
        .map(|line| {
            let row: serde_json::Value = serde_json::from_str(line).expect("JSON row");
            (
                row["idx"].as_str().expect("string idx").to_string(),
                row["func"].as_str().expect("string func").to_string(),
            )
        })
        .collect()
}

fn pairs(dir: &Path, file: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(dir.join(file))
        .expect("pair file")
        .lines()
        .map(|line| line.split('\t').map(str::to_string).collect())
        .collect()
}

/// The generated file a method comes from: the number in its name.
fn file_of(func: &str) -> usize {
    let name_end = func.find('(').expect("a parameter list");
    let name = func[..name_end].split_whitespace().last().expect("a name");
    name.trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .expect("generated names end in the file number")
}

/// Symbol tables shared by the methods a test compares.
type Tables = (super::tokens::Symbols, super::tokens::Trigrams);

/// Normalised tokens and trigrams of a method text, through the extractor.
fn analysed(func: &str, tables: &mut Tables) -> super::extract::Method {
    let text = format!("class Wrap {{\n{func}\n}}\n");
    let parsed = Source::parse(Lang::Java, text).expect("parses");
    let mut counts = ExtractCounts::default();
    let limits = Limits {
        min_statements: 0,
        min_tokens: 0,
        max_tokens: usize::MAX,
    };
    let mut methods = extract_parsed(
        0,
        Path::new("Wrap.java"),
        &parsed,
        &limits,
        tables,
        &mut counts,
    );
    assert_eq!(methods.len(), 1, "one method in {func}");
    methods.remove(0)
}

#[test]
fn the_bigclonebench_reader_loads_every_split() {
    let b = built();
    for split in ["train", "valid", "test"] {
        let options = LoadOptions {
            split: split.to_string(),
            ..LoadOptions::default()
        };
        let dataset = data::load(&b.out, &options).expect("loads");
        assert_eq!(
            dataset.report.skipped_rows, 0,
            "{split}: {:?}",
            dataset.report.issues
        );
        assert_eq!(
            dataset.samples.len(),
            pairs(&b.out, &format!("{split}.txt")).len()
        );
        assert!(!dataset.samples.is_empty(), "{split} has pairs");
        let labels: BTreeSet<_> = dataset.samples.iter().map(|s| s.label).collect();
        assert_eq!(
            labels,
            BTreeSet::from([Some(0), Some(1)]),
            "{split} has both labels"
        );
    }
    let unlabelled = pairs(&b.out, "unlabelled.txt");
    assert!(!unlabelled.is_empty());
    let known = functions(&b.out);
    assert!(unlabelled
        .iter()
        .all(|p| p.len() == 2 && known.contains_key(&p[0]) && known.contains_key(&p[1])));
    for file in ["README.md", "NOTICE", "stats.json"] {
        assert!(b.out.join(file).is_file(), "{file} written");
    }
    let notice = std::fs::read_to_string(b.out.join("NOTICE")).expect("NOTICE");
    assert!(
        notice.contains("Generated test sources."),
        "project NOTICE kept"
    );
}

#[test]
fn a_file_and_its_pairs_stay_in_one_split() {
    let b = built();
    let functions = functions(&b.out);
    let mut split_of_file: HashMap<usize, &str> = HashMap::new();
    let mut train_files = BTreeSet::new();
    for (split, file) in [
        ("train", "train.txt"),
        ("train", "unlabelled.txt"),
        ("valid", "valid.txt"),
        ("test", "test.txt"),
    ] {
        for pair in pairs(&b.out, file) {
            for idx in &pair[..2] {
                let source_file = file_of(&functions[idx]);
                let earlier = *split_of_file.entry(source_file).or_insert(split);
                assert_eq!(
                    earlier, split,
                    "File{source_file} appears in {earlier} and {split}"
                );
                if split == "train" {
                    train_files.insert(source_file);
                }
            }
        }
    }
    let used: BTreeSet<&str> = split_of_file.values().copied().collect();
    assert_eq!(used.len(), 3, "every split is used");
    // The split follows the seeded hash of package + file name.
    for (file, split) in &split_of_file {
        let expected = split_of(&format!("gen.p{file}.File{file}.java"), b.seed);
        assert_eq!(expected.name(), *split);
    }
}

#[test]
fn labels_follow_the_similarity_thresholds() {
    let b = built();
    let functions = functions(&b.out);
    let mut kinds_seen = BTreeSet::new();
    let mut tables = Tables::default();
    for file in ["train.txt", "valid.txt", "test.txt"] {
        for pair in pairs(&b.out, file) {
            let (x, y) = (
                analysed(&functions[&pair[0]], &mut tables),
                analysed(&functions[&pair[1]], &mut tables),
            );
            let s = similarity(&x.trigrams, &y.trigrams);
            let overload = x.name == y.name;
            match pair[2].as_str() {
                "1" if overload => {
                    assert_eq!(x.parameter_names, y.parameter_names);
                    assert_ne!(x.parameter_types, y.parameter_types);
                    kinds_seen.insert("overload")
                }
                "1" => {
                    assert!(s >= super::CLONE_AT_LEAST, "positive at {s}: {pair:?}");
                    kinds_seen.insert("clone")
                }
                "0" => {
                    assert!(s < NOT_CLONE_BELOW, "negative at {s}: {pair:?}");
                    assert_ne!(x.name, y.name, "no negatives within a name family");
                    let sizes = super::similarity::upper_bound(x.trigrams.len(), y.trigrams.len());
                    assert!(sizes >= super::CLONE_AT_LEAST, "sizes too far apart");
                    kinds_seen.insert("negative")
                }
                other => panic!("label {other}"),
            };
        }
    }
    // Overloads are drawn only by chance here; their rule has its own test.
    assert!(
        kinds_seen.contains("clone") && kinds_seen.contains("negative"),
        "{kinds_seen:?}"
    );
}

#[test]
fn a_renamed_copy_is_a_clone_and_an_unrelated_method_is_not() {
    let file = analysed_file(&java_file(0));
    let by_name = |name: &str| file.iter().position(|m| m.name == name).expect(name);
    let members: Vec<usize> = (0..file.len()).collect();
    let (pool, _) = positive_pool(&members, &file);
    let kind = |a: &str, b: &str| {
        let (a, b) = (by_name(a), by_name(b));
        pool.iter()
            .find(|p| (p.a, p.b) == (a.min(b), a.max(b)))
            .map(|p| p.kind)
    };
    assert_eq!(kind("first0", "firstCopy0"), Some(Kind::Type12));
    assert_eq!(kind("second0", "secondNear0"), Some(Kind::Type3));
    assert_eq!(kind("first0", "second0"), None);
    let unrelated = similarity(
        &file[by_name("first0")].trigrams,
        &file[by_name("second0")].trigrams,
    );
    assert!(
        unrelated < NOT_CLONE_BELOW,
        "unrelated templates at {unrelated}"
    );
}

#[test]
fn overloads_with_the_same_parameter_names_are_clones() {
    let file = analysed_file(&java_file(3));
    let describe: Vec<usize> = (0..file.len())
        .filter(|&m| file[m].name == "describe3")
        .collect();
    assert_eq!(describe.len(), 2);
    let s = similarity(&file[describe[0]].trigrams, &file[describe[1]].trigrams);
    assert!(
        s < super::CLONE_AT_LEAST,
        "the overload bodies differ ({s})"
    );
    let members: Vec<usize> = (0..file.len()).collect();
    let (pool, _) = positive_pool(&members, &file);
    assert!(pool
        .iter()
        .any(|p| (p.a, p.b) == (describe[0], describe[1]) && p.kind == Kind::Overload));
    // Other parameter names: not the same operation, not labelled.
    let renamed = java_file(3).replace("int value, String unit", "int count, String unit");
    let file = analysed_file(&renamed.replace("i < value", "i < count"));
    let (pool, _) = positive_pool(&members, &file);
    assert!(!pool.iter().any(|p| p.kind == Kind::Overload));
}

fn analysed_file(text: &str) -> Vec<super::extract::Method> {
    let parsed = Source::parse(Lang::Java, text.to_string()).expect("parses");
    let mut tables = Default::default();
    let mut counts = ExtractCounts::default();
    extract_parsed(
        0,
        Path::new("File.java"),
        &parsed,
        &Limits::default(),
        &mut tables,
        &mut counts,
    )
}

#[test]
fn duplicates_are_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sources = dir.path().join("project");
    java_tree(&sources, FILES);
    // An exact copy of File0's first method, laid out differently.
    let copy = method(0, "first0", "A", variant(0)).replace('\n', "\n\n  ");
    std::fs::write(
        sources.join("Copy.java"),
        format!("package other;\nclass Copy {{\n{copy}\n}}\n"),
    )
    .expect("write copy");
    let out = dir.path().join("out");
    let stats = build(&options(
        vec![sources],
        out.clone(),
        seed_with_full_splits(FILES),
    ))
    .expect("builds");
    assert!(stats.exact_duplicates_dropped >= 1);
    // Every template recurs in files of every split: normalised copies in a
    // later split than another copy are dropped.
    assert!(stats.cross_split_normalised_duplicates_dropped > 0);
    let functions = functions(&out);
    let normalised: BTreeSet<String> = functions
        .values()
        .map(|f| f.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        normalised.len(),
        functions.len(),
        "no two rows equal up to whitespace"
    );
    let mut split_of_sequence: HashMap<Vec<u16>, &str> = HashMap::new();
    let mut tables = Tables::default();
    for (split, file) in [
        ("train", "train.txt"),
        ("valid", "valid.txt"),
        ("test", "test.txt"),
    ] {
        for pair in pairs(&out, file) {
            for idx in &pair[..2] {
                let tokens = analysed(&functions[idx], &mut tables).tokens;
                let earlier = *split_of_sequence.entry(tokens).or_insert(split);
                assert_eq!(earlier, split, "a normalised copy crosses splits");
            }
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_files() {
    let b = built();
    let again = b.out.with_file_name("again");
    build(&options(vec![b.sources.clone()], again.clone(), b.seed)).expect("builds");
    for file in [
        "data.jsonl",
        "train.txt",
        "valid.txt",
        "test.txt",
        "unlabelled.txt",
        "stats.json",
        "README.md",
        "NOTICE",
    ] {
        let first = std::fs::read(b.out.join(file)).expect("first");
        let second = std::fs::read(again.join(file)).expect("second");
        assert!(
            first == second,
            "{file} differs between two builds with one seed"
        );
    }
    let other = b.out.with_file_name("other");
    build(&options(vec![b.sources.clone()], other.clone(), b.seed + 1)).expect("builds");
    let first = std::fs::read(b.out.join("train.txt")).expect("first");
    assert_ne!(
        first,
        std::fs::read(other.join("train.txt")).expect("other")
    );
}

#[test]
fn the_committed_test_split_holds_only_what_test_txt_uses() {
    let b = built();
    let subset = b.out.with_file_name("committed");
    let mut opts = options(vec![b.sources.clone()], b.out.clone(), b.seed);
    opts.committed_test = Some(subset.clone());
    build(&opts).expect("builds");
    assert_eq!(pairs(&subset, "test.txt"), pairs(&b.out, "test.txt"));
    let used: BTreeSet<String> = pairs(&subset, "test.txt")
        .into_iter()
        .flat_map(|p| [p[0].clone(), p[1].clone()])
        .collect();
    let rows: BTreeSet<String> = functions(&subset).into_keys().collect();
    assert_eq!(rows, used);
    assert!(!subset.join("train.txt").exists());
    assert!(subset.join("NOTICE").is_file());
    let dataset = data::load(&subset, &LoadOptions::default()).expect("loads");
    assert_eq!(dataset.report.skipped_rows, 0);
}

#[test]
fn bad_inputs_are_named_errors_or_counted_skips() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let missing = dir.path().join("missing");
    let err = build(&options(vec![missing.clone()], out.clone(), 0)).expect_err("missing dir");
    assert!(
        matches!(&err, ClonePairsError::NotADirectory(p) if *p == missing),
        "{err}"
    );

    let empty = dir.path().join("empty");
    std::fs::create_dir_all(empty.join("docs")).expect("mkdir");
    std::fs::write(empty.join("docs/README.md"), "no java here").expect("write");
    let err = build(&options(vec![empty], out.clone(), 0)).expect_err("no java");
    assert!(matches!(err, ClonePairsError::NoJavaFiles(_)), "{err}");

    let sources = dir.path().join("project");
    java_tree(&sources, FILES);
    std::fs::write(
        sources.join("Latin1.java"),
        b"class L { String s = \"\xe9t\xe9\"; }\n",
    )
    .expect("write");
    let stats = build(&options(
        vec![sources],
        out.clone(),
        seed_with_full_splits(FILES),
    ))
    .expect("skips the bad file");
    assert_eq!(stats.extraction.non_utf8_files, 1);
    assert_eq!(stats.extraction.java_files, FILES + 1);

    // An output directory that is not a data set is never replaced.
    let precious = dir.path().join("precious");
    std::fs::create_dir_all(&precious).expect("mkdir");
    std::fs::write(precious.join("thesis.tex"), "years of work").expect("write");
    let sources = dir.path().join("project");
    let err = build(&options(
        vec![sources],
        precious.clone(),
        seed_with_full_splits(FILES),
    ))
    .expect_err("refuses");
    assert!(matches!(err, ClonePairsError::RefuseOverwrite(_)), "{err}");
    assert!(precious.join("thesis.tex").is_file());
}
