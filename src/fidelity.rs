//! Disagreement between one teacher and one student output, fidelity of the
//! student over a set of outputs, and task metrics against ground truth.
//!
//! Pure arithmetic on probability vectors, independent of libtorch, so the
//! fuzzing engine and the tests share it without loading models.
//!
//! Conventions:
//! - Jensen–Shannon divergence is measured in **bits** (log base 2), so it
//!   lies in [0, 1]; "JS similarity" is `1 - mean JS`.
//! - KL divergence is in nats, KL(teacher ‖ student), after smoothing both
//!   distributions with [`KL_EPSILON`] so that a zero student probability
//!   gives a large finite value instead of infinity.
//! - Precision, recall and F1: for two labels the positive class is label
//!   index 1 (clone, vulnerable); for more labels they are macro averages
//!   over the labels. A ratio with a zero denominator counts as 0.
use serde::{Deserialize, Serialize};

/// Smoothing added to every probability before taking KL logarithms.
pub const KL_EPSILON: f32 = 1e-6;

/// What one model said about one sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelOutput {
    /// Class probabilities (softmax applied when the bundle outputs logits).
    pub probs: Vec<f32>,
    /// Index of the most probable label (the first one on ties).
    pub label: usize,
    /// Pooled hidden representation, when the bundle exports one.
    pub hidden: Option<Vec<f32>>,
}

impl ModelOutput {
    /// Builds an output from probabilities, deriving the label.
    pub fn from_probs(probs: Vec<f32>, hidden: Option<Vec<f32>>) -> Self {
        let label = argmax(&probs);
        ModelOutput {
            probs,
            label,
            hidden,
        }
    }

    /// Probability of the predicted label.
    pub fn confidence(&self) -> f32 {
        self.probs.get(self.label).copied().unwrap_or(0.0)
    }
}

/// How far apart the teacher and the student are on one sample.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    pub labels_agree: bool,
    /// Total variation distance: half the L1 distance, in [0, 1].
    pub total_variation: f32,
    /// Jensen–Shannon divergence in bits, in [0, 1].
    pub jensen_shannon: f32,
    /// KL(teacher ‖ student) in nats, with [`KL_EPSILON`] smoothing.
    pub kl_teacher_student: f32,
    /// Student's top-1 minus top-2 probability: small means a label flip is near.
    pub student_margin: f32,
}

impl Disagreement {
    pub fn between(teacher: &ModelOutput, student: &ModelOutput) -> Self {
        Disagreement {
            labels_agree: teacher.label == student.label,
            total_variation: total_variation(&teacher.probs, &student.probs),
            jensen_shannon: jensen_shannon_bits(&teacher.probs, &student.probs),
            kl_teacher_student: kl_divergence(&teacher.probs, &student.probs, KL_EPSILON),
            student_margin: top_margin(&student.probs),
        }
    }
}

/// The oracle's answer for one sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub teacher: ModelOutput,
    pub student: ModelOutput,
    pub disagreement: Disagreement,
}

impl Verdict {
    pub fn new(teacher: ModelOutput, student: ModelOutput) -> Self {
        let disagreement = Disagreement::between(&teacher, &student);
        Verdict {
            teacher,
            student,
            disagreement,
        }
    }
}

/// Numerically stable softmax.
pub fn softmax(scores: &[f32]) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.into_iter().map(|e| e / sum).collect()
}

/// Index of the largest value, the first one on ties; 0 for an empty slice.
pub fn argmax(values: &[f32]) -> usize {
    let mut best = 0;
    for (index, value) in values.iter().enumerate() {
        if *value > values[best] {
            best = index;
        }
    }
    best
}

/// Half the L1 distance between two distributions.
pub fn total_variation(p: &[f32], q: &[f32]) -> f32 {
    0.5 * p.iter().zip(q).map(|(a, b)| (a - b).abs()).sum::<f32>()
}

/// Jensen–Shannon divergence in bits.
pub fn jensen_shannon_bits(p: &[f32], q: &[f32]) -> f32 {
    // Terms with a zero probability contribute 0 (the limit of x log x).
    let half_kl = |a: &[f32], m: &[f32]| -> f32 {
        a.iter()
            .zip(m)
            .filter(|(x, _)| **x > 0.0)
            .map(|(x, y)| x * (x / y).log2())
            .sum()
    };
    let m: Vec<f32> = p.iter().zip(q).map(|(a, b)| 0.5 * (a + b)).collect();
    // Rounding can push the result a hair below 0.
    (0.5 * half_kl(p, &m) + 0.5 * half_kl(q, &m)).max(0.0)
}

