//! The zh/en message catalogue for input and rules-file errors.
//!
//! Rule findings carry their own bilingual text from the rules files; everything else
//! the user reads is worded here, in both languages side by side so they cannot drift.

use crate::check::{CheckError, CheckProblem};
use crate::facts::{LoadError, LoadProblem};
use crate::syntax::MAX_DEPTH;

mod verdicts;
pub use verdicts::not_evaluable;
#[cfg(test)]
mod tests;
use crate::syntax::ast::Lang;

pub mod inputs;

/// Words of one diagnostic in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Wording {
    /// Stable code, e.g. `caselint::load::impossible_date`.
    pub code: String,
    /// The main line.
    pub message: String,
    /// What to do, if there is advice.
    pub help: Option<String>,
    /// Caption of the primary label.
    pub label: String,
}

fn pick(lang: Lang, zh: String, en: String) -> String {
    if lang == Lang::Zh { zh } else { en }
}

fn json_type_zh(name: &str) -> &'static str {
    match name {
        "boolean" => "布尔值",
        "number" => "数值",
        "integer" => "整数",
        "string" => "字符串",
        "date" => "日期字符串",
        "array" => "数组",
        "object" => "对象",
        "null" => "null",
        _ => "值",
    }
}

/// "a" or "an" before an English type name.
fn article(ty: &crate::check::types::Type) -> &'static str {
    if ty.name_en().starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

fn list(values: &[&str], lang: Lang) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    quoted.join(if lang == Lang::Zh { "、" } else { ", " })
}

/// Vocabulary terms of the case schema in both languages, for messages.
const TERMS: &[(&str, &str, &str)] = &[
    ("market", "市场部", "market department"),
    ("audit", "审核部", "audit department"),
    ("technical", "技术部", "technical department"),
    ("general", "综合部", "general department"),
    ("external", "机构外部人员", "outside the CB"),
    ("stage1", "第一阶段审核", "stage 1 audit"),
    ("stage2", "第二阶段审核", "stage 2 audit"),
    ("surveillance", "监督审核", "surveillance audit"),
    ("recertification", "再认证审核", "recertification audit"),
    ("special", "特殊审核", "special audit"),
    ("transfer", "转换审核", "transfer audit"),
    ("follow_up", "跟踪审核", "follow-up visit"),
    ("leader", "审核组长", "team leader"),
    ("member", "审核员", "team member"),
    ("technical_expert", "技术专家", "technical expert"),
    ("trainee", "实习审核员", "trainee"),
    ("observer", "观察员", "observer"),
    ("guide", "向导", "guide"),
    ("interpreter", "翻译", "interpreter"),
    ("grant", "授予认证", "grant"),
    ("refuse", "不予认证", "refuse"),
    ("maintain", "保持认证", "maintain"),
    ("renew", "再认证", "renew"),
    ("suspend", "暂停", "suspend"),
    ("restore", "恢复", "restore"),
    ("withdraw", "撤销", "withdraw"),
    ("reduce_scope", "缩小范围", "reduce the scope"),
    ("extend_scope", "扩大范围", "extend the scope"),
    ("suspended", "证书暂停", "suspension"),
    ("restored", "证书恢复", "restoration"),
    ("withdrawn", "证书撤销", "withdrawal"),
    ("cancelled", "证书注销", "cancellation"),
    ("scope_reduced", "认证范围缩小", "scope reduction"),
    ("expired", "证书过期", "expiry"),
    ("major", "严重不符合", "major nonconformity"),
    ("minor", "轻微不符合", "minor nonconformity"),
    ("observation", "观察项", "observation"),
    ("opportunity_for_improvement", "改进机会", "opportunity for improvement"),
    ("lead_auditor", "审核组长资格", "lead auditor"),
    ("auditor", "审核员资格", "auditor"),
    ("accepted", "受理", "accepted"),
    ("rejected", "不受理", "rejected"),
];

/// A vocabulary term in the reader's language; unknown terms are shown as written.
pub fn term(value: &str, lang: Lang) -> &str {
    match TERMS.iter().find(|(code, _, _)| *code == value) {
        Some((_, zh, en)) => {
            if lang == Lang::Zh {
                zh
            } else {
                en
            }
        }
        None => value,
    }
}

/// Chinese for the JSON parser's English error texts.
fn syntax_zh(detail: &str) -> String {
    let table: &[(&str, &str)] = &[
        ("Comments are not allowed", "不允许注释"),
        ("Expected colon after the string or word in object property", "键后缺少冒号"),
        ("Expected value after colon in object property", "冒号后缺少值"),
        ("Expected string for object property", "键须为带双引号的字符串"),
        ("Expected comma", "缺少逗号"),
        ("Text cannot contain more than one JSON value", "文件包含多个 JSON 值"),
        ("Single-quoted strings are not allowed", "不允许单引号字符串"),
        ("Trailing commas are not allowed", "不允许末尾逗号"),
        ("Unexpected close brace", "多余的右花括号"),
        ("Unexpected close bracket", "多余的右方括号"),
        ("Unexpected colon", "多余的冒号"),
        ("Unexpected comma", "多余的逗号"),
        ("Unexpected token", "意外的符号"),
        ("Unexpected word", "意外的单词（字符串须加双引号）"),
        ("Unterminated array", "数组未结束（文件可能被截断）"),
        ("Unterminated object", "对象未结束（文件可能被截断）"),
        ("Unterminated string literal", "字符串未结束"),
        ("Infinity and NaN are not allowed", "不允许 Infinity 和 NaN"),
        ("Hexadecimal numbers are not allowed", "不允许十六进制数"),
    ];
    table.iter().find(|(en, _)| detail.starts_with(en)).map_or_else(|| detail.to_string(), |(_, zh)| (*zh).to_string())
}

