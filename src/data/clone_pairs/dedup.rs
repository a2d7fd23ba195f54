//! Duplicate removal, in two steps:
//! 1. exact copies (same text once whitespace is normalised) anywhere: the
//!    first in source order is kept;
//! 2. copies with the same identifier-normalised token sequence (Type-1/2
//!    copies) in different splits: only the copies in the earliest split
//!    (train, then valid, then test) are kept, so a valid or test method
//!    never has a Type-1/2 twin in an earlier split. Within one split such
//!    copies stay: they are the Type-1/2 clone pairs.
use super::extract::Method;
use super::split::Split;
use super::tokens::Symbol;
use std::collections::{HashMap, HashSet};

/// Keeps the first of each group of whitespace-equal methods; returns the
/// kept methods and how many were dropped.
pub fn drop_exact_copies(methods: Vec<Method>) -> (Vec<Method>, usize) {
    let mut seen = HashSet::new();
    let before = methods.len();
    let kept: Vec<Method> = methods
        .into_iter()
        .filter(|method| seen.insert(method.text.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    let dropped = before - kept.len();
    (kept, dropped)
}

/// Drops normalised copies that sit in a later split than another copy.
pub fn drop_cross_split_copies(methods: Vec<(Method, Split)>) -> (Vec<(Method, Split)>, usize) {
    let mut earliest: HashMap<&[Symbol], Split> = HashMap::new();
    for (method, split) in &methods {
        let entry = earliest.entry(method.tokens.as_slice()).or_insert(*split);
        *entry = (*entry).min(*split);
    }
    let keep: Vec<bool> = methods
        .iter()
        .map(|(method, split)| earliest[method.tokens.as_slice()] == *split)
        .collect();
    let before = methods.len();
    let kept: Vec<(Method, Split)> = methods
        .into_iter()
        .zip(keep)
        .filter_map(|(entry, keep)| keep.then_some(entry))
        .collect();
    let dropped = before - kept.len();
    (kept, dropped)
}
