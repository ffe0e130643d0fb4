//! Wording of what is wrong with an input path, and of the notes about the inputs: the
//! directory walk, rules directories, `--output`, files found in a parent directory.

use super::{Wording, pick};
use crate::inputs::{Discovered, InputError, InputNote, InputProblem};
use crate::syntax::ast::Lang;
use std::io::ErrorKind;

/// Why a file or directory could not be read, in Chinese.
pub fn io_reason_zh(kind: ErrorKind, message: &str) -> String {
    match kind {
        ErrorKind::NotFound => "不存在".to_string(),
        ErrorKind::PermissionDenied => "没有读取权限".to_string(),
        ErrorKind::IsADirectory => "这是一个目录，不是文件".to_string(),
        ErrorKind::NotADirectory => "这不是目录".to_string(),
        ErrorKind::FileTooLarge => "文件超过 16 MiB，不是正常的输入文件".to_string(),
        ErrorKind::InvalidInput => "这不是普通文件（是命名管道、设备或套接字），未打开读取".to_string(),
        ErrorKind::InvalidData => "文件不是 UTF-8 编码".to_string(),
        _ => format!("读取失败（{message}）"),
    }
}

/// Why a report could not be written, in Chinese.
fn write_reason_zh(kind: ErrorKind, message: &str) -> String {
    match kind {
        ErrorKind::NotFound => "所在目录不存在".to_string(),
        ErrorKind::PermissionDenied => "没有写入权限".to_string(),
        ErrorKind::IsADirectory => "这是一个目录".to_string(),
        ErrorKind::StorageFull => "磁盘已满".to_string(),
        _ => format!("写入失败（{message}）"),
    }
}

/// Words an input path error; the path is in the message (there is no text to point into).
pub fn input_wording(error: &InputError, lang: Lang) -> Wording {
    let path = error.path.display();
    let w = |code: &str, zh: String, en: String, help: (&str, &str)| Wording {
        code: format!("caselint::input::{code}"),
        message: pick(lang, zh, en),
        help: Some(pick(lang, help.0.to_string(), help.1.to_string())),
        label: String::new(),
    };
    match &error.problem {
        InputProblem::UnreadableDirectory { kind, message } => w(
            "unreadable_directory",
            format!("无法读取目录 {path}：{}；其中的案卷没有检查", io_reason_zh(*kind, message)),
            format!("cannot list the directory {path}: {}; the cases in it were not checked", message.to_lowercase()),
            (
                "给运行 caselint 的用户该目录的读取和进入权限（chmod u+rx），或不把它列为输入",
                "give the user running caselint read and execute permission on it (chmod u+rx), or leave it out of the inputs",
            ),
        ),
        InputProblem::Unreadable { kind, message } => w(
            "unreadable",
            format!("无法读取 {path}：{}", io_reason_zh(*kind, message)),
            format!("cannot read {path}: {}", message.to_lowercase()),
            ("检查路径、权限，以及它是否为普通文件", "check the path, its permissions and that it is a regular file"),
        ),
        InputProblem::Unwritable { kind, message } => w(
            "unwritable",
            format!("无法写入报告 {path}：{}", write_reason_zh(*kind, message)),
            format!("cannot write the report {path}: {}", message.to_lowercase()),
            ("检查目录是否存在、是否有写入权限", "check that the directory exists and can be written to"),
        ),
        InputProblem::OutsideBase => w(
            "outside_base",
            format!("{path} 在当前工作目录之外；证据包核验时只读取工作目录之下的文件"),
            format!("{path} lies outside the working directory; verifying a pack reads only files below it"),
            (
                "在包含全部输入（案卷、人员名册、设置、豁免登记册、规则）的目录中运行 caselint pack",
                "run caselint pack from a directory that holds every input (cases, staff registry, settings, waivers, rules)",
            ),
        ),
        InputProblem::NoRules => w(
            "no_rules",
            format!("规则目录 {path} 中没有规则文件（*.rules）；用空的规则集检查，任何案卷都会显示为合规"),
            format!(
                "the rules directory {path} holds no rules files (*.rules); an empty rule set would pass every case"
            ),
            (
                "用 --rules 指定含 *.rules 文件的目录（如项目的 rules/），或去掉 --rules 并清除环境变量 CASELINT_RULES，以使用内置规则",
                "give --rules a directory with *.rules files (such as the project's rules/), or drop --rules and unset CASELINT_RULES to use the bundled rules",
            ),
        ),
        InputProblem::OutputIsInput { input } => w(
            "output_is_input",
            format!("--output {path} 是本次检查的输入文件 {}；写入报告会覆盖它", input.display()),
            format!(
                "--output {path} is an input of this run ({}); writing the report would overwrite it",
                input.display()
            ),
            ("把报告写到另一个文件", "write the report to another file"),
        ),
    }
}