/// The stable code of a waiver problem.
pub fn waiver_code(problem: &crate::waivers::WaiverProblem) -> String {
    use crate::waivers::WaiverProblem as P;
    let name = match problem {
        P::Expired => "expired",
        P::NotYetApproved => "not_yet_approved",
        P::UnknownApprover => "unknown_approver",
        P::WrongDepartment { .. } => "approver_department",
        P::ApproverAudited { .. } => "approver_audited",
        P::Unused => "unused",
        P::UnknownRule => "unknown_rule",
    };
    format!("caselint::waiver::{name}")
}

/// The main line of a waiver problem.
pub fn waiver_message(waiver: &crate::waivers::Waiver, problem: &crate::waivers::WaiverProblem, lang: Lang) -> String {
    use crate::waivers::WaiverProblem as P;
    let (n, case, rule, who) = (waiver.index + 1, &waiver.case, &waiver.rule, &waiver.approved_by);
    match (problem, lang) {
        (P::Expired, Lang::Zh) => format!("第 {n} 条豁免（{case}，{rule}）已于 {} 到期，不再适用", waiver.expires),
        (P::Expired, Lang::En) => {
            format!("waiver {n} ({case}, {rule}) expired on {} and no longer applies", waiver.expires)
        }
        (P::NotYetApproved, Lang::Zh) => {
            format!("第 {n} 条豁免（{case}，{rule}）的批准日期 {} 晚于检查日期", waiver.approved)
        }
        (P::NotYetApproved, Lang::En) => {
            format!("waiver {n} ({case}, {rule}) is approved on {}, after the as-of date", waiver.approved)
        }
        (P::UnknownApprover, Lang::Zh) => format!("第 {n} 条豁免的批准人 `{who}` 不在人员名册中，豁免不适用"),
        (P::UnknownApprover, Lang::En) => {
            format!("waiver {n}: approver `{who}` is not in the staff registry; the waiver does not apply")
        }
        (P::WrongDepartment { department, required }, Lang::Zh) => format!(
            "第 {n} 条豁免的批准人 `{who}` 属于{}，无权批准（应为{}人员），豁免不适用",
            term(department, lang),
            term(required, lang)
        ),
        (P::WrongDepartment { department, required }, Lang::En) => format!(
            "waiver {n}: approver `{who}` is in the {}, not the {}; the waiver does not apply",
            term(department, lang),
            term(required, lang)
        ),
        (P::ApproverAudited { audits }, Lang::Zh) => {
            format!("第 {n} 条豁免的批准人 `{who}` 参加了该案卷的审核（{}），不能批准，豁免不适用", audits.join("、"))
        }
        (P::ApproverAudited { audits }, Lang::En) => {
            format!(
                "waiver {n}: approver `{who}` took part in audits of the case ({}); the waiver does not apply",
                audits.join(", ")
            )
        }
        (P::Unused, Lang::Zh) => format!("第 {n} 条豁免（{case}，{rule}）没有匹配任何发现"),
        (P::Unused, Lang::En) => format!("waiver {n} ({case}, {rule}) matches no finding"),
        (P::UnknownRule, Lang::Zh) => format!("第 {n} 条豁免引用的规则 `{rule}` 不存在"),
        (P::UnknownRule, Lang::En) => format!("waiver {n} names rule `{rule}`, which does not exist"),
    }
}

/// What to do about a waiver problem.
pub fn waiver_help(problem: &crate::waivers::WaiverProblem, lang: Lang) -> String {
    use crate::waivers::WaiverProblem as P;
    let zh = lang == Lang::Zh;
    match problem {
        P::Expired => if zh { "续批（更新 approved 和 expires）或纠正该发现" } else { "renew it (update approved and expires) or correct the finding" }.into(),
        P::NotYetApproved => if zh { "更正批准日期" } else { "correct the approval date" }.into(),
        P::UnknownApprover | P::WrongDepartment { .. } | P::ApproverAudited { .. } => if zh {
            "由设置 waivers.approver_department 规定部门中未参加该案卷审核的人员批准"
        } else {
            "have it approved by someone of the department set in waivers.approver_department who took no part in the case's audits"
        }
        .into(),
        P::Unused => if zh { "该发现已不存在时删除此豁免；或更正 case、rule、pointer" } else { "remove the waiver if the finding is gone, or correct case, rule or pointer" }.into(),
        P::UnknownRule => if zh { "用 `caselint rules` 查看规则编号" } else { "`caselint rules` lists the rule ids" }.into(),
    }
}

/// Chinese for the parser's token names (see `syntax::parse::describe_rule`).
fn token_zh(english: &str) -> &str {
    match english {
        "end of file" => "文件结尾",
        "a rule id like `cycle/surveillance-interval`" => "规则编号（如 `cycle/surveillance-interval`）",
        "a rule header item" => "规则头部项（clause、cites、severity、title 等）",
        "a rule body item" => {
            "规则体项（applies、for、let、require、due、at、also；跨案卷规则还有 across、key、role、period、between）"
        }
        "`error` or `warning`" => "`error` 或 `warning`",
        "`title`, `message`, `help` or `doc`" => "`title`、`message`、`help` 或 `doc`",
        "`zh` or `en`" => "`zh` 或 `en`",
        "an expression" => "表达式",
        "an operator" => "运算符",
        "`.field`" => "`.字段`",
        "a duration like `12 months`" => "时长（如 `12 months`）",
        "a number" => "数字",
        "`true` or `false`" => "`true` 或 `false`",
        "a name" => "名称",
        "a string" => "字符串",
        "a text in quotes" => "带引号的文本",
        "`label.zh` or `label.en`" => "`label.zh` 或 `label.en`",
        "a rule or a `let`" => "`rule` 或 `let`",
        other => other,
    }
}

