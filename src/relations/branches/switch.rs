//! `java.switch-to-if`: a switch statement becomes an if/else-if chain.
//!
//! Preconditions (all from syntax, otherwise declined):
//! - a statement, not a switch expression used for its value, no `yield`;
//! - the selector is a plain name (evaluated again per comparison, with no
//!   code in between that could change it);
//! - every case label is an integer or character literal (compared with
//!   `==`, which unboxes a null selector with the same NPE as the switch),
//!   or every one is a string literal (compared with `sel.equals("…")`: the
//!   first comparison always runs and throws the switch's NPE on null); enum
//!   constants, constant names, patterns and guards are declined;
//! - no fall-through: each non-empty group but the last ends in `break`,
//!   `return`, `throw` or `continue`; groups without statements share the
//!   next group's body;
//! - an unlabelled `break` that leaves the switch only as the last statement
//!   of its group (it is dropped); a labelled one stays valid on the if;
//! - no name declared at the top level of one group is used in another (the
//!   switch block is one scope, the if branches are not);
//! - arrow rules: bodies are blocks, expression statements or throws, with
//!   no `break` that leaves the switch.
//!
//! `default` (anywhere) becomes the final `else`: without fall-through the
//! order of the checks does not matter.

use super::super::shape::{code_children, indent_unit};
use super::super::{Choices, Decline, Example, RelationDef, Rule, Site};
use crate::lang::effects::{breaks_targeting, declared_names, identifiers_in, operator};
use crate::lang::{syntax, Edit, Lang, Source};
use tree_sitter::Node;

struct SwitchToIf;

/// One branch of the future if chain.
struct Branch<'a> {
    labels: Vec<Node<'a>>,
    is_default: bool,
    /// The statements kept, as a byte range of the original text (empty when
    /// the branch does nothing).
    body: Option<(usize, usize)>,
    /// Arrow rule whose body is a single statement that needs braces.
    bare: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum LabelKind {
    Integral,
    Text,
}

fn label_kind(label: Node) -> Option<LabelKind> {
    match label.kind() {
        "decimal_integer_literal"
        | "hex_integer_literal"
        | "octal_integer_literal"
        | "binary_integer_literal"
        | "character_literal" => Some(LabelKind::Integral),
        "string_literal" => Some(LabelKind::Text),
        "unary_expression" if operator(label) == Some("-") => {
            let operand = label.child_by_field_name("operand")?;
            (label_kind(operand)? == LabelKind::Integral && operand.kind() != "character_literal")
                .then_some(LabelKind::Integral)
        }
        "parenthesized_expression" => label_kind(label.named_child(0)?),
        _ => None,
    }
}

/// The case constants of a label, or an empty list for `default`; `None`
/// for a label that is not plain constants.
fn label_values(label: Node) -> Option<(bool, Vec<Node>)> {
    let text_is_default = label.child(0).is_some_and(|t| t.kind() == "default");
    let values = code_children(label);
    if values.iter().any(|v| {
        matches!(
            v.kind(),
            "guard" | "pattern" | "type_pattern" | "record_pattern"
        )
    }) {
        return None;
    }
    Some((text_is_default, values))
}

