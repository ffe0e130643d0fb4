//! How deeply a rules file nests, measured before pest reads it.
//!
//! pest descends once per bracket (`(`, `[`, a call's parentheses, a rule's braces, a
//! message's `{hole}`) and once per `if`, and every later walk of the tree (the checker,
//! the lowering, the evaluator, dropping the tree) descends as deeply: ten thousand nested
//! parentheses overflowed the stack and aborted the run. This scan follows the tokens as
//! pest will read them (strings, message templates, comments) and stops at the first
//! place nested more than [`MAX_DEPTH`] levels, which becomes a located error instead.
//! Chains of operators (`not not …`, `a and b and …`) are flat for pest; the parser
//! bounds the depth of the tree they build (`parse::Lowering`).

use crate::source::Span;

/// The deepest nesting a rules expression may have: brackets, `if`s, prefix operators
/// and operator chains each count a level. The bundled rules nest at most 11.
pub const MAX_DEPTH: usize = 100;

/// Where an `if` is: in its condition, its `then` branch or its `else` branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum If {
    Condition,
    Then,
    Else,
}

/// A bracket (or the file itself, or a template hole) and the `if`s open in it.
#[derive(Debug)]
struct Frame {
    /// Whether it is a `{hole}` of a message template (its `}` resumes the template's text).
    hole: bool,
    ifs: Vec<If>,
}

/// The kind of the previous token, for telling where one expression ends and the next
/// rule item begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    /// An operator, a keyword, punctuation or nothing.
    Other,
    /// A name, string or closing bracket: something an expression can end with.
    Operand,
    /// A number (a unit word may follow: `12 months`).
    Number,
    /// A `.`.
    Dot,
    /// `zh` or `en` after a `.`: a message template follows (`title.zh "…"`).
    Lang,
}

/// Why a scan of code stopped.
enum Stop {
    /// The end of the file.
    End,
    /// The `}` of a template hole: the template's text goes on.
    HoleClosed,
    /// A token nested too deeply, here.
    TooDeep(Span),
}

struct Scan<'t> {
    bytes: &'t [u8],
    at: usize,
    frames: Vec<Frame>,
    /// `if`s open in every frame.
    ifs: usize,
    last: Last,
    limit: usize,
}

/// The span of the first token nested more than [`MAX_DEPTH`] levels, if any.
pub fn too_deep(text: &str) -> Option<Span> {
    deeper_than(text, MAX_DEPTH)
}

fn deeper_than(text: &str, limit: usize) -> Option<Span> {
    let mut scan = Scan {
        bytes: text.as_bytes(),
        at: 0,
        frames: vec![Frame { hole: false, ifs: Vec::new() }],
        ifs: 0,
        last: Last::Other,
        limit,
    };
    match scan.code() {
        Stop::TooDeep(span) => Some(span),
        Stop::End | Stop::HoleClosed => None,
    }
}

