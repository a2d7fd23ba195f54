//! Scope analysis for Java and C: every declaration with its declared type and
//! the region where it is visible, and the resolution of each identifier use
//! to the declaration it names.
//!
//! The analysis is purely syntactic and conservative. Whatever it cannot
//! establish it says: a declaration is `certain` only when every identifier
//! that could name it was found and resolved without doubt (no use through an
//! anonymous class or a class with supertypes, which may inherit a member of
//! the same name; no use in a `case` label; no macro that might mention it;
//! no declaration in a conditional preprocessor branch). Relations that
//! rename or retype a declaration must check [`Scopes::is_certain`].

use super::{Lang, Source};
use std::collections::HashMap;
use std::ops::Range;
use tree_sitter::Node;

/// Index of a declaration in [`Scopes::declarations`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeclId(pub usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeclKind {
    /// A local variable: block declarations, `for` initialisers, enhanced-for
    /// variables, try-with-resources, pattern variables.
    Local,
    /// A parameter of a method, constructor or C function definition.
    Parameter,
    /// A lambda parameter (Java).
    LambdaParameter,
    /// A `catch` parameter (Java).
    CatchParameter,
    /// A field, record component or enum constant (Java); a file-scope
    /// variable or enumerator (C).
    Field,
    /// A method (Java) or function (C).
    Method,
    /// A class, interface, enum or record (Java).
    Type,
}

impl DeclKind {
    /// Whether the name lives in the variable namespace.
    pub fn is_variable(self) -> bool {
        !matches!(self, DeclKind::Method | DeclKind::Type)
    }
}

#[derive(Clone, Debug)]
pub struct Declaration {
    pub name: String,
    pub kind: DeclKind,
    /// Bytes of the declaring identifier.
    pub name_range: Range<usize>,
    /// Bytes where the name is visible (from just after the declarator for
    /// locals, the whole class body for members).
    pub scope: Range<usize>,
    type_text: Option<String>,
    certain: bool,
}

/// The result of [`Scopes::analyze`].
#[derive(Clone, Debug, Default)]
pub struct Scopes {
    decls: Vec<Declaration>,
    uses: Vec<Vec<Range<usize>>>,
    /// Start byte of every declaring or resolved identifier → its declaration.
    by_identifier: HashMap<usize, DeclId>,
}

impl Scopes {
    pub fn analyze(src: &Source) -> Scopes {
        let mut builder = Builder {
            src,
            scopes: Scopes::default(),
            candidates: Vec::new(),
            boundaries: Vec::new(),
            macro_words: Vec::new(),
            switch_labels: Vec::new(),
        };
        builder.collect(src.root());
        builder.resolve();
        builder.scopes
    }

    pub fn declarations(&self) -> &[Declaration] {
        &self.decls
    }

    pub fn declaration(&self, id: DeclId) -> &Declaration {
        &self.decls[id.0]
    }

    pub fn ids(&self) -> impl Iterator<Item = DeclId> {
        (0..self.decls.len()).map(DeclId)
    }

    /// The identifier ranges that refer to `decl`, in document order (the
    /// declaring identifier excluded). For Java methods: the unqualified or
    /// `this.`-qualified calls.
    pub fn uses_of(&self, decl: DeclId) -> &[Range<usize>] {
        &self.uses[decl.0]
    }

    /// The declaration an identifier declares or refers to, if known.
    pub fn declaration_of(&self, identifier: Node) -> Option<DeclId> {
        let id = *self.by_identifier.get(&identifier.start_byte())?;
        let d = &self.decls[id.0];
        let is_name = d.name_range == identifier.byte_range();
        let is_use = self.uses[id.0].contains(&identifier.byte_range());
        (is_name || is_use).then_some(id)
    }

    /// The declared type, whitespace-normalised, with array dimensions and C
    /// pointers as suffixes (`int`, `long[]`, `String`, `unsigned char*`).
    /// `None` where the type is inferred (`var`, untyped lambda parameters)
    /// or not expressible as text (C function pointers).
    pub fn declared_type(&self, decl: DeclId) -> Option<&str> {
        self.decls[decl.0].type_text.as_deref()
    }

    /// The declared type of the variable an identifier reads or writes, when
    /// the analysis resolved it without doubt.
    pub fn variable_type(&self, identifier: Node) -> Option<&str> {
        let id = self.declaration_of(identifier)?;
        let decl = &self.decls[id.0];
        (decl.kind.is_variable() && decl.certain).then_some(())?;
        decl.type_text.as_deref()
    }

    /// Whether every use of `decl` was found and resolved without doubt.
    pub fn is_certain(&self, decl: DeclId) -> bool {
        self.decls[decl.0].certain
    }

    /// Names of the declarations whose scope contains byte `at`.
    pub fn visible_names_at(&self, at: usize) -> Vec<&str> {
        self.decls
            .iter()
            .filter(|d| d.scope.contains(&at))
            .map(|d| d.name.as_str())
            .collect()
    }

