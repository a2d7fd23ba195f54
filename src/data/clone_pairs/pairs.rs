//! Labelled pairs of one split: the positive pool (similarity clones found
//! through [`candidates`](super::candidates), plus overload families) and
//! negatives drawn on demand (hard: same size and shape; random).
use super::candidates::candidate_pairs;
use super::extract::Method;
use super::similarity::{similarity, upper_bound, Matcher};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Similarity at or above which two methods are clones (label 1).
pub const CLONE_AT_LEAST: f64 = 0.7;
/// Similarity below which two methods are not clones (label 0); pairs in
/// between are left out.
pub const NOT_CLONE_BELOW: f64 = 0.3;
/// Share of positives each draw aims for (less when the pool runs short).
pub const POSITIVE_SHARE: f64 = 0.45;
/// A method appears in at most this many positive pairs of one draw, so big
/// families of copies cannot fill a split.
pub const MAX_POSITIVE_USES: usize = 4;
/// Hard negatives: token counts within this factor of each other.
pub const HARD_SIZE_FACTOR: f64 = 1.2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Kind {
    /// Equal normalised token sequences (exact copies were removed, so these
    /// differ in identifiers, literals, layout or comments).
    #[serde(rename = "type-1/2")]
    Type12,
    /// Similarity in [CLONE_AT_LEAST, 1).
    #[serde(rename = "type-3")]
    Type3,
    /// Same class, name and parameter names, different parameter types,
    /// similarity below CLONE_AT_LEAST.
    #[serde(rename = "overload")]
    Overload,
    #[serde(rename = "hard-negative")]
    HardNegative,
    #[serde(rename = "random-negative")]
    RandomNegative,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Type12,
        Kind::Type3,
        Kind::Overload,
        Kind::HardNegative,
        Kind::RandomNegative,
    ];

    pub fn label(self) -> u8 {
        match self {
            Kind::Type12 | Kind::Type3 | Kind::Overload => 1,
            Kind::HardNegative | Kind::RandomNegative => 0,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Type12 => "type-1/2",
            Kind::Type3 => "type-3",
            Kind::Overload => "overload",
            Kind::HardNegative => "hard-negative",
            Kind::RandomNegative => "random-negative",
        }
    }
}

/// Two methods (indices into the build's method list) and their label kind.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub kind: Kind,
}

/// What the candidate search found in one split.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PoolCounts {
    pub candidates: usize,
    pub compared: usize,
    pub similarity_clones: usize,
    pub band_left_out: usize,
    pub overload_pairs: usize,
    /// Overload pairs whose similarity is below NOT_CLONE_BELOW: labelled 1
    /// by the overload rule although their tokens differ a lot.
    pub overload_below_not_clone: usize,
}

/// Methods with the same name in the same class: overloads, or the same
/// name at another arity. Never drawn as negatives.
fn family(method: &Method) -> (usize, &std::path::Path, &str, &str) {
    (method.source, &method.file, &method.class, &method.name)
}

/// The same operation on other types: same name and parameter names,
/// different parameter types.
fn is_overload(a: &Method, b: &Method) -> bool {
    family(a) == family(b)
        && a.parameter_names == b.parameter_names
        && a.parameter_types != b.parameter_types
}

/// All positive pairs of a split (similarity clones and overloads), sorted.
pub fn positive_pool(members: &[usize], methods: &[Method]) -> (Vec<Pair>, PoolCounts) {
    let tokens: Vec<&[u16]> = methods.iter().map(|m| m.tokens.as_slice()).collect();
    let sequences: Vec<&[u16]> = methods.iter().map(|m| m.trigrams.as_slice()).collect();
    let candidates = candidate_pairs(members, &tokens);
    let mut counts = PoolCounts {
        candidates: candidates.len(),
        ..PoolCounts::default()
    };
    let mut pool: BTreeMap<(usize, usize), Kind> = BTreeMap::new();
    // Candidates come sorted by their first method: one matcher each.
    let mut matcher: Option<(usize, Matcher)> = None;
    for &(a, b) in &candidates {
        if upper_bound(sequences[a].len(), sequences[b].len()) < CLONE_AT_LEAST {
            continue;
        }
        if matcher.as_ref().is_none_or(|(m, _)| *m != a) {
            matcher = Some((a, Matcher::new(sequences[a])));
        }
        let Some((_, matcher)) = &matcher else {
            continue;
        };
        counts.compared += 1;
        let similarity = matcher.similarity(sequences[b]);
        if similarity >= CLONE_AT_LEAST {
            let kind = if tokens[a] == tokens[b] {
                Kind::Type12
            } else {
                Kind::Type3
            };
            pool.insert((a, b), kind);
            counts.similarity_clones += 1;
        } else if similarity >= NOT_CLONE_BELOW {
            counts.band_left_out += 1;
        }
    }
    let mut families: BTreeMap<_, Vec<usize>> = BTreeMap::new();
    for &m in members {
        families.entry(family(&methods[m])).or_default().push(m);
    }
    for family in families.values().filter(|f| f.len() > 1) {
        for (x, &a) in family.iter().enumerate() {
            for &b in &family[x + 1..] {
                let key = (a.min(b), a.max(b));
                if !is_overload(&methods[a], &methods[b]) || pool.contains_key(&key) {
                    continue;
                }
                let similarity = similarity(sequences[a], sequences[b]);
                if similarity >= CLONE_AT_LEAST {
                    // A clone by similarity that LSH missed.
                    let kind = if tokens[a] == tokens[b] {
                        Kind::Type12
                    } else {
                        Kind::Type3
                    };
                    pool.insert(key, kind);
                    counts.similarity_clones += 1;
                    continue;
                }
                if similarity < NOT_CLONE_BELOW {
                    counts.overload_below_not_clone += 1;
                }
                counts.overload_pairs += 1;
                pool.insert(key, Kind::Overload);
            }
        }
    }
    let pairs = pool
        .into_iter()
        .map(|((a, b), kind)| Pair { a, b, kind })
        .collect();
    (pairs, counts)
}