/// KL(p ‖ q) in nats after smoothing both with `epsilon` and renormalising.
pub fn kl_divergence(p: &[f32], q: &[f32], epsilon: f32) -> f32 {
    let smooth = |x: &[f32]| -> Vec<f32> {
        let total: f32 = x.iter().map(|v| v + epsilon).sum();
        x.iter().map(|v| (v + epsilon) / total).collect()
    };
    let (p, q) = (smooth(p), smooth(q));
    p.iter()
        .zip(&q)
        .map(|(a, b)| a * (a / b).ln())
        .sum::<f32>()
        .max(0.0)
}

/// Top-1 minus top-2 value (the top-1 value itself for a single class).
pub fn top_margin(probs: &[f32]) -> f32 {
    let mut first = f32::NEG_INFINITY;
    let mut second = f32::NEG_INFINITY;
    for &p in probs {
        if p > first {
            second = first;
            first = p;
        } else if p > second {
            second = p;
        }
    }
    if second.is_finite() {
        first - second
    } else {
        first.max(0.0)
    }
}

/// Accuracy, precision, recall and F1 of predictions against truth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ClassificationMetrics {
    pub accuracy: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// See the module documentation for the positive-class and macro rules.
pub fn classification_metrics(
    predicted: &[usize],
    truth: &[usize],
    num_labels: usize,
) -> ClassificationMetrics {
    let n = predicted.len().min(truth.len());
    let correct = predicted.iter().zip(truth).filter(|(p, t)| p == t).count();
    let per_class = |class: usize| -> (f64, f64, f64) {
        let count = |want_pred: bool, want_truth: bool| {
            predicted
                .iter()
                .zip(truth)
                .filter(|(p, t)| (**p == class) == want_pred && (**t == class) == want_truth)
                .count() as f64
        };
        let (tp, fp, fn_) = (count(true, true), count(true, false), count(false, true));
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        (
            precision,
            recall,
            ratio(2.0 * precision * recall, precision + recall),
        )
    };
    let (precision, recall, f1) = if num_labels <= 2 {
        per_class(1)
    } else {
        let sums = (0..num_labels)
            .map(per_class)
            .fold((0.0, 0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
        let k = num_labels as f64;
        (sums.0 / k, sums.1 / k, sums.2 / k)
    };
    ClassificationMetrics {
        accuracy: ratio(correct as f64, n as f64),
        precision,
        recall,
        f1,
    }
}

fn ratio(numerator: f64, denominator: f64) -> f64 {
    if denominator == 0.0 {
        0.0
    } else {
        numerator / denominator
    }
}

/// Expected calibration error with `bins` equal-width confidence bins over
/// [0, 1] (a confidence of exactly 1 falls in the last bin): the
/// sample-weighted mean of |accuracy − mean confidence| per bin.
pub fn expected_calibration_error(outputs: &[&ModelOutput], truth: &[usize], bins: usize) -> f64 {
    let bins = bins.max(1);
    let mut count = vec![0usize; bins];
    let mut correct = vec![0usize; bins];
    let mut confidence = vec![0f64; bins];
    for (output, &label) in outputs.iter().zip(truth) {
        let conf = f64::from(output.confidence()).clamp(0.0, 1.0);
        let bin = ((conf * bins as f64) as usize).min(bins - 1);
        count[bin] += 1;
        correct[bin] += usize::from(output.label == label);
        confidence[bin] += conf;
    }
    let n: usize = count.iter().sum();
    if n == 0 {
        return 0.0;
    }
    (0..bins)
        .filter(|&b| count[b] > 0)
        .map(|b| {
            let size = count[b] as f64;
            (size / n as f64) * (correct[b] as f64 / size - confidence[b] / size).abs()
        })
        .sum()
}

/// Settings of [`fidelity`].
#[derive(Debug, Clone, Copy)]
pub struct FidelityOptions {
    /// τ of high-confidence preservation.
    pub confidence_threshold: f32,
    /// Number of equal-width ECE bins.
    pub ece_bins: usize,
}

impl Default for FidelityOptions {
    fn default() -> Self {
        FidelityOptions {
            confidence_threshold: 0.9,
            ece_bins: 10,
        }
    }
}

/// How a model does against ground truth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TaskMetrics {
    pub accuracy: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub ece: f64,
}

/// Samples where the teacher is confident (top probability ≥ τ), and how many
/// of them the student answers with the same label, equally confident.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HighConfidence {
    pub threshold: f32,
    pub teacher_confident: usize,
    pub preserved: usize,
    /// `preserved / teacher_confident`; `None` when the teacher is never confident.
    pub rate: Option<f64>,
}