/// The stable code of a note.
pub fn note_code(note: &InputNote) -> &'static str {
    match note {
        InputNote::Loop { .. } => "caselint::input::link_loop",
        InputNote::SameDirectory { .. } => "caselint::input::same_directory",
        InputNote::SameFile { .. } => "caselint::input::same_file",
        InputNote::FromParent { .. } => "caselint::input::from_parent",
    }
}

/// The text of a note about the inputs.
pub fn note_text(note: &InputNote, lang: Lang) -> String {
    match note {
        InputNote::Loop { link, target } => pick(
            lang,
            format!(
                "链接 {} 经由它回到正在检查的目录 {}，形成循环，未再进入；其中的案卷各检查一次",
                link.display(),
                target.display()
            ),
            format!(
                "the link {} leads back into the directory {}, which is being walked (a loop): not followed again; its cases are checked once",
                link.display(),
                target.display()
            ),
        ),
        InputNote::SameDirectory { path, first } => pick(
            lang,
            format!("{} 与 {} 是同一目录，只检查一次", path.display(), first.display()),
            format!("{} is the same directory as {}: checked once", path.display(), first.display()),
        ),
        InputNote::SameFile { path, first } if path == first => pick(
            lang,
            format!("{} 重复给出，只检查一次", path.display()),
            format!("{} is given more than once: checked once", path.display()),
        ),
        InputNote::SameFile { path, first } => pick(
            lang,
            format!("{} 与 {} 是同一文件，只检查一次", path.display(), first.display()),
            format!("{} is the same file as {}: checked once", path.display(), first.display()),
        ),
        InputNote::FromParent { what, path } => {
            let (zh, en) = match what {
                Discovered::Settings => ("设置文件", "settings file"),
                Discovered::Waivers => ("豁免登记册", "waiver register"),
            };
            pick(
                lang,
                format!("使用了上级目录中的{zh} {}（不在当前工作目录）", path.display()),
                format!("using the {en} {} from a parent of the working directory", path.display()),
            )
        }
    }
}

/// The prefix of a note line on stderr.
pub fn note_prefix(lang: Lang) -> &'static str {
    if lang == Lang::Zh { "caselint: 注意：" } else { "caselint: note: " }
}

/// A line saying what `pack --verify` refused to read, and why.
pub fn refused_text(refused: &crate::pack_files::Refused, lang: Lang) -> String {
    use crate::pack_files::Refusal;
    let entry = &refused.entry;
    let (zh, en) = match &refused.refusal {
        Refusal::Absolute => (
            "是绝对路径；证据包只能引用运行目录之下的文件".to_string(),
            "is an absolute path; a pack names only files below the directory it is verified from".to_string(),
        ),
        Refusal::Escapes => (
            "指向运行目录之外（`..` 或链接）；未读取".to_string(),
            "leads outside the directory it is verified from (`..` or a link); not read".to_string(),
        ),
        Refusal::Link => (
            "是证据包中的符号链接；证据包只应包含普通文件".to_string(),
            "is a symbolic link inside the pack; a pack holds regular files only".to_string(),
        ),
        Refusal::NotRegular(kind) => (
            format!("不是普通文件（是{}），未打开读取", kind.name_zh()),
            format!("is not a regular file but {}; not opened", kind.name_en()),
        ),
        Refusal::TooLarge(limit) => {
            (format!("超过 {} MiB，未读取", limit >> 20), format!("is larger than {} MiB; not read", limit >> 20))
        }
        Refusal::Unreadable { kind, message } => (
            format!("无法读取：{}", io_reason_zh(*kind, message)),
            format!("cannot be read: {}", message.to_lowercase()),
        ),
    };
    pick(lang, format!("  核验错误：{entry} {zh}"), format!("  verification error: {entry} {en}"))
}