    /// The variable (not method/type) visible at byte `at` under `name`.
    pub fn lookup(&self, name: &str, at: usize) -> Option<DeclId> {
        innermost(&self.decls, name, at)
    }
}

/// The declaration of `name` whose scope contains `at` and starts last
/// (scopes nest, so that is the innermost one).
fn innermost(decls: &[Declaration], name: &str, at: usize) -> Option<DeclId> {
    decls
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind.is_variable() && d.name == name && d.scope.contains(&at))
        .max_by_key(|(_, d)| d.scope.start)
        .map(|(i, _)| DeclId(i))
}

/// An identifier that may refer to a variable.
struct Candidate {
    range: Range<usize>,
    /// Found where a non-variable could also be meant (a `case` label).
    doubtful: bool,
}

struct Builder<'s> {
    src: &'s Source,
    scopes: Scopes,
    candidates: Vec<Candidate>,
    /// Class bodies that may inherit members from outside the text.
    boundaries: Vec<Range<usize>>,
    /// Every word of every macro definition (C).
    macro_words: Vec<&'s str>,
    /// Java `switch_label`s met so far in the walk: a name inside one is
    /// doubtful (kept as a range test so no identifier walks up the tree).
    switch_labels: Vec<Range<usize>>,
}

impl<'s> Builder<'s> {
    fn text(&self, node: Node) -> &'s str {
        &self.src.text()[node.byte_range()]
    }

    fn declare(
        &mut self,
        name: Node,
        kind: DeclKind,
        scope: Range<usize>,
        type_text: Option<String>,
        certain: bool,
    ) {
        if name.kind() != "identifier" {
            return; // `_` and other non-names declare nothing usable
        }
        let id = DeclId(self.scopes.decls.len());
        self.scopes.by_identifier.insert(name.start_byte(), id);
        self.scopes.decls.push(Declaration {
            name: self.text(name).to_string(),
            kind,
            name_range: name.byte_range(),
            scope,
            type_text,
            certain,
        });
        self.scopes.uses.push(Vec::new());
    }

    fn collect(&mut self, root: Node<'s>) {
        let java = self.src.lang() == Lang::Java;
        for (node, parent) in super::syntax::descendants_with_parent(root) {
            if java {
                self.java_node(node, parent);
            } else {
                self.c_node(node);
            }
        }
    }

    // ---- Java ----

    fn java_node(&mut self, node: Node<'s>, parent: Option<Node<'s>>) {
        match node.kind() {
            "local_variable_declaration" | "field_declaration" | "constant_declaration" => {
                self.java_variables(node)
            }
            "formal_parameter" | "spread_parameter" => self.java_parameter(node),
            "catch_formal_parameter" => {
                let (Some(name), Some(clause)) = (
                    node.child_by_field_name("name"),
                    node.parent().filter(|p| p.kind() == "catch_clause"),
                ) else {
                    return;
                };
                let ty = child_of_kind(node, "catch_type").map(|t| normalise(self.text(t)));
                let ty = with_dims(ty, node, self.src);
                let scope = clause
                    .child_by_field_name("body")
                    .map_or(name.end_byte()..clause.end_byte(), |b| b.byte_range());
                self.declare(name, DeclKind::CatchParameter, scope, ty, true);
            }
            "enhanced_for_statement" => {
                let (Some(name), Some(body)) = (
                    node.child_by_field_name("name"),
                    node.child_by_field_name("body"),
                ) else {
                    return;
                };
                let ty = self.java_type(node.child_by_field_name("type"));
                let ty = with_dims(ty, node, self.src);
                self.declare(name, DeclKind::Local, body.byte_range(), ty, true);
            }
            "resource" => {
                let Some(name) = node.child_by_field_name("name") else {
                    return;
                };
                let Some(stmt) = super::syntax::ancestor(node, &["try_with_resources_statement"])
                else {
                    return;
                };
                let end = stmt
                    .child_by_field_name("body")
                    .map_or(stmt.end_byte(), |b| b.end_byte());
                let ty = self.java_type(node.child_by_field_name("type"));
                let ty = with_dims(ty, node, self.src);
                self.declare(name, DeclKind::Local, name.end_byte()..end, ty, true);
            }
            "lambda_expression" => self.java_lambda(node),
            "instanceof_expression" | "type_pattern" | "record_pattern_component" => {
                // Pattern variables are flow-scoped; their region is
                // approximated by the rest of the enclosing block, so their
                // resolution is never certain.
                let name = match node.kind() {
                    "instanceof_expression" => node.child_by_field_name("name"),
                    _ => last_named_child(node).filter(|n| n.kind() == "identifier"),
                };
                let Some(name) = name else { return };
                let ty = match node.kind() {
                    "instanceof_expression" => node.child_by_field_name("right"),
                    _ => node.named_child(0).filter(|t| t.id() != name.id()),
                };
                let ty = self.java_type(ty);
                let end = block_end(node);
                self.declare(name, DeclKind::Local, name.end_byte()..end, ty, false);
            }
            "method_declaration" => {
                if let (Some(name), Some(body)) = (node.child_by_field_name("name"), node.parent())
                {
                    let ty = self.java_type(node.child_by_field_name("type"));
                    self.declare(name, DeclKind::Method, body.byte_range(), ty, true);
                }
            }
            "class_declaration"
            | "interface_declaration"
            | "enum_declaration"
            | "record_declaration"
            | "annotation_type_declaration" => self.java_type_declaration(node),
            "enum_constant" => {
                if let (Some(name), Some(body)) = (
                    node.child_by_field_name("name"),
                    super::syntax::ancestor(node, &["enum_body"]),
                ) {
                    let ty = body
                        .parent()
                        .and_then(|e| e.child_by_field_name("name"))
                        .map(|n| self.text(n).to_string());
                    self.declare(name, DeclKind::Field, body.byte_range(), ty, true);
                }
            }
            "object_creation_expression" => {
                if let Some(body) = child_of_kind(node, "class_body") {
                    self.boundaries.push(body.byte_range());
                }
            }
            "switch_label" => self.switch_labels.push(node.byte_range()),
            "identifier" => self.java_identifier(node, parent),
            _ => {}
        }
    }

    fn java_type(&self, ty: Option<Node>) -> Option<String> {
        let text = normalise(self.text(ty?));
        (text != "var").then_some(text)
    }

    fn java_variables(&mut self, decl: Node<'s>) {
        let Some(parent) = decl.parent() else { return };
        let (kind, scope_end) = match decl.kind() {
            "local_variable_declaration" => (DeclKind::Local, block_end(decl)),
            _ => (DeclKind::Field, parent.end_byte()),
        };
        let ty = self.java_type(decl.child_by_field_name("type"));
        let mut cursor = decl.walk();
        for declarator in decl.children_by_field_name("declarator", &mut cursor) {
            let Some(name) = declarator.child_by_field_name("name") else {
                continue;
            };
            let scope = match kind {
                DeclKind::Field => parent.start_byte()..scope_end,
                _ => name.end_byte()..scope_end,
            };
            let ty = with_dims(ty.clone(), declarator, self.src);
            // Qualified uses (`this.x`, `obj.x`) of fields are not tracked.
            let certain = kind != DeclKind::Field;
            self.declare(name, kind, scope, ty, certain);
        }
    }

    fn java_parameter(&mut self, param: Node<'s>) {
        let Some(list) = param.parent() else { return };
        let Some(owner) = list.parent() else { return };
        let (name, ty) = if param.kind() == "spread_parameter" {
            let Some(declarator) = child_of_kind(param, "variable_declarator") else {
                return;
            };
            let ty = param
                .named_children(&mut param.walk())
                .find(|c| !matches!(c.kind(), "modifiers" | "variable_declarator"))
                .and_then(|t| self.java_type(Some(t)))
                .map(|t| t + "[]");
            match declarator.child_by_field_name("name") {
                Some(name) => (name, ty),
                None => return,
            }
        } else {
            let Some(name) = param.child_by_field_name("name") else {
                return;
            };
            let ty = self.java_type(param.child_by_field_name("type"));
            (name, with_dims(ty, param, self.src))
        };
        match owner.kind() {
            "method_declaration" | "constructor_declaration" => {
                let scope = owner
                    .child_by_field_name("body")
                    .map_or(list.byte_range(), |b| b.byte_range());
                self.declare(name, DeclKind::Parameter, scope, ty, true);
            }
            "lambda_expression" => {
                let scope = owner
                    .child_by_field_name("body")
                    .map_or(list.byte_range(), |b| b.byte_range());
                self.declare(name, DeclKind::LambdaParameter, scope, ty, true);
            }
            "record_declaration" => {
                if let Some(body) = owner.child_by_field_name("body") {
                    self.declare(name, DeclKind::Field, body.byte_range(), ty, true);
                }
            }
            _ => {}
        }
    }

    fn java_lambda(&mut self, lambda: Node<'s>) {
        let (Some(params), Some(body)) = (
            lambda.child_by_field_name("parameters"),
            lambda.child_by_field_name("body"),
        ) else {
            return;
        };
        let names: Vec<Node> = match params.kind() {
            "identifier" => vec![params],
            "inferred_parameters" => params
                .named_children(&mut params.walk())
                .filter(|n| n.kind() == "identifier")
                .collect(),
            _ => Vec::new(), // formal_parameters: handled as parameters
        };
        for name in names {
            self.declare(
                name,
                DeclKind::LambdaParameter,
                body.byte_range(),
                None,
                true,
            );
        }
    }

    fn java_type_declaration(&mut self, decl: Node<'s>) {
        let Some(name) = decl.child_by_field_name("name") else {
            return;
        };
        let scope = match decl.parent() {
            Some(p) if matches!(p.kind(), "block" | "switch_block_statement_group") => {
                name.start_byte()..block_end(decl)
            }
            Some(p) => p.byte_range(),
            None => decl.byte_range(),
        };
        let text = self.text(name).to_string();
        self.declare(name, DeclKind::Type, scope, Some(text), true);
        // Members inherited from a supertype outside the text may shadow
        // outer names inside the body.
        let has_supertypes = ["superclass", "interfaces"]
            .iter()
            .any(|f| decl.child_by_field_name(f).is_some())
            || child_of_kind(decl, "super_interfaces").is_some()
            || child_of_kind(decl, "extends_interfaces").is_some()
            || decl.kind() == "interface_declaration";
        if has_supertypes {
            if let Some(body) = decl.child_by_field_name("body") {
                self.boundaries.push(body.byte_range());
            }
        }
    }

    fn java_identifier(&mut self, node: Node<'s>, parent: Option<Node<'s>>) {
        let Some(parent) = parent else { return };
        let field = field_name_in(node, parent);
        let not_a_use = match parent.kind() {
            "field_access" => field == Some("field"),
            "method_invocation" => field == Some("name"),
            "method_reference" => parent.named_child(0).map(|c| c.id()) != Some(node.id()),
            "labeled_statement" | "break_statement" | "continue_statement" => true,
            "marker_annotation" | "annotation" | "element_value_pair" => {
                field == Some("name") || field == Some("key")
            }
            "scoped_identifier"
            | "module_declaration"
            | "package_declaration"
            | "import_declaration"
            | "record_pattern" => true,
            "variable_declarator"
            | "formal_parameter"
            | "catch_formal_parameter"
            | "enhanced_for_statement"
            | "resource"
            | "instanceof_expression"
            | "method_declaration"
            | "constructor_declaration"
            | "compact_constructor_declaration"
            | "class_declaration"
            | "interface_declaration"
            | "enum_declaration"
            | "record_declaration"
            | "annotation_type_declaration"
            | "annotation_type_element_declaration"
            | "enum_constant" => field == Some("name"),
            "type_pattern" | "record_pattern_component" | "inferred_parameters" => true,
            "lambda_expression" => field == Some("parameters"),
            _ => false,
        };
        if !not_a_use {
            // The walk is in document order, so every enclosing label is
            // already listed; a non-empty identifier inside a label's range
            // is inside the label.
            let range = node.byte_range();
            let doubtful = self
                .switch_labels
                .iter()
                .any(|l| l.start <= range.start && range.end <= l.end);
            self.candidates.push(Candidate {
                range: node.byte_range(),
                doubtful,
            });
        }
    }

    // ---- C ----

    fn c_node(&mut self, node: Node<'s>) {
        match node.kind() {
            "declaration" => {
                let Some(parent) = node.parent() else { return };
                if parent.kind() == "function_definition" {
                    // K&R parameter declarations: resolve nothing with certainty.
                    self.c_declarators(node, DeclKind::Parameter, None, false);
                    return;
                }
                let file_scope = parent.kind() == "translation_unit";
                let kind = if file_scope {
                    DeclKind::Field
                } else {
                    DeclKind::Local
                };
                let end = block_end(node);
                let certain = !inside_conditional(node);
                self.c_declarators(node, kind, Some(end), certain);
            }
            "function_definition" => self.c_function(node),
            "enumerator" => {
                if let Some(name) = node.child_by_field_name("name") {
                    let end = block_end(node);
                    self.declare(name, DeclKind::Field, name.end_byte()..end, None, true);
                }
            }
            "preproc_def" | "preproc_function_def" => {
                if let Some(value) = node.child_by_field_name("value") {
                    self.macro_words.extend(super::words(self.text(value)));
                }
            }
            "identifier" => self.c_identifier(node),
            _ => {}
        }
    }

    /// Declares every declarator of a C `declaration` or
    /// `parameter_declaration`; `end` is where their scope ends (`None`:
    /// parameters of a definition, whose scope is set by the caller).
    fn c_declarators(&mut self, decl: Node<'s>, kind: DeclKind, end: Option<usize>, certain: bool) {
        let base = decl
            .child_by_field_name("type")
            .and_then(|t| self.c_base_type(t));
        let mut cursor = decl.walk();
        let declarators: Vec<Node> = decl
            .children_by_field_name("declarator", &mut cursor)
            .collect();
        for declarator in declarators {
            let Some(found) = c_declarator_name(declarator) else {
                continue;
            };
            let (kind, ty) = if found.function {
                (DeclKind::Method, None)
            } else {
                (kind, c_type(&base, &found))
            };
            let end = end.unwrap_or(decl.end_byte());
            self.declare(found.name, kind, found.name.end_byte()..end, ty, certain);
        }
    }

    /// The type specifier text, `None` for anonymous struct/union/enum
    /// bodies (not expressible as a short name).
    fn c_base_type(&self, ty: Node) -> Option<String> {
        if ty.child_by_field_name("body").is_some() {
            return None;
        }
        Some(normalise(self.text(ty)))
    }

    fn c_function(&mut self, def: Node<'s>) {
        let (Some(declarator), Some(body)) = (
            def.child_by_field_name("declarator"),
            def.child_by_field_name("body"),
        ) else {
            return;
        };
        let Some(function) = find_function_declarator(declarator) else {
            return;
        };
        if let Some(found) = function
            .child_by_field_name("declarator")
            .and_then(c_declarator_name)
        {
            let name = found.name;
            let end = def.parent().map_or(def.end_byte(), |p| p.end_byte());
            self.declare(name, DeclKind::Method, name.end_byte()..end, None, true);
        }
        let Some(params) = function.child_by_field_name("parameters") else {
            return;
        };
        let k_and_r = child_of_kind(def, "declaration").is_some();
        for param in params.named_children(&mut params.walk()) {
            if param.kind() != "parameter_declaration" {
                continue;
            }
            let base = param
                .child_by_field_name("type")
                .and_then(|t| self.c_base_type(t));
            let Some(found) = param
                .child_by_field_name("declarator")
                .and_then(c_declarator_name)
            else {
                continue;
            };
            let ty = if found.function {
                None
            } else {
                c_type(&base, &found)
            };
            self.declare(
                found.name,
                DeclKind::Parameter,
                body.byte_range(),
                ty,
                !k_and_r && !inside_conditional(def),
            );
        }
    }

    fn c_identifier(&mut self, node: Node<'s>) {
        let Some(parent) = node.parent() else { return };
        if parent.kind().starts_with("preproc") {
            return; // macro names and parameters
        }
        if self.scopes.by_identifier.contains_key(&node.start_byte()) {
            return; // declaring occurrence (declarations precede in document order)
        }
        if is_declarator_name(node) {
            return; // a name in a declarator not recorded (prototype parameters)
        }
        self.candidates.push(Candidate {
            range: node.byte_range(),
            doubtful: false,
        });
    }

    // ---- resolution ----

    fn resolve(&mut self) {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in self.scopes.decls.iter().enumerate() {
            if d.kind.is_variable() {
                by_name.entry(d.name.clone()).or_default().push(i);
            }
        }
        let text = self.src.text();
        for cand in std::mem::take(&mut self.candidates) {
            if self.scopes.by_identifier.contains_key(&cand.range.start) {
                continue;
            }
            let name = &text[cand.range.clone()];
            let Some(ids) = by_name.get(name) else {
                continue;
            };
            let at = cand.range.start;
            let containing: Vec<usize> = ids
                .iter()
                .copied()
                .filter(|&i| self.scopes.decls[i].scope.contains(&at))
                .collect();
            let Some(&best) = containing
                .iter()
                .max_by_key(|&&i| self.scopes.decls[i].scope.start)
            else {
                continue;
            };
            let start = self.scopes.decls[best].scope.start;
            let tie = containing
                .iter()
                .filter(|&&i| self.scopes.decls[i].scope.start == start)
                .count()
                > 1;
            let name_at = self.scopes.decls[best].name_range.start;
            let through_class = self
                .boundaries
                .iter()
                .any(|b| b.contains(&at) && !b.contains(&name_at));
            if tie || through_class || cand.doubtful {
                for &i in &containing {
                    self.scopes.decls[i].certain = false;
                }
            }
            self.scopes.uses[best].push(cand.range.clone());
            self.scopes.by_identifier.insert(at, DeclId(best));
        }
        if !self.macro_words.is_empty() {
            for d in &mut self.scopes.decls {
                if self.macro_words.contains(&d.name.as_str()) {
                    d.certain = false;
                }
            }
        }
        if self.src.lang() == Lang::Java {
            self.java_method_calls();
        }
    }

    /// Unqualified and `this.`-qualified calls of a method declared in the
    /// text, when the name is not overloaded.
    fn java_method_calls(&mut self) {
        let text = self.src.text();
        let methods: Vec<usize> = (0..self.scopes.decls.len())
            .filter(|&i| self.scopes.decls[i].kind == DeclKind::Method)
            .collect();
        if methods.is_empty() {
            return;
        }
        for node in super::syntax::descendants(self.src.root()) {
            if node.kind() != "method_invocation" {
                continue;
            }
            let Some(name) = node.child_by_field_name("name") else {
                continue;
            };
            let object = node.child_by_field_name("object");
            if object.is_some_and(|o| o.kind() != "this") {
                continue;
            }
            let called = &text[name.byte_range()];
            let at = name.start_byte();
            let matching: Vec<usize> = methods
                .iter()
                .copied()
                .filter(|&i| {
                    self.scopes.decls[i].name == called && self.scopes.decls[i].scope.contains(&at)
                })
                .collect();
            let Some(&best) = matching
                .iter()
                .max_by_key(|&&i| self.scopes.decls[i].scope.start)
            else {
                continue;
            };
            let through_class = self
                .boundaries
                .iter()
                .any(|b| b.contains(&at) && !b.contains(&self.scopes.decls[best].name_range.start));
            if matching.len() > 1 || through_class {
                for &i in &matching {
                    self.scopes.decls[i].certain = false;
                }
            }
            self.scopes.uses[best].push(name.byte_range());
            self.scopes.by_identifier.insert(at, DeclId(best));
        }
        // Overloads share a name: no call can be attributed by syntax alone.
        for &i in &methods {
            let overloaded = methods.iter().any(|&j| {
                j != i
                    && self.scopes.decls[j].name == self.scopes.decls[i].name
                    && self.scopes.decls[j].scope == self.scopes.decls[i].scope
            });
            if overloaded {
                self.scopes.decls[i].certain = false;
            }
        }
    }
}