fn analyse<'a>(src: &'a Source, switch: Node<'a>) -> Result<(Node<'a>, Vec<Branch<'a>>), Decline> {
    let parent = switch.parent().ok_or_else(|| Decline::new("no parent"))?;
    if !matches!(
        parent.kind(),
        "block" | "switch_block_statement_group" | "labeled_statement"
    ) {
        return Err(Decline::new("switch is not a statement in a block"));
    }
    let selector = switch
        .child_by_field_name("condition")
        .and_then(|c| code_children(c).first().copied())
        .filter(|s| s.kind() == "identifier")
        .ok_or_else(|| Decline::new("selector is not a plain name"))?;
    let block = switch
        .child_by_field_name("body")
        .ok_or_else(|| Decline::new("switch without body"))?;
    if syntax::descendants(block).any(|n| n.kind() == "yield_statement") {
        return Err(Decline::new("yield"));
    }
    let leaving: Vec<Node> = breaks_targeting(src, switch, block)
        .into_iter()
        .filter(|b| code_children(*b).is_empty())
        .collect();
    let groups = code_children(block);
    let mut branches = Vec::new();
    let mut pending: Vec<Node> = Vec::new();
    let mut pending_default = false;
    let mut kind: Option<LabelKind> = None;
    let mut scopes: Vec<(std::collections::BTreeSet<String>, Node)> = Vec::new();
    for (index, group) in groups.iter().enumerate() {
        let children = code_children(*group);
        let (labels, statements): (Vec<Node>, Vec<Node>) =
            children.iter().partition(|c| c.kind() == "switch_label");
        for label in &labels {
            let (is_default, values) =
                label_values(*label).ok_or_else(|| Decline::new("pattern label"))?;
            pending_default |= is_default;
            for value in values {
                let k =
                    label_kind(value).ok_or_else(|| Decline::new("case label is not a literal"))?;
                if kind.is_some_and(|known| known != k) {
                    return Err(Decline::new("mixed label kinds"));
                }
                kind = Some(k);
                pending.push(value);
            }
        }
        let (body, bare) = match group.kind() {
            "switch_rule" => {
                let [stmt] = statements[..] else {
                    return Err(Decline::new("arrow rule without a single body"));
                };
                if leaving
                    .iter()
                    .any(|b| b.start_byte() >= stmt.start_byte() && b.end_byte() <= stmt.end_byte())
                {
                    return Err(Decline::new("break inside an arrow rule"));
                }
                (
                    Some((stmt.start_byte(), stmt.end_byte())),
                    stmt.kind() != "block",
                )
            }
            "switch_block_statement_group" => {
                let Some(last) = statements.last() else {
                    // Empty group: its labels fall into the next group.
                    if index + 1 < groups.len() {
                        continue;
                    }
                    branches.push(Branch {
                        labels: std::mem::take(&mut pending),
                        is_default: std::mem::take(&mut pending_default),
                        body: None,
                        bare: false,
                    });
                    continue;
                };
                let last_is_leaving_break = leaving.contains(last);
                let inner_breaks = leaving
                    .iter()
                    .filter(|b| {
                        b.start_byte() >= group.start_byte() && b.end_byte() <= group.end_byte()
                    })
                    .count();
                if inner_breaks > usize::from(last_is_leaving_break) {
                    return Err(Decline::new(
                        "break that leaves the switch before the group's end",
                    ));
                }
                let jumps = matches!(
                    last.kind(),
                    "break_statement"
                        | "return_statement"
                        | "throw_statement"
                        | "continue_statement"
                );
                if !jumps && index + 1 < groups.len() {
                    return Err(Decline::new("fall-through into the next group"));
                }
                let kept: Vec<&Node> = if last_is_leaving_break {
                    statements[..statements.len() - 1].iter().collect()
                } else {
                    statements.iter().collect()
                };
                let body = match (kept.first(), kept.last()) {
                    (Some(first), Some(last)) => Some((first.start_byte(), last.end_byte())),
                    _ => None,
                };
                let single_block = kept.len() == 1 && kept[0].kind() == "block";
                let mut declared = std::collections::BTreeSet::new();
                for stmt in &statements {
                    if stmt.kind() == "local_variable_declaration" {
                        declared.extend(declared_names(src, *stmt));
                    }
                }
                scopes.push((declared, *group));
                (body, !single_block)
            }
            _ => return Err(Decline::new("unexpected switch block member")),
        };
        branches.push(Branch {
            labels: std::mem::take(&mut pending),
            is_default: std::mem::take(&mut pending_default),
            body,
            bare,
        });
    }
    for (declared, owner) in &scopes {
        for other in &groups {
            if other == owner {
                continue;
            }
            let used = identifiers_in(src, *other);
            if declared.iter().any(|d| used.contains(d.as_str())) {
                return Err(Decline::new(
                    "a group uses a name declared in another group",
                ));
            }
        }
    }
    if branches.iter().filter(|b| b.is_default).count() > 1 {
        return Err(Decline::new("several defaults"));
    }
    if !branches
        .iter()
        .any(|b| !b.is_default && !b.labels.is_empty())
    {
        return Err(Decline::new("no case to test"));
    }
    Ok((selector, branches))
}

pub(super) const SWITCH_TO_IF: RelationDef = RelationDef {
    name: "switch-to-if",
    description: "turns a switch on a plain name with literal labels and no fall-through into an if/else-if chain",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "String f(int k) {\n    String s;\n    switch (k) {\n        case 1:\n            s = \"one\";\n            break;\n        case 2:\n        case 3:\n            s = \"few\";\n            break;\n        default:\n            s = \"many\";\n    }\n    return s;\n}",
                after: "String f(int k) {\n    String s;\n    if (k == 1) {\n        s = \"one\";\n    } else if (k == 2 || k == 3) {\n        s = \"few\";\n    } else {\n        s = \"many\";\n    }\n    return s;\n}",
            },
        ),
    ],
    rule: |_| Box::new(SwitchToIf),
};

impl Rule for SwitchToIf {
    fn sites(&self, src: &Source) -> Vec<Site> {
        super::clean_nodes_of(src, &["switch_expression"])
            .filter(|n| analyse(src, *n).is_ok())
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let switch = site.node(src)?;
        let (selector, branches) = analyse(src, switch)?;
        let name = src.node_text(selector);
        let indent = syntax::line_indent(src.text(), switch.start_byte());
        let unit = indent_unit(src, src.root());
        let body_text = |branch: &Branch| match branch.body {
            Some((start, end)) => {
                let text = &src.text()[start..end];
                if branch.bare {
                    format!("{{\n{indent}{unit}{text}\n{indent}}}")
                } else {
                    text.to_string()
                }
            }
            None => "{\n".to_string() + indent + "}",
        };
        let test = |value: Node| {
            let literal = src.node_text(value);
            if value.kind() == "string_literal" {
                format!("{name}.equals({literal})")
            } else {
                format!("{name} == {literal}")
            }
        };
        let mut out = String::new();
        for branch in branches
            .iter()
            .filter(|b| !b.is_default && !b.labels.is_empty())
        {
            if !out.is_empty() {
                out.push_str(" else ");
            }
            let condition: Vec<String> = branch.labels.iter().map(|l| test(*l)).collect();
            out.push_str(&format!(
                "if ({}) {}",
                condition.join(" || "),
                body_text(branch)
            ));
        }
        if let Some(default) = branches.iter().find(|b| b.is_default) {
            if default.body.is_some() {
                out.push_str(&format!(" else {}", body_text(default)));
            }
        }
        Ok(vec![Edit::new(switch.byte_range(), out)])
    }
}