/// Words a load error.
pub fn load_wording(error: &LoadError, lang: Lang) -> Wording {
    let w = |code: &str, zh: String, en: String, help: Option<(String, String)>, label: (&str, &str)| Wording {
        code: format!("caselint::load::{code}"),
        message: pick(lang, zh, en),
        help: help.map(|(zh, en)| pick(lang, zh, en)),
        label: pick(lang, label.0.to_string(), label.1.to_string()),
    };
    match &error.problem {
        LoadProblem::Io { kind, message } => {
            let zh = match kind {
                std::io::ErrorKind::NotFound => "文件不存在".to_string(),
                std::io::ErrorKind::PermissionDenied => "没有读取权限".to_string(),
                std::io::ErrorKind::IsADirectory => "这是一个目录，不是文件".to_string(),
                std::io::ErrorKind::FileTooLarge => "文件超过 16 MiB，不是正常的案卷文件".to_string(),
                std::io::ErrorKind::InvalidInput => inputs::io_reason_zh(*kind, message),
                _ => format!("读取失败（{message}）"),
            };
            w(
                "io",
                format!("无法读取文件：{zh}"),
                format!("cannot read the file: {}", message.to_lowercase()),
                Some(("检查路径、权限和文件大小".into(), "check the path, its permissions and the file size".into())),
                ("", ""),
            )
        }
        LoadProblem::NoStaffRegistry => w(
            "no_staff_registry",
            "找不到人员名册 staff.json（在案卷所在目录及其上级目录中）".into(),
            "no staff.json in the case's directory or its parents".into(),
            Some(("用 --staff FILE 指定人员名册".into(), "give the staff registry with --staff FILE".into())),
            ("", ""),
        ),
        LoadProblem::ChangedDuringRun => w(
            "changed_during_run",
            "案卷文件在检查过程中被修改，无法显示跨案卷比对的结果".into(),
            "the case file changed while it was being checked; cross-case results cannot be shown against it".into(),
            Some(("在文件不再变动时重新运行检查".into(), "run the check again once the file no longer changes".into())),
            ("", ""),
        ),
        LoadProblem::NotUtf8 => w(
            "not_utf8",
            "文件不是 UTF-8 编码".into(),
            "the file is not UTF-8".into(),
            Some((
                "请将文件另存为 UTF-8（常见原因：以 GBK 导出）".into(),
                "save the file as UTF-8 (GBK exports are a common cause)".into(),
            )),
            ("第一个无效字节", "first invalid byte"),
        ),
        LoadProblem::Empty => w("empty", "文件为空".into(), "the file is empty".into(), None, ("", "")),
        LoadProblem::Syntax { detail } => w(
            "syntax",
            format!("不是有效的 JSON：{}", syntax_zh(detail)),
            format!("not valid JSON: {}", detail.to_lowercase()),
            Some((
                "案卷须为标准 JSON（不允许注释、末尾逗号、单引号）".into(),
                "case files are strict JSON (no comments, trailing commas or single quotes)".into(),
            )),
            ("此处", "here"),
        ),
        LoadProblem::TomlSyntax { detail } => w(
            "toml_syntax",
            if detail.contains("recursion") {
                "设置文件不是有效的 TOML（数组或表嵌套层数过多）".to_string()
            } else {
                format!("设置文件不是有效的 TOML（{detail}）")
            },
            format!("the settings file is not valid TOML: {detail}"),
            Some((
                "参照 `caselint config` 的输出书写设置文件".into(),
                "see `caselint config` for the keys and their form".into(),
            )),
            ("此处", "here"),
        ),
        LoadProblem::TooDeep => w(
            "too_deep",
            "JSON 嵌套层数过多（超过 512 层）".into(),
            "JSON nested too deeply (more than 512 levels)".into(),
            Some((
                "案卷只需要十来层嵌套：检查导出程序是否把数组或对象重复套了多层，按 `caselint schema case` 的结构改正".into(),
                "a case file needs about ten levels: check whether the exporter wrapped arrays or objects in each other over and over, and follow the structure of `caselint schema case`".into(),
            )),
            ("此处", "here"),
        ),
        LoadProblem::WrongType { expected, found } => w(
            "wrong_type",
            format!("类型错误：应为{}，实为{}", json_type_zh(expected), json_type_zh(found)),
            format!("wrong type: expected {expected}, found {found}"),
            None,
            (json_type_zh(found), found),
        ),
        LoadProblem::DateFormat { text } if text.trim().is_empty() => w(
            "date_format",
            "日期为空".into(),
            "the date is empty".into(),
            Some((
                "有日期时写成 \"2025-01-02\"（年-月-日）；尚无此日期时删除这个键或写 null（表示案卷未记录）".into(),
                "write the date as \"2025-01-02\" (year-month-day); if there is no such date yet, remove the key or write null (the record is silent)".into(),
            )),
            ("空日期", "empty date"),
        ),
        LoadProblem::DateFormat { text } => {
            let (zh, en) = match crate::facts::load::suggest_date(text) {
                Some(date) => (
                    format!("写成 \"{date}\"（年-月-日，不带时间和时区）"),
                    format!("write \"{date}\" (year-month-day, without time or zone)"),
                ),
                None => (
                    "日期须写作 YYYY-MM-DD，不含时间和时区，如 \"2024-01-05\"".into(),
                    "write dates as YYYY-MM-DD, without time or zone, e.g. \"2024-01-05\"".into(),
                ),
            };
            w(
                "date_format",
                format!("日期 `{text}` 格式不对"),
                format!("date `{text}` is not in the form YYYY-MM-DD"),
                Some((zh, en)),
                ("此日期", "this date"),
            )
        }
        LoadProblem::QuotedValue { text, expected } => w(
            "wrong_type",
            format!("类型错误：应为{}，实为字符串 \"{text}\"", json_type_zh(expected)),
            format!("wrong type: expected {expected}, found the string \"{text}\""),
            Some((
                format!("写成 {text}（不加引号）"),
                format!("write {text} without the quotes"),
            )),
            ("带引号的值", "quoted value"),
        ),
        LoadProblem::ImpossibleDate { text } => w(
            "impossible_date",
            format!("日期 `{text}` 不存在"),
            format!("date `{text}` does not exist"),
            Some((
                "检查月份（1–12）和该月的天数".into(),
                "check the month (1-12) and the number of days in that month".into(),
            )),
            ("不存在的日期", "no such date"),
        ),
        LoadProblem::UnknownEnum { text, allowed } => w(
            "unknown_value",
            format!("`{text}` 不是允许的取值"),
            format!("`{text}` is not an allowed value"),
            Some((
                format!("允许的取值：{}", list(allowed, Lang::Zh)),
                format!("allowed values: {}", list(allowed, Lang::En)),
            )),
            ("未知取值", "unknown value"),
        ),
        LoadProblem::UnknownStaff { id, registry, elsewhere } => w(
            "unknown_staff",
            match elsewhere.len() {
                0 => format!("人员编号 `{id}` 不在人员名册 {registry} 中"),
                n => format!("人员编号 `{id}` 不在人员名册 {registry} 中（本案卷共引用 {} 次）", n + 1),
            },
            match elsewhere.len() {
                0 => format!("staff id `{id}` is not in the staff registry {registry}"),
                n => format!("staff id `{id}` is not in the staff registry {registry} ({} uses in this case)", n + 1),
            },
            Some((
                "在 staff.json 中登记此人，或更正编号".into(),
                "add the person to staff.json, or correct the id".into(),
            )),
            ("未知人员（首次引用）", "unknown staff id (first use)"),
        ),
        LoadProblem::DuplicateKey { key, .. } => w(
            "duplicate_key",
            format!("键 `{key}` 在同一对象中重复出现"),
            format!("key `{key}` appears twice in one object"),
            Some((
                "删除其中一个；不同系统对重复键取值不同".into(),
                "remove one of them; JSON readers disagree on which one wins".into(),
            )),
            ("重复的键", "repeated key"),
        ),
        LoadProblem::MissingRequired { key, doc } => w(
            "missing_required",
            format!("缺少必填字段 `{key}`"),
            format!("required key `{key}` is missing"),
            Some((
                format!("在此对象中加上 `{key}`（{}）", if doc[0].is_empty() { doc[1] } else { doc[0] }),
                format!("add `{key}` ({}) to this object", doc[1]),
            )),
            ("此对象", "this object"),
        ),
        LoadProblem::BadNumber { text } => w(
            "bad_number",
            format!("数值 `{text}` 超出范围或不是整数"),
            format!("number `{text}` is out of range or not a whole number"),
            Some((
                "写一个不带小数和指数的整数，如 12".into(),
                "write a whole number without fraction or exponent, e.g. 12".into(),
            )),
            ("此数值", "this number"),
        ),
        LoadProblem::UnknownField { key, suggestion, allowed } => w(
            "unknown_field",
            format!("未知的键 `{key}`：检查时不读取，依赖它的规则会视为未记录"),
            format!("unknown key `{key}`: it is not read, so rules that need it see that fact as not recorded"),
            Some(match suggestion {
                Some(known) => (
                    format!("是否想写 `{known}`？改正后重新检查；机构自有的数据请以 `x_` 开头命名（如 `x_{key}`），不再警告"),
                    format!("did you mean `{known}`? Correct it and check again; name the CB's own data with the prefix `x_` (e.g. `x_{key}`) to silence this warning"),
                ),
                None => (
                    format!("此处可用的键：{}；机构自有的数据请以 `x_` 开头命名（如 `x_{key}`），不再警告", list(allowed, Lang::Zh)),
                    format!("keys allowed here: {}; name the CB's own data with the prefix `x_` (e.g. `x_{key}`) to silence this warning", list(allowed, Lang::En)),
                ),
            }),
            ("未知的键", "unknown key"),
        ),
        LoadProblem::OutOfRange { text, min, max } => w(
            "out_of_range",
            format!("数值 {text} 超出允许范围 {min} 至 {max}"),
            format!("number {text} is outside the allowed range {min} to {max}"),
            Some((
                format!("核对原始记录，写 {min} 到 {max} 之间的数值；尚不知道时删除这个键或写 null（表示案卷未记录）"),
                format!("check the source record and write a number from {min} to {max}; if it is not known yet, remove the key or write null (the record is silent)"),
            )),
            ("超出范围", "out of range"),
        ),
        LoadProblem::ControlCharacter { code } => {
            let escape = match code {
                b'\n' => "\\n".to_string(),
                b'\r' => "\\r".to_string(),
                b'\t' => "\\t".to_string(),
                0x08 => "\\b".to_string(),
                0x0c => "\\f".to_string(),
                _ => format!("\\u{code:04x}"),
            };
            w(
                "control_character",
                format!("字符串中有未转义的控制字符 U+{code:04X}，JSON 不允许"),
                format!("unescaped control character U+{code:04X} inside a string, which JSON forbids"),
                Some((
                    format!("在字符串中把它写成转义 `{escape}`（换行写 `\\n`，制表符写 `\\t`，其他控制字符写 `\\u001b` 这样的形式）；若是误粘贴的，删除它"),
                    format!("write it as the escape `{escape}` inside the string (a line break as `\\n`, a tab as `\\t`, other control characters like `\\u001b`); if it was pasted by mistake, delete it"),
                )),
                ("控制字符", "control character"),
            )
        }
        LoadProblem::UnknownKey { key, allowed } => w(
            "unknown_key",
            format!("未知的设置项 `{key}`"),
            format!("unknown setting `{key}`"),
            Some((
                format!("此处可用的设置项：{}", list(allowed, Lang::Zh)),
                format!("settings here: {}", list(allowed, Lang::En)),
            )),
            ("未知设置项", "unknown setting"),
        ),
        LoadProblem::DuplicateStaffId { id, .. } => w(
            "duplicate_staff",
            format!("人员编号 `{id}` 在名册中重复"),
            format!("staff id `{id}` appears twice in the registry"),
            Some((
                "每人只登记一次：合并这两条记录，或更正其中一个编号".into(),
                "register each person once: merge the two entries, or correct one of the ids".into(),
            )),
            ("重复的编号", "repeated id"),
        ),
    }
}