/// The name declared by a C declarator.
struct CName<'a> {
    name: Node<'a>,
    /// `*` and `[]` to append to the base type; `None` where the declarator
    /// is too involved for a textual type (function pointers).
    suffix: Option<String>,
    /// The declarator declares a function (a prototype).
    function: bool,
}

fn c_declarator_name(declarator: Node) -> Option<CName> {
    let mut node = declarator;
    let mut suffix = Some(String::new());
    let mut function = false;
    loop {
        match node.kind() {
            "identifier" => {
                return Some(CName {
                    name: node,
                    suffix,
                    function,
                })
            }
            "init_declarator" => node = node.child_by_field_name("declarator")?,
            "pointer_declarator" => {
                // Inside a function declarator: a function pointer, not a function.
                function = false;
                suffix = suffix.map(|s| format!("*{s}"));
                node = node.child_by_field_name("declarator")?;
            }
            "array_declarator" => {
                suffix = suffix.map(|s| s + "[]");
                node = node.child_by_field_name("declarator")?;
            }
            "function_declarator" => {
                // A prototype when nothing wraps it; otherwise a function
                // pointer or similar, whose type is not kept.
                if suffix.as_deref() == Some("") {
                    function = true;
                }
                suffix = None;
                node = node.child_by_field_name("declarator")?;
            }
            "parenthesized_declarator" => {
                suffix = None;
                node = node.named_child(0)?;
            }
            "attributed_declarator" => node = node.named_child(0)?,
            _ => return None,
        }
    }
}

