//! Finds the methods and constructors of Java source trees and keeps those
//! that make reasonable model inputs.
use super::tokens::{normalised_tokens, shape, Shape, Symbol, Symbols, Trigrams};
use super::{ClonePairsError, Result};
use crate::lang::{Lang, ParseError, Source};
use std::path::{Path, PathBuf};
use tree_sitter::Node;

/// Which methods are kept.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Limits {
    /// Fewer statements (nested ones included) than this: trivial.
    pub min_statements: usize,
    /// Fewer normalised tokens than this: trivial.
    pub min_tokens: usize,
    /// More normalised tokens than this: too long for a 256-token model.
    pub max_tokens: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            min_statements: 3,
            min_tokens: 30,
            max_tokens: 400,
        }
    }
}

/// A method or constructor taken from a source file.
#[derive(Debug, Clone)]
pub struct Method {
    /// The source directory it was found under (its index in `--sources`).
    pub source: usize,
    /// File path relative to that directory.
    pub file: PathBuf,
    /// Split unit: the package and file name (`org.a.B.java`), so that
    /// copies of one file in two places (Guava's android/ and jre flavours)
    /// always land in the same split.
    pub unit: String,
    /// Enclosing type names, outermost first (`Outer.Inner`).
    pub class: String,
    pub name: String,
    /// Parameter type texts, whitespace-normalised.
    pub parameter_types: Vec<String>,
    pub parameter_names: Vec<String>,
    /// The method text, dedented by its own first-line indentation.
    pub text: String,
    /// Identifier-normalised tokens.
    pub tokens: Vec<Symbol>,
    /// Their trigrams: what similarity is measured on.
    pub trigrams: Vec<Symbol>,
    pub shape: Shape,
}

/// What was found and why methods or files were left out.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ExtractCounts {
    pub java_files: usize,
    pub non_utf8_files: usize,
    pub unparsable_files: usize,
    pub methods_found: usize,
    /// Kept methods from test sources (a path folder named `test` or
    /// `tests`, or ending in `-tests`/`-testlib` as in Guava).
    pub kept_from_test_sources: usize,
    pub no_body: usize,
    pub syntax_errors: usize,
    pub trivial: usize,
    pub too_long: usize,
    pub kept: usize,
}

/// Every `.java` file under `dir`, sorted, as paths relative to `dir`.
pub fn java_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Err(ClonePairsError::NotADirectory(dir.to_path_buf()));
    }
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current).map_err(|source| ClonePairsError::Io {
            path: current.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| ClonePairsError::Io {
                path: current.clone(),
                source,
            })?;
            let path = entry.path();
            // file_type does not follow symbolic links, so a link cycle
            // cannot make the walk endless.
            let kind = entry.file_type().map_err(|source| ClonePairsError::Io {
                path: path.clone(),
                source,
            })?;
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "java") {
                if let Ok(relative) = path.strip_prefix(dir) {
                    files.push(relative.to_path_buf());
                }
            }
        }
    }
    files.sort();
    Ok(files)
}

/// What became of one file.
pub enum FileOutcome {
    Methods(Vec<Method>),
    NotUtf8,
    Unparsable,
}

/// Extracts the kept methods of one file. `counts` receives the per-method
/// reasons; the caller counts file outcomes.
pub fn extract_file(
    source: usize,
    root: &Path,
    file: &Path,
    limits: &Limits,
    tables: &mut (Symbols, Trigrams),
    counts: &mut ExtractCounts,
) -> Result<FileOutcome> {
    let path = root.join(file);
    let bytes = std::fs::read(&path).map_err(|source| ClonePairsError::Io {
        path: path.clone(),
        source,
    })?;
    let parsed = match Source::from_bytes(Lang::Java, bytes) {
        Ok(parsed) => parsed,
        Err(ParseError::NotUtf8(_)) => return Ok(FileOutcome::NotUtf8),
        Err(_) => return Ok(FileOutcome::Unparsable),
    };
    Ok(FileOutcome::Methods(extract_parsed(
        source, file, &parsed, limits, tables, counts,
    )))
}

/// The kept methods of a parsed file.
pub fn extract_parsed(
    source: usize,
    file: &Path,
    parsed: &Source,
    limits: &Limits,
    tables: &mut (Symbols, Trigrams),
    counts: &mut ExtractCounts,
) -> Vec<Method> {
    let unit = split_unit(parsed, file);
    let mut declarations = Vec::new();
    collect_declarations(parsed.root(), &mut Vec::new(), &mut declarations, parsed);
    let mut methods = Vec::new();
    for (node, class) in declarations {
        counts.methods_found += 1;
        let Some(body) = node.child_by_field_name("body") else {
            counts.no_body += 1;
            continue;
        };
        if node.has_error() {
            counts.syntax_errors += 1;
            continue;
        }
        let tokens = normalised_tokens(node, &mut tables.0);
        let shape = shape(body);
        if shape.statements < limits.min_statements || tokens.len() < limits.min_tokens {
            counts.trivial += 1;
            continue;
        }
        if tokens.len() > limits.max_tokens {
            counts.too_long += 1;
            continue;
        }
        counts.kept += 1;
        if is_test_source(file) {
            counts.kept_from_test_sources += 1;
        }
        let (parameter_types, parameter_names) = parameters(node, parsed);
        methods.push(Method {
            source,
            file: file.to_path_buf(),
            unit: unit.clone(),
            class,
            name: node
                .child_by_field_name("name")
                .map(|name| parsed.node_text(name).to_string())
                .unwrap_or_default(),
            parameter_types,
            parameter_names,
            text: dedent(parsed.node_text(node), node.start_position().column),
            trigrams: tables.1.of(&tokens),
            tokens,
            shape,
        });
    }
    methods
}

