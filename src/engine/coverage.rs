//! The campaign's coverage: the feature slots some corpus entry or variant set.
use super::feedback::FEATURE_SLOTS;

pub struct CoverageMap {
    covered: Vec<bool>,
}

impl Default for CoverageMap {
    fn default() -> Self {
        CoverageMap {
            covered: vec![false; FEATURE_SLOTS],
        }
    }
}

impl CoverageMap {
    /// Marks slots as covered; returns how many were new.
    pub fn cover(&mut self, slots: &[usize]) -> usize {
        let mut new = 0;
        for &slot in slots {
            if let Some(c) = self.covered.get_mut(slot) {
                new += usize::from(!*c);
                *c = true;
            }
        }
        new
    }

    /// The covered slots, in order.
    pub fn slots(&self) -> Vec<usize> {
        (0..FEATURE_SLOTS).filter(|&s| self.covered[s]).collect()
    }

    pub fn count(&self) -> usize {
        self.covered.iter().filter(|c| **c).count()
    }
}