fn c_type(base: &Option<String>, found: &CName) -> Option<String> {
    Some(base.clone()? + found.suffix.as_deref()?)
}

fn find_function_declarator(declarator: Node) -> Option<Node> {
    let mut node = declarator;
    loop {
        match node.kind() {
            "function_declarator" => return Some(node),
            "pointer_declarator" | "attributed_declarator" | "parenthesized_declarator" => {
                node = node
                    .child_by_field_name("declarator")
                    .or_else(|| node.named_child(0))?
            }
            _ => return None,
        }
    }
}

/// Whether a C identifier sits in declarator position (the name being
/// declared rather than a use).
fn is_declarator_name(node: Node) -> bool {
    let mut child = node;
    while let Some(parent) = child.parent() {
        let is_declarator_field = field_name_of(child) == Some("declarator");
        match parent.kind() {
            "pointer_declarator"
            | "array_declarator"
            | "function_declarator"
            | "attributed_declarator"
            | "parenthesized_declarator"
            | "init_declarator"
                if is_declarator_field || parent.kind() == "parenthesized_declarator" =>
            {
                child = parent
            }
            "declaration"
            | "parameter_declaration"
            | "field_declaration"
            | "type_definition"
            | "function_definition" => return is_declarator_field,
            _ => return false,
        }
    }
    false
}

