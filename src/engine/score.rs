//! The one definition of fitness and of what counts as a finding, shared by
//! the native engine and the libFuzzer target.
use crate::fidelity::Verdict;
use serde::{Deserialize, Serialize};

/// Added to the fitness when teacher and student labels differ. Jensen–Shannon
/// in bits is at most 1, so every label flip outranks every agreement.
pub const LABEL_FLIP_BONUS: f64 = 1.0;

/// Weight of the margin tie-breaker: small enough never to reorder two
/// variants whose Jensen–Shannon divergences differ by more than 1%.
pub const MARGIN_WEIGHT: f64 = 0.01;

/// How far the student is from the teacher on one input:
///
/// `fitness = JS(teacher ‖ student) + 1[labels differ] · LABEL_FLIP_BONUS
///            + MARGIN_WEIGHT · (1 − student top-1/top-2 margin)`
///
/// JS is in bits (in [0, 1]), so the value lies in [0, 2.01]. The margin term
/// favours inputs where the student is close to changing its answer, since
/// disagreements between a model and its compressed copy cluster there.
pub fn fitness(variant: &Verdict) -> f64 {
    let d = &variant.disagreement;
    let flip = if d.labels_agree {
        0.0
    } else {
        LABEL_FLIP_BONUS
    };
    let margin = f64::from(d.student_margin).clamp(0.0, 1.0);
    f64::from(d.jensen_shannon) + flip + MARGIN_WEIGHT * (1.0 - margin)
}

/// Why a variant is worth reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// Teacher and student labels differ on the variant.
    LabelFlip,
    /// The teacher keeps its label from seed to variant while the student
    /// changes its own (MetaCompress's discrepancy).
    RobustnessFlip,
    /// With ground truth known: the student is right on the seed and wrong
    /// on the variant.
    Adversarial,
}

impl FindingKind {
    pub const ALL: [FindingKind; 3] = [
        FindingKind::LabelFlip,
        FindingKind::RobustnessFlip,
        FindingKind::Adversarial,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FindingKind::LabelFlip => "label-flip",
            FindingKind::RobustnessFlip => "robustness-flip",
            FindingKind::Adversarial => "adversarial",
        }
    }
}

impl std::fmt::Display for FindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The kinds of finding the variant is, given its seed's verdict; empty when
/// it is none. The order is that of [`FindingKind::ALL`].
pub fn finding_kinds(seed: &Verdict, variant: &Verdict, truth: Option<usize>) -> Vec<FindingKind> {
    let mut kinds = Vec::new();
    if variant.teacher.label != variant.student.label {
        kinds.push(FindingKind::LabelFlip);
    }
    if seed.teacher.label == variant.teacher.label && seed.student.label != variant.student.label {
        kinds.push(FindingKind::RobustnessFlip);
    }
    if let Some(truth) = truth {
        if seed.student.label == truth && variant.student.label != truth {
            kinds.push(FindingKind::Adversarial);
        }
    }
    kinds
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::fidelity::ModelOutput;

    /// A verdict from teacher and student probabilities of two labels.
    pub(crate) fn verdict(teacher: [f32; 2], student: [f32; 2]) -> Verdict {
        Verdict::new(
            ModelOutput::from_probs(teacher.to_vec(), None),
            ModelOutput::from_probs(student.to_vec(), None),
        )
    }

    #[test]
    fn fitness_is_js_plus_flip_bonus_plus_margin_term() {
        let agree = verdict([0.9, 0.1], [0.7, 0.3]);
        let expected = f64::from(agree.disagreement.jensen_shannon) + 0.01 * (1.0 - 0.4);
        assert!((fitness(&agree) - expected).abs() < 1e-6);
        let flip = verdict([0.9, 0.1], [0.4, 0.6]);
        let expected = f64::from(flip.disagreement.jensen_shannon) + 1.0 + 0.01 * (1.0 - 0.2);
        assert!((fitness(&flip) - expected).abs() < 1e-6);
        // Identical confident outputs: only the margin term is left.
        let same = verdict([1.0, 0.0], [1.0, 0.0]);
        assert!(fitness(&same).abs() < 1e-6);
    }

    #[test]
    fn any_flip_outranks_any_agreement_and_margin_breaks_ties() {
        let barely_flipped = verdict([0.51, 0.49], [0.49, 0.51]);
        let far_but_agreeing = verdict([1.0, 0.0], [0.52, 0.48]);
        assert!(fitness(&barely_flipped) > fitness(&far_but_agreeing));
        // Swapping teacher and student keeps JS; only the student margin
        // differs (0.2 against 0.8), so the less sure student ranks higher.
        let unsure = verdict([0.9, 0.1], [0.6, 0.4]);
        let sure = verdict([0.6, 0.4], [0.9, 0.1]);
        let gap = fitness(&unsure) - fitness(&sure);
        assert!((gap - 0.01 * 0.6).abs() < 1e-6, "{gap}");
    }

    #[test]
    fn kinds_follow_their_definitions() {
        let seed = verdict([0.9, 0.1], [0.8, 0.2]);
        // Student flips, teacher stays: label flip and robustness flip;
        // adversarial only when the seed's truth was the student's answer.
        let variant = verdict([0.9, 0.1], [0.3, 0.7]);
        assert_eq!(
            finding_kinds(&seed, &variant, None),
            [FindingKind::LabelFlip, FindingKind::RobustnessFlip]
        );
        assert_eq!(
            finding_kinds(&seed, &variant, Some(0)),
            [
                FindingKind::LabelFlip,
                FindingKind::RobustnessFlip,
                FindingKind::Adversarial
            ]
        );
        assert_eq!(
            finding_kinds(&seed, &variant, Some(1)),
            [FindingKind::LabelFlip, FindingKind::RobustnessFlip]
        );
        // Both change together: no robustness flip, no label flip.
        let both = verdict([0.2, 0.8], [0.3, 0.7]);
        assert_eq!(finding_kinds(&seed, &both, None), []);
        assert_eq!(
            finding_kinds(&seed, &both, Some(0)),
            [FindingKind::Adversarial]
        );
        // Disagreeing already on the seed and still on the variant: a label
        // flip, not a robustness flip.
        let split = verdict([0.9, 0.1], [0.2, 0.8]);
        assert_eq!(
            finding_kinds(&split, &split, None),
            [FindingKind::LabelFlip]
        );
        // Teacher moves to the student's answer: the student did not change.
        let teacher_moves = verdict([0.1, 0.9], [0.2, 0.8]);
        assert_eq!(finding_kinds(&split, &teacher_moves, None), []);
    }

    #[test]
    fn kinds_serialise_in_kebab_case() {
        let json = serde_json::to_string(&FindingKind::ALL).unwrap();
        assert_eq!(json, r#"["label-flip","robustness-flip","adversarial"]"#);
        for kind in FindingKind::ALL {
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{kind}\""));
        }
    }
}
