//! Formatting computed values in the reader's language.

use crate::eval::{Shown, ShownPiece};
use crate::syntax::ast::Lang;

/// Formats one value: dates ISO, durations as "12 个月 19 天" / "12 months 19 days".
pub fn format_value(value: &Shown, lang: Lang) -> String {
    match value {
        Shown::Bool(b) => match (lang, b) {
            (Lang::Zh, true) => "是".into(),
            (Lang::Zh, false) => "否".into(),
            (Lang::En, true) => "yes".into(),
            (Lang::En, false) => "no".into(),
        },
        Shown::Number(n) => format_number(*n),
        Shown::Text(t) | Shown::Object(t) => t.clone(),
        Shown::Term(term) => super::catalogue::term(term, lang).to_string(),
        Shown::Date(d) => d.to_string(),
        Shown::Duration { months, days } => format_duration(*months, *days, lang),
        Shown::List(items) => {
            let separator = if lang == Lang::Zh { "、" } else { ", " };
            let parts: Vec<String> = items.iter().map(|i| format_value(i, lang)).collect();
            if parts.is_empty() {
                if lang == Lang::Zh { "无".into() } else { "none".into() }
            } else {
                parts.join(separator)
            }
        }
        Shown::Unknown => {
            if lang == Lang::Zh {
                "（未记录）".into()
            } else {
                "(not recorded)".into()
            }
        }
    }
}

/// Whole numbers without a decimal point; others with at most two decimals.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let text = format!("{n:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// "12 个月 19 天", "1 month 3 days", "0 天".
pub fn format_duration(months: i64, days: i64, lang: Lang) -> String {
    let mut parts = Vec::new();
    let plural = |n: i64, one: &str, many: &str| format!("{n} {}", if n.abs() == 1 { one } else { many });
    if months != 0 {
        parts.push(match lang {
            Lang::Zh => format!("{months} 个月"),
            Lang::En => plural(months, "month", "months"),
        });
    }
    if days != 0 || months == 0 {
        parts.push(match lang {
            Lang::Zh => format!("{days} 天"),
            Lang::En => plural(days, "day", "days"),
        });
    }
    parts.join(" ")
}

/// Renders a computed template.
pub fn render(pieces: &[ShownPiece], lang: Lang) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            ShownPiece::Text(text) => text.clone(),
            ShownPiece::Value(value) => format_value(value, lang),
        })
        .collect()
}