/// Whether a node lies in a conditional preprocessor branch.
fn inside_conditional(node: Node) -> bool {
    super::syntax::ancestor(
        node,
        &[
            "preproc_if",
            "preproc_ifdef",
            "preproc_else",
            "preproc_elif",
        ],
    )
    .is_some()
}

/// End of the region a local declared at `node` stays visible: the end of
/// the innermost enclosing block-like construct.
fn block_end(node: Node) -> usize {
    super::syntax::ancestor(
        node,
        &[
            "block",
            "switch_block",
            "constructor_body",
            "for_statement",
            "compound_statement",
            "translation_unit",
            "program",
            "class_body",
            "lambda_expression",
        ],
    )
    .map_or(node.end_byte(), |b| b.end_byte())
}

fn field_name_of(node: Node) -> Option<&'static str> {
    field_name_in(node, node.parent()?)
}

/// The field name under which `parent` holds `node`.
fn field_name_in(node: Node, parent: Node) -> Option<&'static str> {
    let mut cursor = parent.walk();
    if !cursor.goto_first_child() {
        return None;
    }
    loop {
        if cursor.node().id() == node.id() {
            return cursor.field_name();
        }
        if !cursor.goto_next_sibling() {
            return None;
        }
    }
}

fn child_of_kind<'a>(node: Node<'a>, kind: &str) -> Option<Node<'a>> {
    let mut cursor = node.walk();
    let found = node.named_children(&mut cursor).find(|c| c.kind() == kind);
    found
}