/// Fidelity of the student to the teacher over a set of verdicts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FidelityReport {
    pub samples: usize,
    /// Fraction of samples where both predict the same label.
    pub agreement: f64,
    pub mean_jensen_shannon: f64,
    pub mean_total_variation: f64,
    /// `1 - mean_jensen_shannon` (JS in bits, so in [0, 1]).
    pub js_similarity: f64,
    pub high_confidence: HighConfidence,
    /// Samples with a ground-truth label (the ones the task metrics use).
    pub labelled: usize,
    /// `None` when no sample has a label.
    pub teacher: Option<TaskMetrics>,
    pub student: Option<TaskMetrics>,
    /// |ECE(student) − ECE(teacher)|, when labels exist.
    pub ece_gap: Option<f64>,
}

/// Computes the fidelity report; `truth[i]` is the label of `verdicts[i]`
/// (`None` leaves that sample out of the task metrics only).
pub fn fidelity(
    verdicts: &[Verdict],
    truth: &[Option<usize>],
    options: FidelityOptions,
) -> FidelityReport {
    let n = verdicts.len();
    let mean = |f: &dyn Fn(&Verdict) -> f64| ratio(verdicts.iter().map(f).sum(), n as f64);
    let agreement = mean(&|v| f64::from(u8::from(v.disagreement.labels_agree)));
    let mean_jensen_shannon = mean(&|v| f64::from(v.disagreement.jensen_shannon));
    let mean_total_variation = mean(&|v| f64::from(v.disagreement.total_variation));

    let tau = options.confidence_threshold;
    let confident: Vec<&Verdict> = verdicts
        .iter()
        .filter(|v| v.teacher.confidence() >= tau)
        .collect();
    let preserved = confident
        .iter()
        .filter(|v| v.student.label == v.teacher.label && v.student.confidence() >= tau)
        .count();
    let high_confidence = HighConfidence {
        threshold: tau,
        teacher_confident: confident.len(),
        preserved,
        rate: (!confident.is_empty()).then(|| preserved as f64 / confident.len() as f64),
    };

    let labelled: Vec<(&Verdict, usize)> = verdicts
        .iter()
        .zip(truth)
        .filter_map(|(v, t)| t.map(|t| (v, t)))
        .collect();
    let labels: Vec<usize> = labelled.iter().map(|(_, t)| *t).collect();
    let num_labels = verdicts.first().map_or(2, |v| v.teacher.probs.len());
    let metrics = |pick: fn(&Verdict) -> &ModelOutput| -> Option<TaskMetrics> {
        if labelled.is_empty() {
            return None;
        }
        let outputs: Vec<&ModelOutput> = labelled.iter().map(|(v, _)| pick(v)).collect();
        let predicted: Vec<usize> = outputs.iter().map(|o| o.label).collect();
        let m = classification_metrics(&predicted, &labels, num_labels);
        Some(TaskMetrics {
            accuracy: m.accuracy,
            precision: m.precision,
            recall: m.recall,
            f1: m.f1,
            ece: expected_calibration_error(&outputs, &labels, options.ece_bins),
        })
    };
    let teacher = metrics(|v| &v.teacher);
    let student = metrics(|v| &v.student);
    let ece_gap = teacher.zip(student).map(|(t, s)| (s.ece - t.ece).abs());
    FidelityReport {
        samples: n,
        agreement,
        mean_jensen_shannon,
        mean_total_variation,
        js_similarity: 1.0 - mean_jensen_shannon,
        high_confidence,
        labelled: labelled.len(),
        teacher,
        student,
        ece_gap,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(probs: &[f32]) -> ModelOutput {
        ModelOutput::from_probs(probs.to_vec(), None)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn softmax_of_equal_scores_is_uniform_and_shift_invariant() {
        let p = softmax(&[3.0, 3.0, 3.0, 3.0]);
        assert!(p.iter().all(|x| (x - 0.25).abs() < 1e-7));
        // softmax([0, ln 3]) = [1/4, 3/4]; adding 1000 must not overflow
        // (f32 keeps only ~6e-5 of 1000 + ln 3, hence the tolerance).
        let q = softmax(&[1000.0, 1000.0 + 3f32.ln()]);
        assert!(
            (q[0] - 0.25).abs() < 1e-4 && (q[1] - 0.75).abs() < 1e-4,
            "{q:?}"
        );
    }

    #[test]
    fn divergences_of_identical_distributions_are_zero() {
        let p = [0.2, 0.3, 0.5];
        assert_eq!(total_variation(&p, &p), 0.0);
        assert!(jensen_shannon_bits(&p, &p).abs() < 1e-7);
        assert!(kl_divergence(&p, &p, KL_EPSILON).abs() < 1e-7);
    }

    #[test]
    fn disjoint_distributions_reach_the_upper_bounds() {
        // TV = 1/2 (1 + 1) = 1; JS: m = (1/2, 1/2), each half-KL = log2(2) = 1.
        let (p, q) = ([1.0, 0.0], [0.0, 1.0]);
        assert!((total_variation(&p, &q) - 1.0).abs() < 1e-7);
        assert!((jensen_shannon_bits(&p, &q) - 1.0).abs() < 1e-6);
        // Smoothed: p' = ((1+e)/(1+2e), e/(1+2e)), q' mirrored; KL = (p'0 - p'1) ln(p'0/p'1).
        let e = KL_EPSILON as f64;
        let (a, b) = ((1.0 + e) / (1.0 + 2.0 * e), e / (1.0 + 2.0 * e));
        let expected = (a - b) * (a / b).ln();
        let kl = kl_divergence(&p, &q, KL_EPSILON) as f64;
        assert!(
            (kl - expected).abs() / expected < 1e-3,
            "{kl} vs {expected}"
        );
    }

    #[test]
    fn hand_computed_divergences() {
        let (p, q) = ([0.5f32, 0.5], [0.25f32, 0.75]);
        assert!((total_variation(&p, &q) - 0.25).abs() < 1e-7);
        // KL(p||q) = .5 ln(.5/.25) + .5 ln(.5/.75) = .5 ln 2 + .5 ln(2/3).
        let kl = 0.5 * 2f64.ln() + 0.5 * (2.0f64 / 3.0).ln();
        assert!((f64::from(kl_divergence(&p, &q, 0.0)) - kl).abs() < 1e-6);
        // m = (3/8, 5/8); JS = 1/2 KL(p||m) + 1/2 KL(q||m) in bits.
        let js = 0.5 * (0.5 * (0.5f64 / 0.375).log2() + 0.5 * (0.5f64 / 0.625).log2())
            + 0.5 * (0.25 * (0.25f64 / 0.375).log2() + 0.75 * (0.75f64 / 0.625).log2());
        assert!((f64::from(jensen_shannon_bits(&p, &q)) - js).abs() < 1e-6);
    }

    #[test]
    fn disagreement_fields_follow_the_outputs() {
        let d = Disagreement::between(&out(&[0.9, 0.1]), &out(&[0.4, 0.6]));
        assert!(!d.labels_agree);
        assert!((d.student_margin - 0.2).abs() < 1e-6);
        assert!((d.total_variation - 0.5).abs() < 1e-6);
        let same = Disagreement::between(&out(&[0.7, 0.3]), &out(&[0.6, 0.4]));
        assert!(same.labels_agree);
        assert!(d.jensen_shannon > same.jensen_shannon);
        assert!(d.kl_teacher_student > same.kl_teacher_student);
    }

    #[test]
    fn margin_and_argmax_handle_ties_and_single_classes() {
        assert_eq!(argmax(&[0.5, 0.5]), 0);
        assert_eq!(top_margin(&[0.5, 0.5]), 0.0);
        assert!((top_margin(&[0.1, 0.7, 0.2]) - 0.5).abs() < 1e-6);
        assert_eq!(top_margin(&[1.0]), 1.0);
    }

    #[test]
    fn binary_metrics_on_a_hand_made_confusion_matrix() {
        // truth:     1 1 1 0 0 0
        // predicted: 1 1 0 1 0 0  → TP 2, FN 1, FP 1, TN 2
        let m = classification_metrics(&[1, 1, 0, 1, 0, 0], &[1, 1, 1, 0, 0, 0], 2);
        assert!(close(m.accuracy, 4.0 / 6.0));
        assert!(close(m.precision, 2.0 / 3.0));
        assert!(close(m.recall, 2.0 / 3.0));
        assert!(close(m.f1, 2.0 / 3.0));
        // Never predicting the positive class: precision 0 by convention, F1 0.
        let none = classification_metrics(&[0, 0], &[1, 0], 2);
        assert_eq!((none.precision, none.recall, none.f1), (0.0, 0.0, 0.0));
    }

    #[test]
    fn three_labels_use_the_macro_average() {
        // truth 0 1 2 2, predicted 0 2 2 2:
        // class 0: P 1, R 1, F1 1; class 1: P 0, R 0, F1 0;
        // class 2: P 2/3, R 1, F1 0.8.
        let m = classification_metrics(&[0, 2, 2, 2], &[0, 1, 2, 2], 3);
        assert!(close(m.accuracy, 0.75));
        assert!(close(m.precision, (1.0 + 0.0 + 2.0 / 3.0) / 3.0));
        assert!(close(m.recall, 2.0 / 3.0));
        assert!(close(m.f1, 1.8 / 3.0));
    }

    #[test]
    fn ece_by_hand() {
        // Confidences 0.95 (right), 0.95 (wrong), 0.65 (right), 0.55 (right), 1.0 (right).
        // Bin [0.9, 1.0] holds 0.95, 0.95, 1.0: accuracy 2/3, mean confidence 2.9/3.
        // Bin [0.6, 0.7): 0.65, accuracy 1. Bin [0.5, 0.6): 0.55, accuracy 1.
        // ECE = 3/5·|2/3 − 2.9/3| + 1/5·|1 − .65| + 1/5·|1 − .55| = 0.18 + 0.07 + 0.09.
        let outputs = [
            out(&[0.05, 0.95]),
            out(&[0.05, 0.95]),
            out(&[0.65, 0.35]),
            out(&[0.45, 0.55]),
            out(&[0.0, 1.0]),
        ];
        let refs: Vec<&ModelOutput> = outputs.iter().collect();
        let ece = expected_calibration_error(&refs, &[1, 0, 0, 1, 1], 10);
        assert!((ece - 0.34).abs() < 1e-6, "{ece}");
        // Perfectly calibrated: confidence 0.5, half right.
        let half = [out(&[0.5, 0.5]), out(&[0.5, 0.5])];
        let refs: Vec<&ModelOutput> = half.iter().collect();
        assert!(expected_calibration_error(&refs, &[0, 1], 10).abs() < 1e-9);
    }

    #[test]
    fn fidelity_report_by_hand() {
        let verdicts = vec![
            // Teacher confident, student agrees confidently: preserved.
            Verdict::new(out(&[0.05, 0.95]), out(&[0.08, 0.92])),
            // Teacher confident, student agrees but unsure: not preserved.
            Verdict::new(out(&[0.92, 0.08]), out(&[0.6, 0.4])),
            // Teacher unsure, student flips.
            Verdict::new(out(&[0.6, 0.4]), out(&[0.3, 0.7])),
            // Teacher confident, student flips.
            Verdict::new(out(&[0.0, 1.0]), out(&[0.7, 0.3])),
        ];
        let truth = [Some(1), Some(0), None, Some(0)];
        let r = fidelity(&verdicts, &truth, FidelityOptions::default());
        assert_eq!(r.samples, 4);
        assert!(close(r.agreement, 0.5));
        assert_eq!(r.high_confidence.teacher_confident, 3);
        assert_eq!(r.high_confidence.preserved, 1);
        assert!(close(r.high_confidence.rate.unwrap_or(-1.0), 1.0 / 3.0));
        let tv = (0.03 + 0.32 + 0.3 + 0.7) / 4.0;
        assert!((r.mean_total_variation - tv).abs() < 1e-6);
        assert!(close(r.js_similarity, 1.0 - r.mean_jensen_shannon));
        assert_eq!(r.labelled, 3);
        // Teacher predicts 1, 0, 1 against truth 1, 0, 0: TP 1, FP 1, FN 0.
        let t = r.teacher.expect("labels exist");
        assert!(close(t.accuracy, 2.0 / 3.0));
        assert!(close(t.precision, 0.5) && close(t.recall, 1.0));
        // Student predicts 1, 0, 0: all right.
        let s = r.student.expect("labels exist");
        assert!(close(s.accuracy, 1.0) && close(s.f1, 1.0));
        // Student ECE: bins 0.92 → 1 right (|1 − .92|), 0.6 and 0.7 (right) → mean
        // = (0.08 + 0.4 + 0.3) / 3.
        assert!((s.ece - 0.78 / 3.0).abs() < 1e-6, "{}", s.ece);
        assert!((r.ece_gap.unwrap_or(-1.0) - (s.ece - t.ece).abs()).abs() < 1e-12);
    }

    #[test]
    fn fidelity_without_labels_has_no_task_metrics() {
        let verdicts = vec![Verdict::new(out(&[0.5, 0.5]), out(&[0.5, 0.5]))];
        let r = fidelity(&verdicts, &[None], FidelityOptions::default());
        assert!(r.teacher.is_none() && r.student.is_none() && r.ece_gap.is_none());
        assert_eq!(r.high_confidence.rate, None);
        assert!(close(r.agreement, 1.0));
    }
}
