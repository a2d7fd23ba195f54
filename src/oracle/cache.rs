//! A bounded least-recently-used map: the oracle keeps model outputs keyed
//! by the exact token ids, so an input seen before never runs again.
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

pub(crate) struct LruCache<K, V> {
    capacity: usize,
    entries: HashMap<K, (V, u64)>,
    /// Last-use stamp → key; the first entry is the least recently used.
    by_age: BTreeMap<u64, K>,
    clock: u64,
}

impl<K: Hash + Eq + Clone, V: Clone> LruCache<K, V> {
    /// A cache holding at most `capacity` entries; 0 disables it.
    pub fn new(capacity: usize) -> Self {
        LruCache {
            capacity,
            entries: HashMap::new(),
            by_age: BTreeMap::new(),
            clock: 0,
        }
    }

    pub fn entry_count(&self) -> usize {
        self.entries.len()
    }

    /// The value for `key`, marking it as just used.
    pub fn get<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (value, stamp) = self.entries.get_mut(key)?;
        let old = std::mem::replace(stamp, self.clock);
        let value = value.clone();
        if let Some(key) = self.by_age.remove(&old) {
            self.by_age.insert(self.clock, key);
        }
        self.clock += 1;
        Some(value)
    }

    pub fn insert(&mut self, key: K, value: V) {
        if self.capacity == 0 {
            return;
        }
        if let Some((_, old)) = self.entries.insert(key.clone(), (value, self.clock)) {
            self.by_age.remove(&old);
        }
        self.by_age.insert(self.clock, key);
        self.clock += 1;
        while self.entries.len() > self.capacity {
            let Some((_, oldest)) = self.by_age.pop_first() else {
                break;
            };
            self.entries.remove(&oldest);
        }
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.by_age.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_the_least_recently_used_entry() {
        let mut cache = LruCache::new(2);
        cache.insert("a", 1);
        cache.insert("b", 2);
        assert_eq!(cache.get("a"), Some(1)); // "b" is now the oldest
        cache.insert("c", 3);
        assert_eq!(cache.entry_count(), 2);
        assert_eq!(cache.get("b"), None);
        assert_eq!(cache.get("a"), Some(1));
        assert_eq!(cache.get("c"), Some(3));
    }

    #[test]
    fn reinserting_replaces_the_value_without_growing() {
        let mut cache = LruCache::new(2);
        cache.insert("a", 1);
        cache.insert("a", 5);
        cache.insert("b", 2);
        assert_eq!(cache.entry_count(), 2);
        assert_eq!(cache.get("a"), Some(5));
    }

    #[test]
    fn capacity_zero_disables_the_cache() {
        let mut cache = LruCache::new(0);
        cache.insert("a", 1);
        assert_eq!(cache.get("a"), None);
        assert_eq!(cache.entry_count(), 0);
    }
}