/// Words a rules-file error.
pub fn check_wording(error: &CheckError, lang: Lang) -> Wording {
    let w = |code: &str, zh: String, en: String, help: Option<(String, String)>| Wording {
        code: format!("caselint::rules::{code}"),
        message: pick(lang, zh, en),
        help: help.map(|(zh, en)| pick(lang, zh, en)),
        label: pick(lang, "此处".into(), "here".into()),
    };
    let suggest = |names: &[String]| {
        (!names.is_empty()).then(|| {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            (format!("是否想写 {}？", list(&names, Lang::Zh)), format!("did you mean {}?", list(&names, Lang::En)))
        })
    };
    let types = |types: &[crate::check::types::Type], zh: bool| {
        let names: Vec<String> = types.iter().map(|t| if zh { t.name_zh() } else { t.name_en() }).collect();
        names.join(if zh { "或" } else { " or " })
    };
    match &error.problem {
        CheckProblem::TooDeep => w(
            "too_deep",
            format!(
                "规则嵌套过深：此处超过 {MAX_DEPTH} 层（括号、列表、函数调用、if、not、连续的运算符和列表中的列表各算一层）"
            ),
            format!(
                "rules nested too deeply: more than {MAX_DEPTH} levels here (brackets, lists, calls, `if`, `not`, \
                 chained operators and lists within lists each count)"
            ),
            Some((
                "把表达式拆成几个有名称的 `let`，每个只写一部分，再组合起来".to_string(),
                "split the expression into named `let`s, each computing a part, and combine them".to_string(),
            )),
        ),
        CheckProblem::TooComplex => w(
            "too_complex",
            "规则文件无法读完：此处起的嵌套写法有误，解析器在限定步数内无法判断其结构".to_string(),
            "the rules file cannot be read through: the nesting from here on is malformed, and the parser \
             cannot make out its structure within its step limit"
                .to_string(),
            Some((
                "检查此处起的括号、逗号和点号是否成对、是否多写或漏写；嵌套较深的表达式拆成几个有名称的 `let`"
                    .to_string(),
                "check the brackets, commas and dots from here on for a stray or missing one; split a deeply nested \
                 expression into named `let`s"
                    .to_string(),
            )),
        ),
        CheckProblem::Syntax(parse) if parse.expected.is_empty() => w(
            "syntax",
            "语法错误：此处的写法无法识别".to_string(),
            "syntax error: this cannot be read as rules".to_string(),
            Some((
                "对照 docs/rule-language.md 检查此处及其前面的括号、引号是否成对".to_string(),
                "check against docs/rule-language.md that the brackets and quotes here and before are paired"
                    .to_string(),
            )),
        ),
        CheckProblem::Syntax(parse) => {
            let expected_zh: Vec<&str> = parse.expected.iter().map(|e| token_zh(e)).collect();
            w(
                "syntax",
                format!("语法错误：此处应为{}", expected_zh.join("、")),
                format!("syntax error: expected {}", parse.expected.join(", ")),
                None,
            )
        }
        CheckProblem::Io { message } => {
            w("io", format!("无法读取规则：{message}"), format!("cannot read rules: {message}"), None)
        }
        CheckProblem::UnknownName { name, suggestions } => w(
            "unknown_name",
            format!("未知名称 `{name}`"),
            format!("unknown name `{name}`"),
            suggest(suggestions).or_else(|| {
                Some((
                    "名称须为 `case`、`as_of`、派生事实或本规则中的变量".into(),
                    "a name is `case`, `as_of`, a derived fact or a variable of this rule".into(),
                ))
            }),
        ),
        CheckProblem::UnknownField { field, available, suggestions } => {
            let names: Vec<&str> = available.iter().map(String::as_str).collect();
            let help = match suggest(suggestions) {
                Some((zh, en)) => (zh, en),
                None => (
                    format!("此处可用的字段：{}", list(&names, Lang::Zh)),
                    format!("fields here: {}", list(&names, Lang::En)),
                ),
            };
            w(
                "unknown_field",
                format!("案卷结构中没有字段 `{field}`"),
                format!("the case schema has no field `{field}`"),
                Some(help),
            )
        }
        CheckProblem::TypeMismatch { expected, found } => w(
            "type_mismatch",
            format!("类型错误：应为{}，实为{}", types(expected, true), found.name_zh()),
            format!("type error: expected {}, found {}", types(expected, false), found.name_en()),
            None,
        ),
        CheckProblem::NotInVocabulary { value, allowed } => w(
            "not_in_vocabulary",
            format!("`{value}` 不是该字段可能的取值，比较结果恒为假"),
            format!("`{value}` is not a value this field can take; the comparison could never hold"),
            Some((format!("可用取值：{}", list(allowed, Lang::Zh)), format!("values: {}", list(allowed, Lang::En)))),
        ),
        CheckProblem::UnknownFunction { name, suggestions } => w(
            "unknown_function",
            format!("未知函数 `{name}`"),
            format!("unknown function `{name}`"),
            suggest(suggestions),
        ),
        CheckProblem::Arity { name, expected, found } => w(
            "arity",
            format!("函数 `{name}` 需要 {expected} 个参数，这里给了 {found} 个"),
            format!("function `{name}` takes {expected} argument(s), {found} given"),
            None,
        ),
        CheckProblem::Cycle { names } => {
            let chain = names.iter().chain(names.first()).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" → ");
            w(
                "cycle",
                format!("派生事实循环定义：{chain}"),
                format!("derived facts depend on each other in a cycle: {chain}"),
                None,
            )
        }
        CheckProblem::Duplicate { name, first_file, first_line } => w(
            "duplicate",
            format!("`{name}` 重复定义"),
            format!("`{name}` is defined twice"),
            Some((
                format!("首次定义于 {first_file} 第 {first_line} 行；规则编号不可重用"),
                format!("first defined at {first_file} line {first_line}; ids are never reused"),
            )),
        ),
        CheckProblem::UnknownClause { clause } => w(
            "unknown_clause",
            format!("程序中没有条款 `{clause}`"),
            format!("the procedure has no clause `{clause}`"),
            Some((
                "条款编号见 procedure/clauses.tsv，如 `4.2.8.1(1)`、`4.1.2.6.1a`".into(),
                "clause ids are listed in procedure/clauses.tsv, e.g. `4.2.8.1(1)`, `4.1.2.6.1a`".into(),
            )),
        ),
        CheckProblem::MissingItem { item } => w(
            "missing_item",
            format!("规则缺少 `{item}`"),
            format!("the rule lacks `{item}`"),
            Some((
                "每条规则须有 clause、severity、require，以及中英文的 title、message、help、doc".into(),
                "every rule needs clause, severity, require, and title, message, help and doc in zh and en".into(),
            )),
        ),
        CheckProblem::UnexpectedItem { item } => w(
            "unexpected_item",
            format!("此处不能使用 `{item}`"),
            format!("`{item}` does not belong here"),
            Some((
                "规则使用 title、message、help、doc；manual 条目使用 reason、inspect".into(),
                "rules take title, message, help and doc; manual entries take reason and inspect".into(),
            )),
        ),
        CheckProblem::NotAFact => w(
            "not_a_fact",
            "标注的对象须是案卷中的事实".into(),
            "a label must name a fact of the case file".into(),
            Some(("写出案卷中的路径，如 `next.start`".into(), "write a path into the case, e.g. `next.start`".into())),
        ),
        CheckProblem::OutOfScope { name, available } => {
            let names: Vec<&str> = available.iter().map(String::as_str).collect();
            w(
                "out_of_scope",
                format!("此处不能读取 `{name}`"),
                format!("`{name}` cannot be read here"),
                Some((
                    format!(
                        "跨案卷规则的 require、message、help 和标注说明比较两条记录，只能读取 {}；案卷中的值先用 let 记下",
                        list(&names, Lang::Zh)
                    ),
                    format!(
                        "the require, message, help and label captions of a cross-case rule compare two claims and read only {}; keep case values with let first",
                        list(&names, Lang::En)
                    ),
                )),
            )
        }
        CheckProblem::NotCapturable { name, ty } => w(
            "not_capturable",
            format!("跨案卷规则的 `{name}` 是{}，记录只能保存简单值", ty.name_zh()),
            format!(
                "`{name}` of a cross-case rule is {} {}; a claim keeps plain values only",
                article(ty),
                ty.name_en()
            ),
            Some((
                "改为记下所需的字段，如 `let start = a.start`、`let team = map(t in a.team, t.staff)`".into(),
                "keep the fields needed instead, e.g. `let start = a.start`, `let team = map(t in a.team, t.staff)`"
                    .into(),
            )),
        ),
        CheckProblem::PopulationItem { item, across } => w(
            "population_item",
            if *across {
                format!("跨案卷规则不能使用 `{item}`")
            } else {
                format!("`{item}` 只用于跨案卷规则")
            },
            if *across {
                format!("a cross-case rule cannot use `{item}`")
            } else {
                format!("`{item}` belongs to cross-case rules only")
            },
            Some(if *across {
                (
                    "跨案卷规则须有 key；可有 role、period、between；不能有 due".into(),
                    "a cross-case rule needs key and may have role, period and between; it has no due".into(),
                )
            } else {
                (
                    "在规则中加上 `across cases`，或删去此项".into(),
                    "add `across cases` to the rule, or remove the item".into(),
                )
            }),
        ),
        CheckProblem::BadDateLiteral { text } => {
            w("bad_date", format!("日期 `{text}` 无效"), format!("date `{text}` is invalid"), None)
        }
        CheckProblem::Shadowing { name } => w(
            "shadowing",
            format!("名称 `{name}` 与已有的派生事实或变量重名"),
            format!("name `{name}` hides a derived fact or variable of the same name"),
            Some(("换一个名称".into(), "choose another name".into())),
        ),
    }
}