impl Scan<'_> {
    fn depth(&self) -> usize {
        self.frames.len() - 1 + self.ifs
    }

    fn peek(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.at + offset).copied()
    }

    fn over(&self, start: usize) -> Option<Stop> {
        (self.depth() > self.limit).then(|| Stop::TooDeep(Span::new(start, self.at)))
    }

    /// The `if`s of the innermost frame that are in their `else` branch end here (at a
    /// `then`, `else`, `,`, `;` or where a new operand starts right after one).
    fn close_else_branches(&mut self) {
        if let Some(frame) = self.frames.last_mut() {
            while frame.ifs.last() == Some(&If::Else) {
                frame.ifs.pop();
                self.ifs -= 1;
            }
        }
    }

    /// Moves the innermost open `if` from `from` to `to` (at `then` and `else`).
    fn advance_if(&mut self, from: If, to: If) {
        self.close_else_branches();
        if let Some(state) = self.frames.last_mut().and_then(|f| f.ifs.last_mut())
            && *state == from
        {
            *state = to;
        }
    }

    fn code(&mut self) -> Stop {
        while let Some(byte) = self.peek(0) {
            let start = self.at;
            match byte {
                b' ' | b'\t' | b'\r' | b'\n' => self.at += 1,
                b'/' if self.peek(1) == Some(b'/') => {
                    while self.peek(0).is_some_and(|b| b != b'\n') {
                        self.at += 1;
                    }
                }
                b'"' => {
                    let template = self.last == Last::Lang;
                    if self.last == Last::Operand || self.last == Last::Number {
                        self.close_else_branches();
                    }
                    self.last = Last::Operand;
                    if template && self.bytes.get(self.at..self.at + 3) == Some(b"\"\"\"") {
                        self.block();
                    } else if template {
                        self.at += 1;
                        if let Some(stop) = self.template() {
                            return stop;
                        }
                    } else {
                        self.string();
                    }
                }
                b'(' | b'[' | b'{' => {
                    self.at += 1;
                    self.frames.push(Frame { hole: false, ifs: Vec::new() });
                    self.last = Last::Other;
                    if let Some(stop) = self.over(start) {
                        return stop;
                    }
                }
                b')' | b']' | b'}' => {
                    self.at += 1;
                    self.last = if byte == b'}' { Last::Other } else { Last::Operand };
                    if self.frames.len() > 1
                        && let Some(frame) = self.frames.pop()
                    {
                        self.ifs -= frame.ifs.len();
                        if frame.hole {
                            return Stop::HoleClosed;
                        }
                    }
                }
                b',' | b';' => {
                    self.at += 1;
                    self.close_else_branches();
                    self.last = Last::Other;
                }
                b'.' => {
                    self.at += 1;
                    self.last = Last::Dot;
                }
                b'0'..=b'9' => {
                    while self.peek(0).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.') {
                        self.at += 1;
                    }
                    if matches!(self.last, Last::Operand | Last::Number) {
                        self.close_else_branches();
                    }
                    self.last = Last::Number;
                }
                b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                    while self.peek(0).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
                        self.at += 1;
                    }
                    let word = self.bytes.get(start..self.at).unwrap_or_default();
                    if let Some(stop) = self.word(word, start) {
                        return stop;
                    }
                }
                _ => {
                    self.at += 1;
                    self.last = Last::Other;
                }
            }
        }
        Stop::End
    }

    fn word(&mut self, word: &[u8], start: usize) -> Option<Stop> {
        let last = self.last;
        self.last = Last::Other;
        match word {
            b"if" => {
                if let Some(frame) = self.frames.last_mut() {
                    frame.ifs.push(If::Condition);
                    self.ifs += 1;
                }
                return self.over(start);
            }
            b"then" => self.advance_if(If::Condition, If::Then),
            b"else" => self.advance_if(If::Then, If::Else),
            b"and" | b"or" | b"not" | b"in" => {}
            b"day" | b"days" | b"month" | b"months" | b"year" | b"years" if last == Last::Number => {
                self.last = Last::Operand;
            }
            _ => {
                // Two operands side by side: the first expression ended (`… else b  let c = …`).
                if matches!(last, Last::Operand | Last::Number) {
                    self.close_else_branches();
                }
                self.last =
                    if last == Last::Dot && (word == b"zh" || word == b"en") { Last::Lang } else { Last::Operand };
            }
        }
        None
    }

    /// A plain string: to its closing quote.
    fn string(&mut self) {
        self.at += 1;
        while let Some(byte) = self.peek(0) {
            self.at += if byte == b'\\' { 2 } else { 1 };
            if byte == b'"' {
                return;
            }
        }
    }

    /// A `"""` block: to the next `"""`.
    fn block(&mut self) {
        self.at += 3;
        while self.peek(0).is_some() {
            if self.bytes.get(self.at..self.at + 3) == Some(b"\"\"\"") {
                self.at += 3;
                return;
            }
            self.at += 1;
        }
    }

    /// A message template after its opening quote: text, and `{holes}` read as code.
    /// Some(stop) when the scan must stop (too deep, or the file ended in a hole).
    fn template(&mut self) -> Option<Stop> {
        while let Some(byte) = self.peek(0) {
            let start = self.at;
            self.at += if byte == b'\\' { 2 } else { 1 };
            match byte {
                b'"' => return None,
                b'{' => {
                    self.frames.push(Frame { hole: true, ifs: Vec::new() });
                    self.last = Last::Other;
                    if let Some(stop) = self.over(start) {
                        return Some(stop);
                    }
                    match self.code() {
                        Stop::HoleClosed => {}
                        stop => return Some(stop),
                    }
                }
                _ => {}
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail by panicking")]
    use super::*;

    fn nested(open: &str, close: &str, levels: usize) -> String {
        format!("let x = {}1{};", open.repeat(levels), close.repeat(levels))
    }

    #[test]
    fn the_bundled_rules_stay_well_within_the_limit() {
        for (name, text) in crate::bundled::BUNDLED_RULES {
            assert_eq!(deeper_than(text, 20), None, "{name}");
        }
    }

    #[test]
    fn brackets_count_up_to_the_limit() {
        assert_eq!(too_deep(&nested("(", ")", MAX_DEPTH)), None);
        let text = nested("(", ")", MAX_DEPTH + 1);
        let start = "let x = ".len() + MAX_DEPTH;
        assert_eq!(too_deep(&text), Some(Span::new(start, start + 1)));
        assert!(too_deep(&nested("[", "]", MAX_DEPTH + 1)).is_some());
        assert!(too_deep(&nested("f(", ")", MAX_DEPTH + 1)).is_some());
    }

    #[test]
    fn else_if_chains_nest_and_sequential_ifs_do_not() {
        let chain = format!("let x = {}0;", "if a then 1 else ".repeat(MAX_DEPTH + 1));
        assert!(too_deep(&chain).is_some());
        let then_chain = format!("let x = {}0{};", "if a then ".repeat(MAX_DEPTH + 1), " else 1".repeat(MAX_DEPTH + 1));
        assert!(too_deep(&then_chain).is_some());
        // One `if` per item of a rule, with or without a `;` between them.
        let items: String = (0..3 * MAX_DEPTH).map(|i| format!("let a{i} = if a then 1 else b\n")).collect();
        assert_eq!(too_deep(&format!("rule r {{\n{items}require x\n}}")), None);
        let lets: String = (0..3 * MAX_DEPTH).map(|i| format!("let a{i} = if a then 1 else 2 months;\n")).collect();
        assert_eq!(too_deep(&lets), None);
        // A name after an operator continues the expression: the `if`s still nest.
        let names = format!("let x = {}0;", "if a then 1 else require + ".repeat(MAX_DEPTH + 1));
        assert!(too_deep(&names).is_some());
        let units = format!("let x = {}0;", "if a then 1 else 2 days + ".repeat(MAX_DEPTH + 1));
        assert!(too_deep(&units).is_some());
    }

    #[test]
    fn strings_and_comments_are_not_code() {
        let parens = "(".repeat(MAX_DEPTH + 1);
        assert_eq!(too_deep(&format!("let x = \"{parens}\";")), None);
        assert_eq!(too_deep(&format!("let x = \"\\\"{parens}\";")), None);
        assert_eq!(too_deep(&format!("// {parens}\nlet x = 1;")), None);
        assert_eq!(too_deep(&format!("rule r {{ doc.zh \"\"\"{parens} \" {{ \"\"\" }}")), None);
        // A plain string's brace is text; a message template's opens a hole of code.
        assert_eq!(too_deep(&format!("rule r {{ clause \"{{{parens}\" }}")), None);
        let hole = format!("rule r {{ message.zh \"x {{{}1{}}} y\" }}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(too_deep(&hole).is_some());
        // Strings inside a hole, and text after it, are read as such.
        let after = format!("rule r {{ label.en \"{{f(\"}}\")}} {parens}\" }}");
        assert_eq!(too_deep(&after), None);
    }
}
