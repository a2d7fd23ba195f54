//! Parsed sources of recently mutated corpus entries. The power schedule
//! mutates a popular entry again and again; parsing it anew each time was
//! about half of a mutation's cost. A clone of a parsed source is cheap
//! (tree-sitter trees are reference-counted).
use crate::lang::Source;
use std::collections::HashMap;
use std::sync::Arc;

/// Entries kept at most; when full, the store starts over, so hot entries
/// come back at once and cold ones go.
const CAPACITY: usize = 512;

#[derive(Default)]
pub struct ParsedEntries {
    by_entry: HashMap<usize, Arc<Vec<Source>>>,
}

impl ParsedEntries {
    pub fn get(&self, entry: usize) -> Option<&Arc<Vec<Source>>> {
        self.by_entry.get(&entry)
    }

    pub fn keep(&mut self, entry: usize, sources: Arc<Vec<Source>>) {
        if self.by_entry.len() >= CAPACITY && !self.by_entry.contains_key(&entry) {
            self.by_entry.clear();
        }
        self.by_entry.insert(entry, sources);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn keeps_entries_up_to_capacity_then_starts_over() {
        let source = Arc::new(vec![Source::parse(Lang::Java, "class A {}").unwrap()]);
        let mut parsed = ParsedEntries::default();
        for entry in 0..CAPACITY {
            parsed.keep(entry, Arc::clone(&source));
        }
        assert!(parsed.get(0).is_some() && parsed.get(CAPACITY - 1).is_some());
        parsed.keep(CAPACITY, source);
        assert!(parsed.get(0).is_none());
        assert!(parsed.get(CAPACITY).is_some());
    }
}