/// Why a setting's range is what it is (`facts::limits::RANGES`), zh and en: a CB may tighten
/// a limit the procedure or a standard sets, never loosen it.
pub fn range_basis(pointer: &str) -> [&'static str; 2] {
    match pointer {
        "/surveillance/max_interval_months" => [
            "程序 4.2.8.1(1) 规定监督审核的最长间隔不超过 12 个月；机构可以收紧，不能放宽",
            "procedure 4.2.8.1(1) sets the longest interval between surveillance audits at 12 months; a CB may tighten it, never loosen it",
        ],
        "/nonconformities/major_verification_months" => [
            "CNAS-CC01 9.5.3.2 要求严重不符合的纠正和纠正措施在第二阶段最后一天起 6 个月内得到验证；机构可以收紧，不能放宽",
            "CNAS-CC01 9.5.3.2 requires a major nonconformity's correction and corrective action to be verified within 6 months of the last stage 2 day; a CB may tighten it, never loosen it",
        ],
        "/nonconformities/close_days" => [
            "关闭期限由机构规定，但不能长于 CNAS-CC01 9.5.3.2 给严重不符合验证的 6 个月（180 天）",
            "the closing deadline is the CB's choice, but no longer than the 6 months (180 days) CNAS-CC01 9.5.3.2 allows for verifying a major nonconformity",
        ],
        "/stage1/stage2_gap_warning_months" => [
            "EA FAQ 49.3 未规定最长间隔，但间隔长时机构须判断第一阶段的结论是否仍然有效并说明理由；警示间隔最长 6 个月，这一提醒不能被关掉",
            "EA FAQ 49.3 sets no maximum but asks the CB to judge whether stage 1 still holds after a long gap; the warning interval is at most 6 months, so the reminder cannot be switched off",
        ],
        "/audit_time/max_reduction_percent" => [
            "ISO/IEC 20000-6 9.1.4.2 和 IAF MD5 规定审核时间最多比表定时间减少 30%；机构可以收紧，不能放宽",
            "ISO/IEC 20000-6 9.1.4.2 and IAF MD5 allow at most a 30% reduction of the table audit time; a CB may tighten it, never loosen it",
        ],
        "/suspension/max_months" => [
            "CNAS-CC01 9.6.5.4 的注：暂停期一般不超过 6 个月；机构可以收紧，不能放宽",
            "CNAS-CC01 9.6.5.4 (note): a suspension normally lasts at most 6 months; a CB may tighten it, never loosen it",
        ],
        "/audit_time/itsms_table/*/min_personnel" => {
            ["表 1 的人数从 1 人起算", "Table 1 counts people from one person"]
        }
        "/audit_time/itsms_table/*/days" => [
            "审核时间按半天计（IAF MD5），每档至少 0.5 人日",
            "audit time counts in half days (IAF MD5): a band has at least 0.5 days",
        ],
        "/evaluation/max_steps" => [
            "评估预算：内置规则在一个案卷上每条用不到 500 步，低于 1000 会使规则无从评估；高于 10 亿，一条失控的规则可占用数分钟和数十 GB 内存",
            "the evaluation budget: the bundled rules need under 500 steps per rule and case, so less than 1000 leaves rules unable to finish; more than a billion lets one runaway rule take minutes and tens of GB",
        ],
        _ => ["", ""],
    }
}

