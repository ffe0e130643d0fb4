//! Name resolution and type checking of rules files, lowering to [`Ir`].

use super::ir::{BINDERS, BUILTINS, Binder, Builtin, Ir};
use super::types::Type;
use super::*;
use crate::facts::schema::CASE;
use crate::graph::order_derived;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, LabelDecl, RuleDecl, Template, TemplatePart, TextKey, UnaryOp};
use std::collections::{BTreeSet, HashMap};

/// The pointer pattern prefix of staff-registry facts.
pub const STAFF_PATH: &str = "staff.json#/staff/*";
/// The pointer pattern prefix of CB settings.
pub const SETTINGS_PATH: &str = "caselint.toml#";

/// Checks parsed files together (derived facts are shared across files).
pub fn check_files(files: &[RulesFile]) -> Result<RuleSet, Vec<CheckError>> {
    let mut checker = Checker::default();
    let mut derived_decls = Vec::new();
    for file in files {
        for derived in &file.derived {
            if let Some(&first) = checker.derived_index.get(&derived.name.name) {
                let (first_file, first_span): (&SourceFile, Span) = derived_decls[first];
                checker.duplicate(file, derived.name.span, &derived.name.name, first_file, first_span);
                continue;
            }
            checker.derived_index.insert(derived.name.name.clone(), derived_decls.len());
            derived_decls.push((&file.source, derived.name.span));
        }
    }
    // Derived facts are typed in dependency order so each sees the types it uses.
    let all_derived: Vec<(&RulesFile, &crate::syntax::ast::Derived)> = files
        .iter()
        .flat_map(|f| f.derived.iter().map(move |d| (f, d)))
        .filter(|(f, d)| derived_decls.iter().any(|(src, span)| std::ptr::eq(*src, &f.source) && *span == d.name.span))
        .collect();
    let deps: Vec<Vec<usize>> = all_derived
        .iter()
        .map(|(_, d)| {
            let mut names = BTreeSet::new();
            collect_names(&d.expr, &mut names);
            names.iter().filter_map(|n| checker.derived_index.get(n).copied()).collect()
        })
        .collect();
    let order = match order_derived(&deps) {
        Ok(order) => order,
        Err(cycle) => {
            let names: Vec<String> = cycle.iter().map(|&i| all_derived[i].1.name.name.clone()).collect();
            if let Some(&first) = cycle.first() {
                let (file, derived) = all_derived[first];
                checker.error(file, derived.name.span, CheckProblem::Cycle { names });
            }
            return Err(checker.errors);
        }
    };
    checker.derived = vec![None; all_derived.len()];
    for &index in &order {
        let (file, derived) = all_derived[index];
        checker.file = Some(file.source.clone());
        checker.begin_owner();
        let lowered = checker.expr(&derived.expr);
        let slots = checker.next_slot;
        let (reads, uses) = checker.end_owner();
        if let Some((expr, typed)) = lowered {
            checker.derived[index] = Some(CheckedDerived {
                name: derived.name.name.clone(),
                expr,
                ty: typed.ty.clone(),
                reads,
                uses,
                slots,
                file: file.source.clone(),
                span: derived.name.span,
            });
            checker.derived_types.insert(index, typed);
        }
    }
    let mut rules: Vec<CheckedRule> = Vec::new();
    let mut seen_rules: HashMap<String, (SourceFile, Span)> = HashMap::new();
    for file in files {
        checker.file = Some(file.source.clone());
        for rule in &file.rules {
            if let Some((first_file, first_span)) = seen_rules.get(&rule.id.value) {
                let (first_file, first_span) = (first_file.clone(), *first_span);
                checker.duplicate(file, rule.id.span, &rule.id.value, &first_file, first_span);
                continue;
            }
            seen_rules.insert(rule.id.value.clone(), (file.source.clone(), rule.id.span));
            if let Some(checked) = checker.rule(rule) {
                rules.push(checked);
            }
        }
    }
    let mut manual = Vec::new();
    let mut manual_clauses: HashMap<String, (SourceFile, Span)> = HashMap::new();
    for file in files {
        checker.file = Some(file.source.clone());
        for entry in &file.manual {
            for clause in &entry.clauses {
                if crate::procedure::clause(&clause.value).is_none() {
                    checker.report(clause.span, CheckProblem::UnknownClause { clause: clause.value.clone() });
                }
                if let Some((first_file, first_span)) = manual_clauses.get(&clause.value) {
                    let (first_file, first_span) = (first_file.clone(), *first_span);
                    checker.duplicate(file, clause.span, &clause.value, &first_file, first_span);
                }
                manual_clauses.insert(clause.value.clone(), (file.source.clone(), clause.span));
            }
            manual.push(checker.manual(entry));
        }
    }
    if !checker.errors.is_empty() {
        return Err(checker.errors);
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    let derived = checker.derived.into_iter().flatten().collect();
    Ok(RuleSet { derived, derived_order: order, rules, manual })
}

/// Whether a claim can keep a value of this type once its case is gone: plain values only,
/// not objects of the case file.
fn capturable(ty: &Type) -> bool {
    match ty {
        Type::Object(_) | Type::Pair(_) => false,
        Type::List(item) => capturable(item),
        _ => true,
    }
}

/// An expression's type and, when it denotes a fact of the input, its pointer pattern.
#[derive(Debug, Clone)]
struct Typed {
    ty: Type,
    path: Option<String>,
    /// For lists not read directly from the input (`map`, `flatten`): the elements' pattern.
    elements: Option<String>,
}

impl Typed {
    fn new(ty: Type) -> Self {
        Self { ty, path: None, elements: None }
    }

    fn fact(ty: Type, path: Option<String>) -> Self {
        Self { ty, path, elements: None }
    }

    /// The pointer pattern of the elements of a list: `/audits/*` for `case.audits`.
    fn element_path(&self) -> Option<String> {
        self.elements.clone().or_else(|| self.path.as_ref().map(|p| format!("{p}/*")))
    }
}

#[derive(Default)]
struct Checker {
    errors: Vec<CheckError>,
    file: Option<SourceFile>,
    derived_index: HashMap<String, usize>,
    derived: Vec<Option<CheckedDerived>>,
    derived_types: HashMap<usize, Typed>,
    scope: Vec<(String, usize, Typed)>,
    next_slot: usize,
    reads: BTreeSet<String>,
    uses: BTreeSet<usize>,
    /// Checking the pair scope of a cross-case rule.
    pair: bool,
    /// The values a claim of the cross-case rule being checked keeps, by name.
    claim_fields: Vec<(String, Typed)>,
    /// The type of that rule's key.
    key_type: Type,
}

impl Checker {
    fn error(&mut self, file: &RulesFile, span: Span, problem: CheckProblem) {
        self.errors.push(CheckError { problem, file: file.source.clone(), span });
    }

    fn report(&mut self, span: Span, problem: CheckProblem) {
        let file = self.file.clone().unwrap_or_else(|| SourceFile::new("<rules>", ""));
        self.errors.push(CheckError { problem, file, span });
    }

    fn duplicate(&mut self, file: &RulesFile, span: Span, name: &str, first_file: &SourceFile, first_span: Span) {
        let (first_line, _) = first_file.line_column(first_span.start);
        let problem =
            CheckProblem::Duplicate { name: name.to_string(), first_file: first_file.name.to_string(), first_line };
        self.error(file, span, problem);
    }

    /// A list type, unless its lists nest more than [`MAX_DEPTH`](crate::syntax::MAX_DEPTH)
    /// deep (`let l2 = [l1]` repeated): its values, and every walk of them, would nest as deep.
    fn nested(&mut self, ty: Type, span: Span) -> Option<Type> {
        if ty.depth() <= crate::syntax::MAX_DEPTH {
            return Some(ty);
        }
        self.report(span, CheckProblem::TooDeep);
        None
    }

    fn mismatch(&mut self, span: Span, expected: Vec<Type>, found: &Type) -> Option<(Ir, Typed)> {
        // `Any` comes from an expression already reported; one error per cause.
        if *found != Type::Any {
            self.report(span, CheckProblem::TypeMismatch { expected, found: found.clone() });
        }
        None
    }

    fn begin_owner(&mut self) {
        self.reads.clear();
        self.uses.clear();
        self.scope.clear();
        self.next_slot = 0;
    }

    fn end_owner(&mut self) -> (Vec<String>, Vec<usize>) {
        let reads = std::mem::take(&mut self.reads);
        // Keep only the deepest paths: reading `/a/b` implies reading `/a`.
        let leaves = reads
            .iter()
            .filter(|p| !reads.iter().any(|q| q.len() > p.len() && q.starts_with(&format!("{p}/"))))
            .cloned()
            .collect();
        (leaves, std::mem::take(&mut self.uses).into_iter().collect())
    }

    fn bind(&mut self, name: &crate::syntax::ast::Ident, typed: Typed) -> usize {
        if self.derived_index.contains_key(&name.name) || self.scope.iter().any(|(n, _, _)| *n == name.name) {
            self.report(name.span, CheckProblem::Shadowing { name: name.name.clone() });
        }
        let slot = self.next_slot;
        self.next_slot += 1;
        self.scope.push((name.name.clone(), slot, typed));
        slot
    }

    fn rule(&mut self, rule: &RuleDecl) -> Option<CheckedRule> {
        self.begin_owner();
        let errors_before = self.errors.len();
        for clause in &rule.clauses {
            if crate::procedure::clause(&clause.value).is_none() {
                self.report(clause.span, CheckProblem::UnknownClause { clause: clause.value.clone() });
            }
        }
        let id_span = rule.id.span;
        let require_text = |checker: &mut Self, key: TextKey, lang: Lang, item: &'static str| {
            if rule.text(key, lang).is_none() {
                checker.report(id_span, CheckProblem::MissingItem { item });
            }
        };
        for (key, lang, item) in [
            (TextKey::Title, Lang::Zh, "title.zh"),
            (TextKey::Title, Lang::En, "title.en"),
            (TextKey::Message, Lang::Zh, "message.zh"),
            (TextKey::Message, Lang::En, "message.en"),
            (TextKey::Help, Lang::Zh, "help.zh"),
            (TextKey::Help, Lang::En, "help.en"),
            (TextKey::Doc, Lang::Zh, "doc.zh"),
            (TextKey::Doc, Lang::En, "doc.en"),
        ] {
            require_text(self, key, lang, item);
        }
        if rule.clauses.is_empty() {
            self.report(id_span, CheckProblem::MissingItem { item: "clause" });
        }
        for item in rule.texts.iter().filter(|t| matches!(t.key, TextKey::Reason | TextKey::Inspect)) {
            self.report(item.span, CheckProblem::UnexpectedItem { item: "reason/inspect" });
        }
        if rule.severity.is_none() {
            self.report(id_span, CheckProblem::MissingItem { item: "severity" });
        }
        let applies = rule.applies.as_ref().and_then(|e| self.boolean(e));
        let mut for_each = Vec::new();
        for each in &rule.for_each {
            let collection = self.expr(&each.collection);
            let (ir, element) = match collection {
                Some((ir, typed)) => match typed.ty.element() {
                    Some(element) => (Some(ir), Typed::fact(element.clone(), typed.element_path())),
                    None => {
                        self.mismatch(each.collection.span, vec![Type::List(Box::new(Type::Any))], &typed.ty);
                        (None, Typed::new(Type::Any))
                    }
                },
                None => (None, Typed::new(Type::Any)),
            };
            let slot = self.bind(&each.binder, element);
            let filter = each.filter.as_ref().and_then(|f| self.boolean(f));
            for_each.extend(ir.map(|ir| (slot, ir, filter)));
        }
        let across = rule.population.as_ref().is_some_and(|p| p.across);
        let mut locals = Vec::new();
        let mut captured = vec![("case_id".to_string(), Typed::new(Type::Text(None)))];
        for (name, expr) in &rule.locals {
            if let Some((ir, typed)) = self.expr(expr) {
                if across && !capturable(&typed.ty) {
                    self.report(
                        name.span,
                        CheckProblem::NotCapturable { name: name.name.clone(), ty: typed.ty.clone() },
                    );
                }
                captured.push((name.name.clone(), Typed::new(typed.ty.clone())));
                let slot = self.bind(name, typed);
                locals.push((slot, ir));
            } else {
                self.bind(name, Typed::new(Type::Any));
            }
        }
        let at = rule.at.as_ref().and_then(|l| self.label_fact(l));
        let also: Vec<(Ir, &LabelDecl)> =
            rule.also.iter().filter_map(|l| self.label_fact(l).map(|ir| (ir, l))).collect();
        let population = match &rule.population {
            Some(decl) if decl.across => self.population(decl, captured, id_span),
            Some(decl) => {
                self.report(decl.span, CheckProblem::PopulationItem { item: "key/role/period/between", across: false });
                None
            }
            None => None,
        };
        let claim_slots = self.next_slot;
        if let Some(population) = &population {
            // The requirement and the texts compare two claims: only `this.*`, `other.*`,
            // `key`, `settings` and `as_of` are in scope.
            self.scope.clear();
            self.next_slot = population.pair_slots;
            self.pair = true;
            if let Some(due) = &rule.due {
                self.report(due.span, CheckProblem::PopulationItem { item: "due", across: true });
            }
        }
        let require = match &rule.require {
            Some(expr) => self.boolean(expr),
            None => {
                self.report(id_span, CheckProblem::MissingItem { item: "require" });
                None
            }
        };
        let due = if population.is_some() { None } else { rule.due.as_ref().and_then(|e| self.expect(e, Type::Date)) };
        let at = match (at, &rule.at) {
            (Some(expr), Some(decl)) => Some(CheckedLabel { expr, text: self.captions(decl) }),
            _ => None,
        };
        let also = also.into_iter().map(|(expr, decl)| CheckedLabel { expr, text: self.captions(decl) }).collect();
        let message = self.bilingual(rule, TextKey::Message);
        let help = self.bilingual(rule, TextKey::Help);
        let plain = |key, lang| rule.text(key, lang).map(Template::plain).unwrap_or_default();
        let population = population.map(|mut p| {
            p.pair_slots = self.next_slot;
            p
        });
        self.pair = false;
        let (reads, uses) = self.end_owner();
        if self.errors.len() > errors_before {
            return None;
        }
        Some(CheckedRule {
            id: rule.id.value.clone(),
            clauses: rule.clauses.iter().map(|c| c.value.clone()).collect(),
            cites: rule.cites.iter().map(|c| c.value.clone()).collect(),
            schemes: crate::scheme::Schemes::of_clauses(rule.clauses.iter().map(|c| c.value.as_str())),
            severity: rule.severity.as_ref().map_or(Severity::Error, |s| s.value),
            title: Bilingual { zh: plain(TextKey::Title, Lang::Zh), en: plain(TextKey::Title, Lang::En) },
            doc: Bilingual { zh: plain(TextKey::Doc, Lang::Zh), en: plain(TextKey::Doc, Lang::En) },
            message,
            help,
            applies,
            for_each,
            population,
            locals,
            require: require?,
            due,
            at,
            also,
            slots: claim_slots.max(if rule.population.is_some() { 0 } else { self.next_slot }),
            reads,
            uses,
            file: self.file.clone()?,
            span: id_span,
        })
    }

    fn manual(&mut self, entry: &crate::syntax::ast::ManualDecl) -> CheckedManual {
        let span = entry.clauses.first().map_or(entry.span, |c| c.span);
        let text = |checker: &mut Self, key: TextKey, lang: Lang, item: &'static str| match entry
            .texts
            .iter()
            .find(|t| t.key == key && t.lang == lang)
        {
            Some(t) => t.template.plain(),
            None => {
                checker.report(span, CheckProblem::MissingItem { item });
                String::new()
            }
        };
        for item in &entry.texts {
            if !matches!(item.key, TextKey::Reason | TextKey::Inspect) {
                self.report(item.span, CheckProblem::UnexpectedItem { item: "title/message/help/doc" });
            }
        }
        CheckedManual {
            clauses: entry.clauses.iter().map(|c| c.value.clone()).collect(),
            reason: Bilingual {
                zh: text(self, TextKey::Reason, Lang::Zh, "reason.zh"),
                en: text(self, TextKey::Reason, Lang::En, "reason.en"),
            },
            inspect: Bilingual {
                zh: text(self, TextKey::Inspect, Lang::Zh, "inspect.zh"),
                en: text(self, TextKey::Inspect, Lang::En, "inspect.en"),
            },
        }
    }

    fn bilingual(&mut self, rule: &RuleDecl, key: TextKey) -> Bilingual<Vec<Piece>> {
        let zh = rule.text(key, Lang::Zh).map(|t| self.template(t)).unwrap_or_default();
        let en = rule.text(key, Lang::En).map(|t| self.template(t)).unwrap_or_default();
        Bilingual { zh, en }
    }

    fn template(&mut self, template: &Template) -> Vec<Piece> {
        template
            .parts
            .iter()
            .filter_map(|part| match part {
                TemplatePart::Text(text) => Some(Piece::Text(text.clone())),
                TemplatePart::Hole(expr) => self.expr(expr).map(|(ir, typed)| match typed.ty {
                    Type::Text(Some(_)) => Piece::Term(ir),
                    Type::List(element) if matches!(*element, Type::Text(Some(_))) => Piece::Term(ir),
                    _ => Piece::Hole(ir),
                }),
            })
            .collect()
    }

    /// The fact a label underlines (claim scope in a cross-case rule).
    fn label_fact(&mut self, label: &LabelDecl) -> Option<Ir> {
        let (expr, typed) = self.expr(&label.expr)?;
        // Case facts are plain JSON pointers; staff and settings facts carry a file prefix.
        let in_case = typed.path.as_ref().is_some_and(|p| p.is_empty() || p.starts_with('/'));
        if !in_case {
            self.report(label.expr.span, CheckProblem::NotAFact);
            return None;
        }
        Some(expr)
    }

    /// A label's captions (pair scope in a cross-case rule, seen from the label's claim).
    fn captions(&mut self, label: &LabelDecl) -> Bilingual<Vec<Piece>> {
        let mut text = Bilingual::default();
        for (lang, template) in &label.texts {
            let pieces = self.template(template);
            match lang {
                Lang::Zh => text.zh = pieces,
                Lang::En => text.en = pieces,
            }
        }
        text
    }

    /// Checks the cross-case items (claim scope) and lays out the pair scope's slots.
    fn population(
        &mut self,
        decl: &crate::syntax::ast::PopulationDecl,
        captured: Vec<(String, Typed)>,
        id_span: Span,
    ) -> Option<CheckedPopulation> {
        let key = match &decl.key {
            Some(expr) => {
                let (ir, typed) = self.expr(expr)?;
                if !matches!(typed.ty, Type::Text(_) | Type::StaffId | Type::Number | Type::Date) {
                    let expected = vec![Type::Text(None), Type::StaffId, Type::Number, Type::Date];
                    self.mismatch(expr.span, expected, &typed.ty);
                    return None;
                }
                self.key_type = typed.ty;
                ir
            }
            None => {
                self.report(id_span, CheckProblem::MissingItem { item: "key" });
                return None;
            }
        };
        let role = match &decl.role {
            Some(expr) => Some(self.expect(expr, Type::Text(None))?),
            None => None,
        };
        let period = match &decl.period {
            Some((first, last)) => Some((self.expect(first, Type::Date)?, self.expect(last, Type::Date)?)),
            None => None,
        };
        if decl.between.is_some() && role.is_none() {
            self.report(decl.span, CheckProblem::MissingItem { item: "role" });
        }
        let pair_slots = 2 * captured.len() + 1;
        let names = captured.iter().map(|(name, _)| name.clone()).collect();
        self.claim_fields = captured;
        Some(CheckedPopulation {
            key,
            role,
            period,
            between: decl.between.as_ref().map(|(a, b)| (a.value.clone(), b.value.clone())),
            captured: names,
            pair_slots,
        })
    }

    fn boolean(&mut self, expr: &Expr) -> Option<Ir> {
        self.expect(expr, Type::Bool)
    }

    fn expect(&mut self, expr: &Expr, want: Type) -> Option<Ir> {
        let (ir, typed) = self.expr(expr)?;
        if typed.ty.compatible(&want) {
            Some(ir)
        } else {
            self.mismatch(expr.span, vec![want], &typed.ty);
            None
        }
    }

    fn expr(&mut self, expr: &Expr) -> Option<(Ir, Typed)> {
        match &expr.kind {
            ExprKind::Bool(b) => Some((Ir::Bool(*b), Typed::new(Type::Bool))),
            ExprKind::Number(n) => Some((Ir::Number(*n), Typed::new(Type::Number))),
            ExprKind::Text(t) => Some((Ir::Text(t.clone()), Typed::new(Type::Text(None)))),
            ExprKind::Duration(n, unit) => Some((Ir::Duration(*n, *unit), Typed::new(Type::Duration))),
            ExprKind::List(items) => {
                let mut irs = Vec::new();
                let mut element = Type::Any;
                for item in items {
                    let (ir, typed) = self.expr(item)?;
                    if element == Type::Any {
                        element = typed.ty.clone();
                    } else if !element.compatible(&typed.ty) {
                        return self.mismatch(item.span, vec![element], &typed.ty);
                    }
                    irs.push(ir);
                }
                let ty = self.nested(Type::List(Box::new(element)), expr.span)?;
                Some((Ir::List(irs), Typed::new(ty)))
            }
            ExprKind::Name(name) => self.name(name, expr.span),
            ExprKind::Field(object, field) => {
                if let ExprKind::Name(side) = &object.kind
                    && self.pair
                    && (side == "this" || side == "other")
                    && !self.scope.iter().any(|(n, _, _)| n == side)
                {
                    return self.claim_field(side == "other", field);
                }
                let (ir, typed) = self.expr(object)?;
                self.field(ir, typed, field)
            }
            ExprKind::Unary(op, operand) => {
                let want = if *op == UnaryOp::Not { Type::Bool } else { Type::Number };
                let ir = self.expect(operand, want.clone())?;
                let ir = if *op == UnaryOp::Not { Ir::Not(Box::new(ir)) } else { Ir::Neg(Box::new(ir)) };
                Some((ir, Typed::new(want)))
            }
            ExprKind::Binary(op, left, right) => self.binary(*op, left, right),
            ExprKind::Call(name, args) => self.call(name, args),
            ExprKind::BinderCall(name, binder, collection, body) => self.binder_call(name, binder, collection, body),
            ExprKind::If(condition, then, otherwise) => {
                let condition_ir = self.boolean(condition)?;
                let (then_ir, then_t) = self.expr(then)?;
                let (else_ir, else_t) = self.expr(otherwise)?;
                // A label may be a conditional between two facts: it names a fact either way,
                // even when the facts differ in type (a flag or a version string).
                let path = match (&then_t.path, &else_t.path) {
                    (Some(a), Some(_)) => Some(a.clone()),
                    _ => None,
                };
                let both_facts = path.is_some();
                if !then_t.ty.compatible(&else_t.ty) && !both_facts {
                    return self.mismatch(otherwise.span, vec![then_t.ty.clone()], &else_t.ty);
                }
                let ty = if then_t.ty.compatible(&else_t.ty) { then_t.ty.clone() } else { Type::Any };
                if let Some(other) = &else_t.path {
                    self.reads.insert(other.clone());
                }
                let typed = Typed { ty, path, elements: then_t.elements.clone() };
                Some((Ir::If(Box::new(condition_ir), Box::new(then_ir), Box::new(else_ir)), typed))
            }
        }
    }

    /// `this.start` or `other.start` in the pair scope of a cross-case rule.
    fn claim_field(&mut self, other: bool, field: &crate::syntax::ast::Ident) -> Option<(Ir, Typed)> {
        let count = self.claim_fields.len();
        let Some(index) = self.claim_fields.iter().position(|(n, _)| *n == field.name) else {
            let available: Vec<String> = self.claim_fields.iter().map(|(n, _)| n.clone()).collect();
            let suggestions = closest(&field.name, available.iter().map(String::as_str));
            self.report(field.span, CheckProblem::UnknownField { field: field.name.clone(), available, suggestions });
            return None;
        };
        let typed = self.claim_fields.get(index).map(|(_, t)| t.clone())?;
        Some((Ir::Local(if other { count + index } else { index }), typed))
    }

    /// What the pair scope of a cross-case rule offers, for "cannot be read here".
    fn pair_scope_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.claim_fields.iter().map(|(n, _)| format!("this.{n}")).collect();
        names.extend(self.claim_fields.iter().map(|(n, _)| format!("other.{n}")));
        names.extend(["key", "settings", "as_of"].map(String::from));
        names
    }

    fn name(&mut self, name: &str, span: Span) -> Option<(Ir, Typed)> {
        if let Some((_, slot, typed)) = self.scope.iter().rev().find(|(n, _, _)| n == name) {
            return Some((Ir::Local(*slot), typed.clone()));
        }
        if self.pair {
            match name {
                "key" => return Some((Ir::Local(2 * self.claim_fields.len()), Typed::new(self.key_type.clone()))),
                "as_of" | "settings" => {}
                _ => {
                    let available = self.pair_scope_names();
                    self.report(span, CheckProblem::OutOfScope { name: name.to_string(), available });
                    return None;
                }
            }
        }
        match name {
            "case" => return Some((Ir::Case, Typed::fact(Type::Object(&CASE), Some(String::new())))),
            "as_of" => return Some((Ir::AsOf, Typed::new(Type::Date))),
            "settings" => {
                let typed =
                    Typed::fact(Type::Object(&crate::facts::settings::SETTINGS), Some(SETTINGS_PATH.to_string()));
                return Some((Ir::Settings, typed));
            }
            _ => {}
        }
        if let Some(&index) = self.derived_index.get(name) {
            self.uses.insert(index);
            let typed = self.derived_types.get(&index).cloned()?;
            return Some((Ir::Derived(index), typed));
        }
        let mut candidates: Vec<String> = vec!["case".into(), "as_of".into(), "settings".into()];
        candidates.extend(self.derived_index.keys().cloned());
        candidates.extend(self.scope.iter().map(|(n, _, _)| n.clone()));
        let suggestions = closest(name, candidates.iter().map(String::as_str));
        self.report(span, CheckProblem::UnknownName { name: name.to_string(), suggestions });
        None
    }

    fn field(&mut self, ir: Ir, typed: Typed, field: &crate::syntax::ast::Ident) -> Option<(Ir, Typed)> {
        match &typed.ty {
            Type::Object(shape) => {
                let Some(schema_field) = shape.field(&field.name) else {
                    let available: Vec<String> = shape.fields().iter().map(|f| f.name.to_string()).collect();
                    let suggestions = closest(&field.name, shape.fields().iter().map(|f| f.name));
                    let problem = CheckProblem::UnknownField { field: field.name.clone(), available, suggestions };
                    self.report(field.span, problem);
                    return None;
                };
                let path = typed.path.as_ref().map(|p| format!("{p}/{}", field.name));
                if let Some(path) = &path {
                    self.reads.insert(path.clone());
                }
                let lowered = Ir::Field(Box::new(ir), schema_field.name);
                Some((lowered, Typed::fact(Type::of_shape(&schema_field.shape), path)))
            }
            Type::Pair(element) if field.name == "prev" || field.name == "next" => {
                let name = if field.name == "prev" { "prev" } else { "next" };
                Some((Ir::Field(Box::new(ir), name), Typed::fact((**element).clone(), typed.path.clone())))
            }
            Type::Pair(_) => {
                let available = vec!["prev".to_string(), "next".to_string()];
                let problem =
                    CheckProblem::UnknownField { field: field.name.clone(), available, suggestions: Vec::new() };
                self.report(field.span, problem);
                None
            }
            other => {
                let found = other.clone();
                self.mismatch(field.span, vec![Type::Object(&CASE)], &found)
            }
        }
    }

    fn binary(&mut self, op: BinaryOp, left: &Expr, right: &Expr) -> Option<(Ir, Typed)> {
        let (left_ir, left_t) = self.expr(left)?;
        let (right_ir, right_t) = self.expr(right)?;
        let make = |ty: Type| Some((Ir::Binary(op, Box::new(left_ir), Box::new(right_ir)), Typed::new(ty)));
        match op {
            BinaryOp::And | BinaryOp::Or => {
                for (t, e) in [(&left_t.ty, left), (&right_t.ty, right)] {
                    if *t != Type::Bool {
                        return self.mismatch(e.span, vec![Type::Bool], t);
                    }
                }
                make(Type::Bool)
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                if !left_t.ty.compatible(&right_t.ty) {
                    return self.mismatch(right.span, vec![left_t.ty.clone()], &right_t.ty);
                }
                self.vocabulary(&left_t.ty, right)?;
                self.vocabulary(&right_t.ty, left)?;
                make(Type::Bool)
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let ordered = matches!(left_t.ty, Type::Number | Type::Date);
                if !ordered {
                    return self.mismatch(left.span, vec![Type::Number, Type::Date], &left_t.ty);
                }
                if !left_t.ty.compatible(&right_t.ty) {
                    return self.mismatch(right.span, vec![left_t.ty.clone()], &right_t.ty);
                }
                make(Type::Bool)
            }
            BinaryOp::In | BinaryOp::NotIn => {
                let Some(element) = right_t.ty.element() else {
                    return self.mismatch(right.span, vec![Type::List(Box::new(left_t.ty.clone()))], &right_t.ty);
                };
                if !element.compatible(&left_t.ty) {
                    return self.mismatch(left.span, vec![element.clone()], &left_t.ty);
                }
                self.vocabulary(element, left)?;
                if let ExprKind::List(items) = &right.kind {
                    for item in items {
                        self.vocabulary(&left_t.ty, item)?;
                    }
                }
                make(Type::Bool)
            }
            BinaryOp::Add | BinaryOp::Sub => match (&left_t.ty, &right_t.ty) {
                (Type::Number, Type::Number) => make(Type::Number),
                (Type::Date, Type::Duration) => make(Type::Date),
                (Type::Date, _) => self.mismatch(right.span, vec![Type::Duration], &right_t.ty),
                (Type::Number, _) => self.mismatch(right.span, vec![Type::Number], &right_t.ty),
                (found, _) => self.mismatch(left.span, vec![Type::Number, Type::Date], found),
            },
            BinaryOp::Mul | BinaryOp::Div => {
                for (t, e) in [(&left_t.ty, left), (&right_t.ty, right)] {
                    if *t != Type::Number {
                        return self.mismatch(e.span, vec![Type::Number], t);
                    }
                }
                make(Type::Number)
            }
        }
    }

    /// A string literal compared with an enum field must be one of its values.
    fn vocabulary(&mut self, ty: &Type, literal: &Expr) -> Option<()> {
        if let (Type::Text(Some(allowed)), ExprKind::Text(value)) = (ty, &literal.kind)
            && !allowed.contains(&value.as_str())
        {
            self.report(literal.span, CheckProblem::NotInVocabulary { value: value.clone(), allowed });
            return None;
        }
        Some(())
    }

    fn call(&mut self, name: &crate::syntax::ast::Ident, args: &[Expr]) -> Option<(Ir, Typed)> {
        let Some(&(_, arity, _)) = BUILTINS.iter().find(|(n, _, _)| *n == name.name) else {
            let names = BUILTINS.iter().map(|(n, _, _)| *n).chain(BINDERS.iter().map(|(n, _)| *n));
            let suggestions = closest(&name.name, names);
            self.report(name.span, CheckProblem::UnknownFunction { name: name.name.clone(), suggestions });
            return None;
        };
        if args.len() != arity {
            let problem = CheckProblem::Arity { name: name.name.clone(), expected: arity, found: args.len() };
            self.report(name.span, problem);
            return None;
        }
        let mut lowered = Vec::new();
        let mut typed = Vec::new();
        for arg in args {
            let (ir, t) = self.expr(arg)?;
            lowered.push(ir);
            typed.push(t);
        }
        let first = typed.first().map(|t| t.ty.clone()).unwrap_or(Type::Any);
        let first_elements = typed.first().and_then(Typed::element_path);
        let span0 = args.first().map_or(name.span, |a| a.span);
        let list_of_any = || vec![Type::List(Box::new(Type::Any))];
        let (builtin, result) = match name.name.as_str() {
            "exists" => (Builtin::Exists, Typed::new(Type::Bool)),
            "len" => match first.element() {
                Some(_) => (Builtin::Len, Typed::new(Type::Number)),
                None => return self.mismatch(span0, list_of_any(), &first),
            },
            "pairs" => match first.element() {
                Some(element) => {
                    let pair = Type::Pair(Box::new(element.clone()));
                    let ty = self.nested(Type::List(Box::new(pair)), span0)?;
                    (Builtin::Pairs, Typed { ty, path: None, elements: first_elements.clone() })
                }
                None => return self.mismatch(span0, list_of_any(), &first),
            },
            "staff" if self.pair => {
                let available = self.pair_scope_names();
                self.report(span0, CheckProblem::OutOfScope { name: "staff".into(), available });
                return None;
            }
            "staff" => {
                if !first.is_text() {
                    return self.mismatch(span0, vec![Type::StaffId], &first);
                }
                self.reads.insert(STAFF_PATH.to_string());
                (Builtin::Staff, Typed::fact(Type::staff_member(), Some(STAFF_PATH.to_string())))
            }
            "days_between" | "months_between" | "elapsed" => {
                for (t, a) in typed.iter().zip(args) {
                    if t.ty != Type::Date {
                        return self.mismatch(a.span, vec![Type::Date], &t.ty);
                    }
                }
                match name.name.as_str() {
                    "days_between" => (Builtin::DaysBetween, Typed::new(Type::Number)),
                    "months_between" => (Builtin::MonthsBetween, Typed::new(Type::Number)),
                    _ => (Builtin::Elapsed, Typed::new(Type::Duration)),
                }
            }
            "ceil" | "floor" | "sqrt" => {
                if first != Type::Number {
                    return self.mismatch(span0, vec![Type::Number], &first);
                }
                let builtin = match name.name.as_str() {
                    "ceil" => Builtin::Ceil,
                    "floor" => Builtin::Floor,
                    _ => Builtin::Sqrt,
                };
                (builtin, Typed::new(Type::Number))
            }
            "flatten" => match first.element().and_then(Type::element) {
                Some(inner) => {
                    let elements = first_elements.clone().map(|p| format!("{p}/*"));
                    (Builtin::Flatten, Typed { ty: Type::List(Box::new(inner.clone())), path: None, elements })
                }
                None => {
                    return self.mismatch(span0, vec![Type::List(Box::new(Type::List(Box::new(Type::Any))))], &first);
                }
            },
            "first" | "last" | "distinct" => match first.element() {
                Some(element) => match name.name.as_str() {
                    "first" => (Builtin::First, Typed::fact(element.clone(), first_elements.clone())),
                    "last" => (Builtin::Last, Typed::fact(element.clone(), first_elements.clone())),
                    _ => (Builtin::Distinct, typed.first().cloned().unwrap_or_else(|| Typed::new(first.clone()))),
                },
                None => return self.mismatch(span0, list_of_any(), &first),
            },
            "min" | "max" | "sum" => {
                let element = first.element().cloned().unwrap_or(Type::Bool);
                let ok = if name.name == "sum" { element == Type::Number } else { element.is_ordered() };
                if !ok {
                    return self.mismatch(span0, vec![Type::List(Box::new(Type::Number))], &first);
                }
                let builtin = match name.name.as_str() {
                    "min" => Builtin::Min,
                    "max" => Builtin::Max,
                    _ => Builtin::Sum,
                };
                let path = if name.name == "sum" { None } else { first_elements.clone() };
                (builtin, Typed::fact(element, path))
            }
            "days" | "months" => {
                if first != Type::Number {
                    return self.mismatch(span0, vec![Type::Number], &first);
                }
                let builtin = if name.name == "days" { Builtin::Days } else { Builtin::Months };
                (builtin, Typed::new(Type::Duration))
            }
            "intersects" => {
                let second = typed.get(1).map(|t| t.ty.clone()).unwrap_or(Type::Any);
                match (first.element(), second.element()) {
                    (Some(a), Some(b)) if a.compatible(b) => (Builtin::Intersects, Typed::new(Type::Bool)),
                    _ => return self.mismatch(args.get(1).map_or(span0, |a| a.span), vec![first.clone()], &second),
                }
            }
            _ => {
                // date("YYYY-MM-DD"): a literal checked now, so evaluation cannot fail.
                let Some(Expr { kind: ExprKind::Text(text), span }) = args.first() else {
                    return self.mismatch(span0, vec![Type::Text(None)], &first);
                };
                if crate::facts::load::parse_date(text).is_err() {
                    self.report(*span, CheckProblem::BadDateLiteral { text: text.clone() });
                    return None;
                }
                (Builtin::Date, Typed::new(Type::Date))
            }
        };
        Some((Ir::Call(builtin, lowered), result))
    }

    fn binder_call(
        &mut self,
        name: &crate::syntax::ast::Ident,
        binder: &crate::syntax::ast::Ident,
        collection: &Expr,
        body: &Expr,
    ) -> Option<(Ir, Typed)> {
        let kind = match name.name.as_str() {
            "all" => Binder::All,
            "any" => Binder::Any,
            "none" => Binder::None,
            "count" => Binder::Count,
            "filter" => Binder::Filter,
            "map" => Binder::Map,
            "sort_by" => Binder::SortBy,
            "first" => Binder::First,
            "last" => Binder::Last,
            "min" => Binder::Min,
            "max" => Binder::Max,
            "sum" => Binder::Sum,
            other => {
                let suggestions = closest(other, BINDERS.iter().map(|(n, _)| *n));
                self.report(name.span, CheckProblem::UnknownFunction { name: other.to_string(), suggestions });
                return None;
            }
        };
        let (collection_ir, collection_t) = self.expr(collection)?;
        let Some(element) = collection_t.ty.element().cloned() else {
            return self.mismatch(collection.span, vec![Type::List(Box::new(Type::Any))], &collection_t.ty);
        };
        let element_path = collection_t.element_path();
        let scope_len = self.scope.len();
        let slot = self.bind(binder, Typed::fact(element.clone(), element_path.clone()));
        let body_result = self.expr(body);
        self.scope.truncate(scope_len);
        let (body_ir, body_t) = body_result?;
        let needs_bool = matches!(
            kind,
            Binder::All | Binder::Any | Binder::None | Binder::Count | Binder::Filter | Binder::First | Binder::Last
        );
        if needs_bool && body_t.ty != Type::Bool {
            return self.mismatch(body.span, vec![Type::Bool], &body_t.ty);
        }
        let result = match kind {
            Binder::All | Binder::Any | Binder::None => Typed::new(Type::Bool),
            Binder::Count => Typed::new(Type::Number),
            Binder::Filter | Binder::SortBy => {
                if kind == Binder::SortBy && !body_t.ty.is_ordered() {
                    return self.mismatch(body.span, vec![Type::Number, Type::Date], &body_t.ty);
                }
                collection_t.clone()
            }
            Binder::First | Binder::Last => Typed::fact(element, element_path),
            Binder::Map => {
                let ty = self.nested(Type::List(Box::new(body_t.ty.clone())), body.span)?;
                Typed { ty, path: None, elements: body_t.path.clone() }
            }
            Binder::Min | Binder::Max => {
                if !body_t.ty.is_ordered() {
                    return self.mismatch(body.span, vec![Type::Number, Type::Date], &body_t.ty);
                }
                body_t.clone()
            }
            Binder::Sum => {
                if body_t.ty != Type::Number {
                    return self.mismatch(body.span, vec![Type::Number], &body_t.ty);
                }
                Typed::new(Type::Number)
            }
        };
        Some((Ir::Bind(kind, slot, Box::new(collection_ir), Box::new(body_ir)), result))
    }
}

/// Names referenced anywhere in an expression (for the derived-fact dependency graph).
fn collect_names(expr: &Expr, names: &mut BTreeSet<String>) {
    match &expr.kind {
        ExprKind::Name(name) => {
            names.insert(name.clone());
        }
        ExprKind::List(items) | ExprKind::Call(_, items) => items.iter().for_each(|e| collect_names(e, names)),
        ExprKind::Field(inner, _) | ExprKind::Unary(_, inner) => collect_names(inner, names),
        ExprKind::Binary(_, a, b) | ExprKind::BinderCall(_, _, a, b) => {
            collect_names(a, names);
            collect_names(b, names);
        }
        ExprKind::If(c, a, b) => {
            collect_names(c, names);
            collect_names(a, names);
            collect_names(b, names);
        }
        ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::Text(_) | ExprKind::Duration(..) => {}
    }
}

/// Up to three candidates within edit distance 2, closest first.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut scored: Vec<(usize, &str)> =
        candidates.map(|c| (edit_distance(name, c), c)).filter(|(d, _)| *d <= 2).collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(3).map(|(_, c)| c.to_string()).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb)).min(row[j] + 1).min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}
