//! The wording of "not evaluable" findings: part of the catalogue, in a file of its own.

use super::super::missing_name;
use crate::eval::{Absence, MissingFact};
use crate::syntax::ast::Lang;

/// The message and the advice of a "not evaluable" finding of the rule titled `title`:
/// the evaluation budget spent, facts the case lacks, or dates that leave the calendar.
pub fn not_evaluable(title: &str, missing: &[MissingFact], lang: Lang) -> (String, String) {
    let names = |facts: &[&MissingFact]| {
        let names: Vec<String> = facts
            .iter()
            .map(|m| match (m.pointer.is_empty(), m.absence, lang) {
                (true, Absence::OutOfRange, Lang::Zh) => "规则计算出的日期".to_string(),
                (true, Absence::OutOfRange, Lang::En) => "a date the rule computes".to_string(),
                _ => format!("`{}`", missing_name(m)),
            })
            .collect();
        names.join(if lang == Lang::Zh { "、" } else { ", " })
    };
    let budget = missing.iter().find_map(|m| match m.absence {
        Absence::OverBudget(limit) => Some(Ok(limit)),
        Absence::TooDeep(levels) => Some(Err(levels)),
        _ => None,
    });
    let absent: Vec<&MissingFact> = missing.iter().filter(|m| m.absent()).collect();
    let out_of_range: Vec<&MissingFact> = missing.iter().filter(|m| m.absence == Absence::OutOfRange).collect();
    let (zh, en) = match budget {
        Some(Ok(limit)) => (
            (
                format!("无法评估「{title}」：本条规则在此案卷上的计算量超出评估预算（{limit} 步，设置项 evaluation.max_steps）"),
                "规则中嵌套的 all/any/map 或 flatten 使计算量成倍增加：请简化规则，或在 caselint.toml 的 [evaluation] 中调高 max_steps 后重新检查；未能评估不视为符合".to_string(),
            ),
            (
                format!(
                    "cannot evaluate \"{title}\": the rule needs more work on this case than the evaluation budget \
                     allows ({limit} steps, setting evaluation.max_steps)"
                ),
                "nested all/any/map or flatten multiply the work: simplify the rule, or raise max_steps under \
                 [evaluation] in caselint.toml, and check again; a rule not evaluated is not a pass"
                    .to_string(),
            ),
        ),
        Some(Err(levels)) => (
            (
                format!("无法评估「{title}」：规则中的 let 相互引用超过 {levels} 层，无法计算"),
                "把相互引用的 let 合并成较少几层后重新检查；未能评估不视为符合".to_string(),
            ),
            (
                format!("cannot evaluate \"{title}\": the rule's `let`s read one another more than {levels} levels deep"),
                "merge the chained `let`s into fewer levels and check again; a rule not evaluated is not a pass"
                    .to_string(),
            ),
        ),
        None if !absent.is_empty() => {
            let facts = names(&absent);
            let no_match = absent.first().is_some_and(|m| m.absence == Absence::NoMatch);
            let message = match (lang, no_match) {
                (Lang::Zh, false) => format!("无法评估「{title}」：案卷未记录 {facts}"),
                (Lang::Zh, true) => format!("无法评估「{title}」：{facts} 中没有所需的记录"),
                (Lang::En, false) => format!("cannot evaluate \"{title}\": the case does not record {facts}"),
                (Lang::En, true) => format!("cannot evaluate \"{title}\": {facts} has no record the rule needs"),
            };
            let help = match lang {
                Lang::Zh => format!("补充记录 {facts} 后重新检查；缺少证据不视为符合"),
                Lang::En => format!("record {facts} and check again; missing evidence is not a pass"),
            };
            return (message, help);
        }
        None if !out_of_range.is_empty() => {
            let facts = names(&out_of_range);
            (
                (
                    format!("无法评估「{title}」：{facts} 加减时长后超出日历范围（9999-12-31 之后）"),
                    format!("核对 {facts} 是否录入有误，改正后重新检查；无法计算的日期不视为符合"),
                ),
                (
                    format!("cannot evaluate \"{title}\": adding to or subtracting from {facts} leaves the calendar (after 9999-12-31)"),
                    format!("check whether {facts} was entered wrongly, correct it and check again; a date that cannot be computed is not a pass"),
                ),
            )
        }
        None => (
            (
                format!("无法评估「{title}」：所需的值无法计算"),
                "核对此规则读取的记录（日期、数值）是否有误后重新检查；无法计算不视为符合".to_string(),
            ),
            (
                format!("cannot evaluate \"{title}\": a value it needs cannot be computed"),
                "check the records this rule reads (dates, numbers) for mistakes and check again; a value that cannot be computed is not a pass".to_string(),
            ),
        ),
    };
    if lang == Lang::Zh { zh } else { en }
}