/// The caption of a refused value's second label: the band before, or the approval date.
pub fn refusal_other_label(refusal: &crate::facts::limits::Refusal, lang: Lang) -> Option<&'static str> {
    use crate::facts::limits::Refusal;
    match (refusal, lang) {
        (Refusal::BandNotFollowing { previous: Some(_), .. }, Lang::Zh) => Some("上一档"),
        (Refusal::BandNotFollowing { previous: Some(_), .. }, Lang::En) => Some("the band before"),
        (Refusal::ExpiresBeforeApproval { .. }, Lang::Zh) => Some("批准日期"),
        (Refusal::ExpiresBeforeApproval { .. }, Lang::En) => Some("approved"),
        _ => None,
    }
}

/// Words of a settings or waiver value refused by `facts::limits`.
pub fn refusal_wording(refused: &crate::facts::limits::RefusedValue, lang: Lang) -> Wording {
    use crate::facts::limits::Refusal;
    let number = super::text::format_number;
    let w = |code: &str, zh: String, en: String, help: (String, String), label: (String, String)| Wording {
        code: format!("caselint::load::{code}"),
        message: pick(lang, zh, en),
        help: Some(pick(lang, help.0, help.1)),
        label: pick(lang, label.0, label.1),
    };
    match &refused.refusal {
        Refusal::OutOfRange { key, text, range } => {
            let (min, kind_zh, kind_en) =
                (number(range.min), if range.whole { "整数" } else { "数" }, if range.whole { "whole number" } else { "number" });
            // "应为 1 至 12 之间的整数", "应为不小于 0.5 的数": a space on either side of a number.
            let (what_zh, label_zh, allowed_en) = match range.max {
                Some(max) => {
                    let max = number(max);
                    (format!(" {min} 至 {max} 之间的{kind_zh}"), format!("应在 {min} 至 {max} 之间"), format!("{min} to {max}"))
                }
                None => (format!("不小于 {min} 的{kind_zh}"), format!("应不小于 {min}"), format!("at least {min}")),
            };
            w(
                "out_of_range",
                format!("`{key}` 的值 {text} 不在允许范围内（应为{what_zh}）"),
                format!("`{key}` = {text} is outside the allowed range ({allowed_en})"),
                (
                    format!("应填写{what_zh}。依据：{}", range_basis(range.pointer)[0]),
                    format!("write a {kind_en}, {allowed_en}. Why: {}", range_basis(range.pointer)[1]),
                ),
                (label_zh, format!("allowed: {allowed_en}")),
            )
        }
        Refusal::BandInverted { min, max } => w(
            "itsms_band_inverted",
            format!("ITSMS 审核时间表的这一档最多人数 {max} 小于最少人数 {min}"),
            format!("this ITSMS audit-time band's max_personnel {max} is below its min_personnel {min}"),
            (
                "每一档写作 { min_personnel = 最少人数, max_personnel = 最多人数, days = 人日 }，最多人数不小于最少人数".into(),
                "write each band as { min_personnel = smallest, max_personnel = largest, days = audit days }, largest not below smallest".into(),
            ),
            ("最多人数".into(), "max_personnel".into()),
        ),
        Refusal::BandNotFollowing { expected, found, previous } => {
            let (zh, en) = match (previous, found < expected) {
                (None, _) => (
                    format!("ITSMS 审核时间表的第一档应从 1 人起，而不是 {found} 人"),
                    format!("the ITSMS audit-time table's first band starts at {found} persons, not at 1"),
                ),
                (Some(_), true) => (
                    format!("ITSMS 审核时间表的这一档从 {found} 人起，与上一档重叠（上一档到 {} 人为止）", expected - 1),
                    format!(
                        "this ITSMS audit-time band starts at {found} persons and overlaps the band before, which ends at {}",
                        expected - 1
                    ),
                ),
                (Some(_), false) => (
                    format!("ITSMS 审核时间表的这一档从 {found} 人起，与上一档之间缺了 {expected} 至 {} 人", found - 1),
                    format!(
                        "this ITSMS audit-time band starts at {found} persons, leaving {expected} to {} without a band",
                        found - 1
                    ),
                ),
            };
            w(
                "itsms_band_order",
                zh,
                en,
                (
                    format!("各档按人数从小到大排列，每一档从上一档的最多人数加 1 起（这里应为 {expected}），不重叠、不留空档"),
                    format!(
                        "list the bands by head count, each starting one person after the last band ends (here {expected}), without overlap or gap"
                    ),
                ),
                (format!("应为 {expected}"), format!("should be {expected}")),
            )
        }
        Refusal::Blank { key } => {
            let (zh, help_zh, help_en) = match *key {
                "reason" => (
                    "理由",
                    "写明机构为何接受这一发现（如评审意见和依据）；没有理由的豁免不可追溯",
                    "say why the CB accepts the finding (the review and its basis); a waiver without a reason is not accountable",
                ),
                "approved_by" => (
                    "批准人",
                    "写批准人的人员编号（人员名册中的 id）",
                    "give the approver's staff id (an id of the staff registry)",
                ),
                "case" => ("案卷编号", "写所豁免案卷的 case_id", "give the case_id of the case"),
                _ => ("规则编号", "写所豁免发现的规则编号（见 caselint rules）", "give the rule id of the finding (see caselint rules)"),
            };
            w(
                "blank",
                format!("豁免的{zh}（`{key}`）为空"),
                format!("the waiver's `{key}` is empty"),
                (help_zh.into(), help_en.into()),
                ("为空".into(), "empty".into()),
            )
        }
        Refusal::ExpiresBeforeApproval { approved, expires, .. } => w(
            "expires_before_approval",
            format!("豁免的到期日 {expires} 早于批准日期 {approved}"),
            format!("the waiver expires on {expires}, before it was approved on {approved}"),
            (
                "到期日（expires）是豁免适用的最后一天，应不早于批准日期（approved）".into(),
                "expires is the last day the waiver applies: not before the approval date (approved)".into(),
            ),
            ("到期日".into(), "expiry".into()),
        ),
    }
}

/// The message and help of an evidence gap: `pointer` missing, and the rules (id, clauses,
/// title) that cannot be evaluated without it.
pub fn evidence_gap(pointer: &str, rules: &[(String, String, String)], lang: Lang) -> (String, String) {
    let n = rules.len();
    let lines: Vec<String> = rules
        .iter()
        .map(|(id, clauses, title)| match lang {
            Lang::Zh => format!("- {id}（程序 {clauses}）：{title}"),
            Lang::En => format!("- {id} (procedure {clauses}): {title}"),
        })
        .collect();
    match lang {
        Lang::Zh => (
            format!("案卷未记录 `{pointer}`，以下 {n} 条规则因此无法评估（同一项证据缺失）"),
            format!("补充记录 `{pointer}` 后重新检查；缺少证据不视为符合。需要它的规则：\n{}", lines.join("\n")),
        ),
        Lang::En => (
            format!(
                "the case does not record `{pointer}`, so these {n} rules cannot be evaluated (one missing record)"
            ),
            format!(
                "record `{pointer}` and check again; missing evidence is not a pass. The rules that need it:\n{}",
                lines.join("\n")
            ),
        ),
    }
}