/// `package.File.java`, or the relative path for a file without a package.
fn split_unit(parsed: &Source, file: &Path) -> String {
    let file_name = file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cursor = parsed.root().walk();
    let package = parsed
        .root()
        .named_children(&mut cursor)
        .find(|child| child.kind() == "package_declaration")
        .and_then(|package| {
            package.named_child((package.named_child_count() as u32).saturating_sub(1))
        })
        .map(|name| parsed.node_text(name).to_string());
    match package {
        Some(package) => format!("{package}.{file_name}"),
        None => file.to_string_lossy().into_owned(),
    }
}

const TYPE_DECLARATIONS: [&str; 5] = [
    "class_declaration",
    "interface_declaration",
    "enum_declaration",
    "record_declaration",
    "annotation_type_declaration",
];

/// Methods and constructors that are members of a type (of nested types
/// too), each with its enclosing type names. Methods of anonymous or local
/// classes stay inside the method that holds them: extracting them as well
/// would duplicate their text.
fn collect_declarations<'t>(
    node: Node<'t>,
    classes: &mut Vec<String>,
    out: &mut Vec<(Node<'t>, String)>,
    parsed: &Source,
) {
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        match child.kind() {
            "method_declaration" | "constructor_declaration" => {
                out.push((child, classes.join(".")));
            }
            kind if TYPE_DECLARATIONS.contains(&kind) => {
                let name = child
                    .child_by_field_name("name")
                    .map(|name| parsed.node_text(name).to_string())
                    .unwrap_or_default();
                if let Some(body) = child.child_by_field_name("body") {
                    classes.push(name);
                    collect_declarations(body, classes, out, parsed);
                    classes.pop();
                }
            }
            // Member containers: enum bodies hold their members after the
            // constants, and an enum constant may have a class body.
            "enum_body_declarations" | "enum_constant" | "class_body" => {
                collect_declarations(child, classes, out, parsed);
            }
            _ => {}
        }
    }
}

fn is_test_source(file: &Path) -> bool {
    file.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c == "test" || c == "tests" || c.ends_with("-tests") || c.ends_with("-testlib")
    })
}

/// Parameter types (whitespace-normalised; varargs end in `...`) and names.
fn parameters(method: Node, parsed: &Source) -> (Vec<String>, Vec<String>) {
    let (mut types, mut names) = (Vec::new(), Vec::new());
    let Some(parameters) = method.child_by_field_name("parameters") else {
        return (types, names);
    };
    let mut cursor = parameters.walk();
    for parameter in parameters.named_children(&mut cursor) {
        let text = match parameter.kind() {
            "formal_parameter" => {
                let mut text = parameter
                    .child_by_field_name("type")
                    .map(|t| parsed.node_text(t).to_string())
                    .unwrap_or_default();
                if let Some(dimensions) = parameter.child_by_field_name("dimensions") {
                    text.push_str(parsed.node_text(dimensions));
                }
                text
            }
            "spread_parameter" => {
                let mut inner = parameter.walk();
                let ty = parameter
                    .named_children(&mut inner)
                    .find(|c| c.kind() != "modifiers" && c.kind() != "variable_declarator")
                    .map(|t| parsed.node_text(t).to_string())
                    .unwrap_or_default();
                format!("{ty}...")
            }
            _ => continue,
        };
        types.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
        names.push(parameter_name(parameter, parsed));
    }
    (types, names)
}

/// The declared name: the `name` field, or for varargs the declarator's.
fn parameter_name(parameter: Node, parsed: &Source) -> String {
    let name = parameter.child_by_field_name("name").or_else(|| {
        let mut cursor = parameter.walk();
        let declarator = parameter
            .named_children(&mut cursor)
            .find(|c| c.kind() == "variable_declarator");
        declarator.and_then(|d| d.child_by_field_name("name"))
    });
    name.map(|n| parsed.node_text(n).to_string())
        .unwrap_or_default()
}

/// Removes up to `column` leading spaces or tabs from every line after the
/// first (the first starts at the declaration), so a method reads as if it
/// were written at the left margin.
fn dedent(text: &str, column: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            let strip = line
                .bytes()
                .take(column)
                .take_while(|b| *b == b' ' || *b == b'\t')
                .count();
            out.push_str(&line[strip..]);
        } else {
            out.push_str(line);
        }
    }
    out
}