/// Draws pairs of one split; pairs are never drawn twice across draws.
pub struct Sampler<'a> {
    methods: &'a [Method],
    members: Vec<usize>,
    /// Positives not drawn yet, in shuffled order.
    positives: Vec<Pair>,
    /// Members whose shape bucket has another member, with that bucket.
    shaped: Vec<(usize, usize)>,
    buckets: Vec<Vec<usize>>,
    used: HashSet<(usize, usize)>,
    rng: ChaCha8Rng,
}

/// Shape bucket: size on a logarithmic scale plus the statement kinds.
fn shape_key(method: &Method) -> (i64, u16) {
    let size = (method.tokens.len() as f64).ln() / HARD_SIZE_FACTOR.ln();
    (size.floor() as i64, method.shape.kinds)
}

impl<'a> Sampler<'a> {
    pub fn new(
        methods: &'a [Method],
        members: Vec<usize>,
        mut positives: Vec<Pair>,
        mut rng: ChaCha8Rng,
    ) -> Self {
        positives.shuffle(&mut rng);
        let mut by_shape: BTreeMap<(i64, u16), Vec<usize>> = BTreeMap::new();
        for &m in &members {
            by_shape.entry(shape_key(&methods[m])).or_default().push(m);
        }
        let buckets: Vec<Vec<usize>> = by_shape.into_values().filter(|b| b.len() > 1).collect();
        let shaped = buckets
            .iter()
            .enumerate()
            .flat_map(|(i, bucket)| bucket.iter().map(move |&m| (m, i)))
            .collect();
        Sampler {
            methods,
            members,
            positives,
            shaped,
            buckets,
            used: HashSet::new(),
            rng,
        }
    }

    pub fn positives_available(&self) -> usize {
        self.positives.len()
    }

    /// `total` pairs with up to `positive_target` positives, the rest
    /// negatives (half hard, as far as hard ones can be found), shuffled,
    /// each pair in random order.
    pub fn draw(&mut self, total: usize, positive_target: usize) -> Vec<Pair> {
        let mut pairs = self.take_positives(positive_target.min(total));
        let negatives = total - pairs.len();
        let hard = self.negatives(negatives / 2, true);
        let hard_found = hard.len();
        pairs.extend(hard);
        pairs.extend(self.negatives(negatives - hard_found, false));
        pairs.shuffle(&mut self.rng);
        for pair in &mut pairs {
            if self.rng.gen_bool(0.5) {
                std::mem::swap(&mut pair.a, &mut pair.b);
            }
        }
        pairs
    }

    /// Takes positives from the shuffled pool; those passed over because a
    /// method reached MAX_POSITIVE_USES stay in the pool for later draws.
    fn take_positives(&mut self, wanted: usize) -> Vec<Pair> {
        let mut uses: HashMap<usize, usize> = HashMap::new();
        let mut taken = Vec::new();
        let mut remaining = Vec::new();
        for pair in std::mem::take(&mut self.positives) {
            let full = [pair.a, pair.b]
                .iter()
                .any(|m| uses.get(m).copied().unwrap_or(0) >= MAX_POSITIVE_USES);
            if taken.len() >= wanted || full {
                remaining.push(pair);
                continue;
            }
            for m in [pair.a, pair.b] {
                *uses.entry(m).or_default() += 1;
            }
            self.used.insert((pair.a, pair.b));
            taken.push(pair);
        }
        self.positives = remaining;
        taken
    }

    /// Up to `wanted` negatives: pairs with similarity below
    /// NOT_CLONE_BELOW, not of one name family, not drawn before, of sizes
    /// that could still be clones (as every positive is: otherwise the size
    /// ratio alone would predict the label); hard ones come from one shape
    /// bucket.
    fn negatives(&mut self, wanted: usize, hard: bool) -> Vec<Pair> {
        let mut found = Vec::new();
        if self.members.len() < 2 || (hard && self.shaped.is_empty()) {
            return found;
        }
        let mut attempts = 0;
        while found.len() < wanted && attempts < wanted * 40 + 100 {
            attempts += 1;
            let (a, b) = if hard {
                let (a, bucket) = self.shaped[self.rng.gen_range(0..self.shaped.len())];
                let bucket = &self.buckets[bucket];
                (a, bucket[self.rng.gen_range(0..bucket.len())])
            } else {
                let a = self.members[self.rng.gen_range(0..self.members.len())];
                (a, self.members[self.rng.gen_range(0..self.members.len())])
            };
            let key = (a.min(b), a.max(b));
            let (x, y) = (&self.methods[a].trigrams, &self.methods[b].trigrams);
            if a == b
                || upper_bound(x.len(), y.len()) < CLONE_AT_LEAST
                || family(&self.methods[a]) == family(&self.methods[b])
                || self.used.contains(&key)
            {
                continue;
            }
            if similarity(x, y) >= NOT_CLONE_BELOW {
                continue;
            }
            self.used.insert(key);
            found.push(Pair {
                a: key.0,
                b: key.1,
                kind: if hard {
                    Kind::HardNegative
                } else {
                    Kind::RandomNegative
                },
            });
        }
        found
    }
}