fn last_named_child(node: Node) -> Option<Node> {
    node.named_child(node.named_child_count().checked_sub(1)? as _)
}

/// Appends `[]` for each pair of brackets in the node's `dimensions` field.
fn with_dims(ty: Option<String>, node: Node, src: &Source) -> Option<String> {
    let ty = ty?;
    match node.child_by_field_name("dimensions") {
        Some(d) => Some(ty + &"[]".repeat(src.node_text(d).matches('[').count())),
        None => Some(ty),
    }
}

/// Collapses whitespace: one space between two word characters, none
/// elsewhere (`Map< K , V >` → `Map<K,V>`, `unsigned  int` → `unsigned int`).
fn normalise(text: &str) -> String {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && out.chars().last().is_some_and(is_word) && is_word(c) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn java(text: &str) -> (Source, Scopes) {
        let src = Source::parse(Lang::Java, text).unwrap();
        let scopes = Scopes::analyze(&src);
        (src, scopes)
    }

    fn c(text: &str) -> (Source, Scopes) {
        let src = Source::parse(Lang::C, text).unwrap();
        let scopes = Scopes::analyze(&src);
        (src, scopes)
    }

    fn decl(scopes: &Scopes, name: &str, kind: DeclKind) -> DeclId {
        scopes
            .ids()
            .find(|&i| scopes.declaration(i).name == name && scopes.declaration(i).kind == kind)
            .unwrap_or_else(|| panic!("no {kind:?} {name}"))
    }

    fn use_texts(src: &Source, scopes: &Scopes, id: DeclId) -> Vec<usize> {
        scopes
            .uses_of(id)
            .iter()
            .map(|r| {
                assert_eq!(&src.text()[r.clone()], scopes.declaration(id).name);
                r.start
            })
            .collect()
    }

    #[test]
    fn java_locals_params_and_types() {
        let text = "class A { int x; long[] f(int n, String... rest) { int a = 1, b[] = {a}; \
                    for (int i = 0; i < n; i++) { a += i; } \
                    for (var s : rest) { x = s.length(); } \
                    try (java.io.Reader r = open()) { r.read(); } catch (IOException | RuntimeException e) { throw e; } \
                    return null; } }";
        let (src, s) = java(text);
        let ty = |name, kind| s.declared_type(decl(&s, name, kind));
        assert_eq!(ty("x", DeclKind::Field), Some("int"));
        assert_eq!(ty("n", DeclKind::Parameter), Some("int"));
        assert_eq!(ty("rest", DeclKind::Parameter), Some("String[]"));
        assert_eq!(ty("a", DeclKind::Local), Some("int"));
        assert_eq!(ty("b", DeclKind::Local), Some("int[]"));
        assert_eq!(ty("i", DeclKind::Local), Some("int"));
        assert_eq!(ty("s", DeclKind::Local), None, "var is inferred");
        assert_eq!(ty("r", DeclKind::Local), Some("java.io.Reader"));
        assert_eq!(
            ty("e", DeclKind::CatchParameter),
            Some("IOException|RuntimeException")
        );
        assert_eq!(ty("f", DeclKind::Method), Some("long[]"));
        let a = decl(&s, "a", DeclKind::Local);
        assert_eq!(
            use_texts(&src, &s, a).len(),
            2,
            "b's initialiser and a += i"
        );
        assert!(s.is_certain(a));
        let i = decl(&s, "i", DeclKind::Local);
        assert_eq!(s.uses_of(i).len(), 3);
        let n = decl(&s, "n", DeclKind::Parameter);
        assert_eq!(s.uses_of(n).len(), 1);
        let x = decl(&s, "x", DeclKind::Field);
        assert_eq!(s.uses_of(x).len(), 1);
        assert!(!s.is_certain(x), "qualified field uses are not tracked");
    }

    #[test]
    fn java_member_names_and_labels_are_not_uses() {
        let text = "void f(Obj x) { x: for (;;) { x.x(); this.x = x.x; break x; } }";
        let (src, s) = java(text);
        let x = decl(&s, "x", DeclKind::Parameter);
        let uses = use_texts(&src, &s, x);
        // `x.x()` object, `= x.x` object: two uses only.
        assert_eq!(uses.len(), 2);
        assert!(uses.iter().all(|&u| text[u + 1..].starts_with(".x")));
    }

    #[test]
    fn java_shadowing_in_inner_classes_and_lambdas() {
        let text = "void f() { int v = 0; Runnable r = new Runnable() { int v = 2; public void run() { v++; } }; \
                    java.util.function.IntUnaryOperator g = w -> w + v; }";
        let (src, s) = java(text);
        let outer = decl(&s, "v", DeclKind::Local);
        let field = decl(&s, "v", DeclKind::Field);
        let uses = use_texts(&src, &s, outer);
        assert_eq!(uses, vec![text.rfind("+ v").unwrap() + 2]);
        assert_eq!(s.uses_of(field).len(), 1);
        let w = decl(&s, "w", DeclKind::LambdaParameter);
        assert_eq!(s.uses_of(w).len(), 1);
        assert_eq!(s.declared_type(w), None);
        assert!(s.is_certain(outer));
    }

    #[test]
    fn java_uses_through_anonymous_classes_are_uncertain() {
        let (_, s) = java("void f() { int v = 0; new Thread() { public void run() { System.out.println(v); } }.start(); }");
        let v = decl(&s, "v", DeclKind::Local);
        assert_eq!(s.uses_of(v).len(), 1);
        assert!(!s.is_certain(v), "Thread might have a field v");
    }

    #[test]
    fn java_pattern_variables_and_case_labels_are_uncertain() {
        let (_, s) = java("void f(Object o) { if (o instanceof String str) { str.length(); } }");
        let st = decl(&s, "str", DeclKind::Local);
        assert_eq!(s.declared_type(st), Some("String"));
        assert_eq!(s.uses_of(st).len(), 1);
        assert!(!s.is_certain(st));
        let (_, s) = java("void f(int x) { final int K = 1; switch (x) { case K: break; } }");
        assert!(!s.is_certain(decl(&s, "K", DeclKind::Local)));
    }

    #[test]
    fn java_method_calls_and_overloads() {
        let (_, s) = java("class A { static int fact(int n) { return n < 2 ? 1 : n * fact(n - 1) + this.fact(0) + o.fact(1); } }");
        let fact = decl(&s, "fact", DeclKind::Method);
        assert_eq!(s.uses_of(fact).len(), 2);
        let (_, s) = java("class A { void g(int a) { g(); } void g() {} }");
        assert!(s
            .ids()
            .filter(|&i| s.declaration(i).kind == DeclKind::Method)
            .all(|i| !s.is_certain(i)));
    }

    #[test]
    fn c_declarators_types_and_shadowing() {
        let text = "static int g;\nint f(unsigned char *p, int n) { int *a, b[4], c = n; \
                    for (int i = 0; i < n; i++) { int c = i; b[0] = c; } return g + c + *a + p[0]; }";
        let (src, s) = c(text);
        let ty = |name, kind| s.declared_type(decl(&s, name, kind));
        assert_eq!(ty("p", DeclKind::Parameter), Some("unsigned char*"));
        assert_eq!(ty("a", DeclKind::Local), Some("int*"));
        assert_eq!(ty("b", DeclKind::Local), Some("int[]"));
        assert_eq!(ty("g", DeclKind::Field), Some("int"));
        let cs: Vec<DeclId> = s.ids().filter(|&i| s.declaration(i).name == "c").collect();
        assert_eq!(cs.len(), 2);
        assert_eq!(use_texts(&src, &s, cs[0]), vec![text.rfind("c +").unwrap()]);
        assert_eq!(
            use_texts(&src, &s, cs[1]),
            vec![text.find("= c;").unwrap() + 2]
        );
        assert_eq!(s.uses_of(decl(&s, "n", DeclKind::Parameter)).len(), 2);
        assert!(s.is_certain(cs[0]));
        assert!(s
            .ids()
            .any(|i| s.declaration(i).name == "f" && s.declaration(i).kind == DeclKind::Method));
    }

    #[test]
    fn c_macros_and_function_pointers() {
        let (_, s) = c(
            "#define BUMP() (count++)\nvoid f(void) { int count = 0; int (*fp)(int) = 0; BUMP(); }",
        );
        assert!(!s.is_certain(decl(&s, "count", DeclKind::Local)));
        let fp = decl(&s, "fp", DeclKind::Local);
        assert_eq!(s.declared_type(fp), None);
        let (_, s) = c("void f(void) {\n#ifdef X\n int k = 1;\n#else\n long k = 2;\n#endif\n}");
        assert!(s
            .ids()
            .all(|i| !s.is_certain(i) || s.declaration(i).kind == DeclKind::Method));
    }

    #[test]
    fn visible_names_and_lookup() {
        let text = "int f(int a) { int b = 0; { int c = a; } return b; }";
        let (_, s) = c(text);
        let at = text.find("return").unwrap();
        let mut names = s.visible_names_at(at);
        names.sort();
        assert_eq!(names, vec!["a", "b", "f"]);
        assert!(s.lookup("c", at).is_none());
        assert_eq!(s.lookup("a", at), Some(decl(&s, "a", DeclKind::Parameter)));
    }
}
