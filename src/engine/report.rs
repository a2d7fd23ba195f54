//! How a campaign's figures are shown: the progress line and the summary.
use super::campaign::Stats;
use super::feedback::FEATURE_SLOTS;
use super::score::FindingKind;
use std::fmt::Write;

impl Stats {
    /// Unique findings of one kind.
    pub fn count(&self, kind: FindingKind) -> usize {
        self.by_kind.get(&kind).copied().unwrap_or(0)
    }

    /// Unique findings of `kind` per 1,000 search queries.
    pub fn per_thousand(&self, kind: FindingKind) -> f64 {
        1000.0 * self.count(kind) as f64 / self.queries.max(1) as f64
    }

    /// Median, over seeds with a flip, of the search queries spent when the
    /// seed's first flip was found.
    pub fn median_first_flip(&self) -> Option<f64> {
        let mut q: Vec<u64> = self.first_flip.values().copied().collect();
        if q.is_empty() {
            return None;
        }
        q.sort_unstable();
        let mid = q.len() / 2;
        Some(if q.len() % 2 == 1 {
            q[mid] as f64
        } else {
            (q[mid - 1] + q[mid]) as f64 / 2.0
        })
    }

    /// One line for the terminal while the campaign runs.
    pub fn progress_line(&self) -> String {
        format!(
            "[{:>7.1}s] execs {} ({:.1}/s)  queries {} ({:.1}/s)  corpus {}  cov {}/{FEATURE_SLOTS}  findings {} (label {} robust {} adv {})",
            self.elapsed_s,
            self.execs,
            self.execs_per_s,
            self.queries,
            self.queries_per_s,
            self.corpus,
            self.coverage,
            self.findings,
            self.count(FindingKind::LabelFlip),
            self.count(FindingKind::RobustnessFlip),
            self.count(FindingKind::Adversarial),
        )
    }

    /// The table printed at the end of a campaign.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let mut row = |label: &str, value: String| {
            let _ = writeln!(out, "  {label:<32} {value}");
        };
        row("strategy", self.strategy.clone());
        row("time", format!("{:.1} s", self.elapsed_s));
        row(
            "mutations (execs)",
            format!("{} ({:.1}/s)", self.execs, self.execs_per_s),
        );
        row(
            "oracle queries (search)",
            format!("{} ({:.1}/s)", self.queries, self.queries_per_s),
        );
        row(
            "oracle queries (minimising)",
            self.minimise_queries.to_string(),
        );
        row("corpus entries", self.corpus.to_string());
        row(
            "coverage (feature slots)",
            format!("{} / {FEATURE_SLOTS}", self.coverage),
        );
        row("unique findings", self.findings.to_string());
        for kind in FindingKind::ALL {
            row(
                &format!("  {kind}"),
                format!(
                    "{} ({:.1} per 1,000 queries)",
                    self.count(kind),
                    self.per_thousand(kind)
                ),
            );
        }
        row("seeds with a flip", self.first_flip.len().to_string());
        row(
            "median queries to first flip",
            self.median_first_flip()
                .map_or("-".to_string(), |m| format!("{m:.0}")),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_rates() {
        let mut stats = Stats {
            queries: 500,
            ..Stats::default()
        };
        assert_eq!(stats.median_first_flip(), None);
        stats.first_flip = [("a".to_string(), 10), ("b".to_string(), 30)].into();
        assert_eq!(stats.median_first_flip(), Some(20.0));
        stats.first_flip.insert("c".to_string(), 100);
        assert_eq!(stats.median_first_flip(), Some(30.0));
        stats.by_kind.insert(FindingKind::LabelFlip, 4);
        assert!((stats.per_thousand(FindingKind::LabelFlip) - 8.0).abs() < 1e-12);
        assert_eq!(stats.per_thousand(FindingKind::Adversarial), 0.0);
        assert!(stats.summary().contains("label-flip"));
    }
}
