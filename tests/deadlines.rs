//! Every deadline held to one definition (docs/rule-language.md, "Deadlines"): the deadline
//! `D` is the last day allowed.
//!
//! The fixtures are generated, not written out: each row of [`TABLE`] names a rule, how its
//! case is set up (a base, or the base and patch of an existing fixture, plus a patch of
//! its own), how `D` is computed from that case, which dates a "done" record has (set to
//! `D - 1`, `D` and `D + 1` days) and the patch that leaves it not done (judged as of `D - 1`,
//! `D` and `D + 1`). Six cases per rule with `due`, three for a deadline written as a date
//! comparison only. A rule with `due` that has no row fails [`every_due_rule_has_a_row`].
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use caselint::eval::{CaseResult, Verdict, add_duration};
use common::*;
use jiff::civil::Date;
use serde_json::Value;
use std::collections::BTreeSet;

/// What a generated case must show for the rule at the row's subject.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// No finding, and the rule held on some subject.
    Holds,
    /// No finding (the rule may not apply at all).
    NoFinding,
    /// Violated.
    Violated,
    /// Not yet due, with `D` as its deadline.
    NotYetDue,
    /// Not evaluable.
    NotEvaluable,
}
use Expect::*;

/// The usual trios: a record done on the last day holds; one not done is not yet due until
/// the last day and late after it.
const DONE: [Expect; 3] = [Holds, Holds, Violated];
const NOT_DONE: [Expect; 3] = [NotYetDue, NotYetDue, Violated];
/// Not done, and the requirement reads the missing date: after the deadline the record is
/// silent, which is "not evaluable", never a pass.
const NOT_RECORDED: [Expect; 3] = [NotYetDue, NotYetDue, NotEvaluable];

struct Row {
    rule: &'static str,
    /// A base name (`isms`, `itsms`, `ims`) or an existing fixture (`rule/file`, without
    /// `.json`), whose base and patch set the case up.
    setup: &'static str,
    /// A JSON patch applied after the setup.
    extra: &'static str,
    /// How `D` is computed from the set-up case.
    deadline: fn(&Value) -> Date,
    /// The dates of a "done" record, set to the day plus the given number of days (empty:
    /// the rule has no date of its own to meet, only a `due`).
    done: &'static [(&'static str, i64)],
    /// The as-of date of the "done" cases (default: the fixtures' as-of date, or `D + 1`
    /// when that is later).
    as_of_done: Option<&'static str>,
    /// What the "done on D-1, D, D+1" cases show.
    expect_done: [Expect; 3],
    /// The JSON patch that leaves the record not done (none: the rule has no `due`).
    not_done: Option<&'static str>,
    /// What the "not done as of D-1, D, D+1" cases show.
    expect_not_done: [Expect; 3],
    /// The subject of the findings judged (a `for` element's pointer), or "" for any.
    subject: &'static str,
}

/// The date at a pointer of the case.
fn at(doc: &Value, pointer: &str) -> Date {
    let text = doc.pointer(pointer).and_then(Value::as_str).unwrap_or_else(|| panic!("no date at {pointer}"));
    date(text)
}

fn plus(day: Date, months: i64, days: i64) -> Date {
    add_duration(day, months, days).unwrap()
}

/// The 10th of the month after `day`.
fn tenth_of_next_month(day: Date) -> Date {
    Date::new(day.year(), day.month(), 10).unwrap().checked_add(jiff::Span::new().months(1)).unwrap()
}

/// The day before the audit at `/audits/N` starts.
fn day_before_start(doc: &Value, audit: usize) -> Date {
    plus(at(doc, &format!("/audits/{audit}/start")), 0, -1)
}

const TABLE: &[Row] = &[
    // Chapter 4.2.8 and the cycle: 12-month intervals anchored on 29 February.
    Row {
        rule: "cycle/first-surveillance-within-12-months",
        setup: "isms",
        extra: r#"[{"op": "replace", "path": "/decision/date", "value": "2024-02-29"}]"#,
        deadline: |doc| plus(at(doc, "/decision/date"), 12, 0),
        done: &[("/audits/2/start", 0), ("/audits/2/end", 1)],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/audits/2"}]"#),
        expect_not_done: NOT_DONE,
        subject: "",
    },
    Row {
        rule: "cycle/itsms-surveillance-interval",
        setup: "itsms",
        extra: r#"[{"op": "replace", "path": "/audits/2/start", "value": "2024-02-28"},
                  {"op": "replace", "path": "/audits/2/end", "value": "2024-02-29"}]"#,
        deadline: |doc| plus(at(doc, "/audits/2/end"), 12, 0),
        done: &[("/audits/3/start", 0), ("/audits/3/end", 1)],
        as_of_done: None,
        expect_done: DONE,
        not_done: None,
        expect_not_done: NOT_DONE,
        subject: "",
    },
    Row {
        rule: "cycle/surveillance-each-calendar-year",
        setup: "isms",
        extra: "[]",
        // 31 December of the year after the decision year.
        deadline: |doc| Date::new(at(doc, "/decision/date").year() + 1, 12, 31).unwrap(),
        done: &[("/audits/2/start", 0), ("/audits/2/end", 1)],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/audits/2"}]"#),
        expect_not_done: NOT_DONE,
        subject: "",
    },
    Row {
        // Nothing scheduled is not reported until the deadline has passed.
        rule: "cycle/itsms-next-surveillance-due",
        setup: "cycle/recertification-before-expiry/pass-decided-on-last-day",
        extra: "[]",
        deadline: |doc| plus(at(doc, "/audits/3/end"), 12, 0),
        done: &[("/audits/4/start", 0), ("/audits/4/end", 2)],
        as_of_done: Some("2026-07-31"),
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/audits/4"}]"#),
        expect_not_done: [NoFinding, NoFinding, Violated],
        subject: "",
    },
    Row {
        // Checked once the certificate has expired (or a recertification is recorded).
        rule: "cycle/itsms-activities-covered",
        setup: "itsms",
        extra: "[]",
        deadline: |doc| at(doc, "/certificate/expires"),
        done: &[("/audits/3/start", 0), ("/audits/3/end", 1)],
        as_of_done: Some("2026-07-01"),
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/audits/3/report/activities_covered/1"}]"#),
        expect_not_done: [NoFinding, NoFinding, Violated],
        subject: "/client/business_activities/4",
    },
    Row {
        // Checked once a recertification audit is recorded or the certificate has expired.
        rule: "cycle/recertification-before-expiry",
        setup: "cycle/recertification-before-expiry/pass-decided-on-last-day",
        extra: "[]",
        deadline: |doc| at(doc, "/certificate/expires"),
        done: &[("/audits/4/decision/date", 0)],
        as_of_done: Some("2026-07-31"),
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/audits/4"}]"#),
        expect_not_done: [NoFinding, NoFinding, Violated],
        subject: "",
    },
    Row {
        rule: "cycle/recertification-major-nc-before-expiry",
        setup: "cycle/recertification-major-nc-before-expiry/pass-verified-in-time",
        extra: "[]",
        deadline: |doc| at(doc, "/certificate/expires"),
        done: &[("/audits/4/nonconformities/0/corrective_action/verified", 0)],
        as_of_done: Some("2026-07-31"),
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/audits/4/nonconformities/0/corrective_action/verified"}]"#),
        expect_not_done: NOT_RECORDED,
        subject: "/audits/4/nonconformities/0",
    },
    Row {
        // A month-end anchor: 31 August + 6 months is 28 February.
        rule: "cycle/restoration-within-six-months",
        setup: "cycle/restoration-within-six-months/pass-within-six-months",
        extra: r#"[{"op": "replace", "path": "/certificate/expires", "value": "2026-08-31"}]"#,
        deadline: |doc| plus(at(doc, "/certificate/expires"), 6, 0),
        done: &[("/certificate/events/0/date", 0)],
        as_of_done: Some("2027-03-31"),
        expect_done: DONE,
        not_done: None,
        expect_not_done: NOT_DONE,
        subject: "",
    },
    Row {
        // The next audit after the deadline without a suspension: the first interval runs
        // 12 months from the decision.
        rule: "cycle/overdue-surveillance-suspended",
        setup: "isms",
        extra: "[]",
        deadline: |doc| plus(at(doc, "/decision/date"), 12, 0),
        done: &[("/audits/2/start", 0), ("/audits/2/end", 1)],
        as_of_done: None,
        expect_done: DONE,
        not_done: None,
        expect_not_done: NOT_DONE,
        subject: "",
    },
    // The certificate.
    Row {
        // Three years from 29 February end on the last day of February.
        rule: "certificate/validity-at-most-three-years",
        setup: "isms",
        extra: r#"[{"op": "replace", "path": "/decision/date", "value": "2024-02-29"}]"#,
        deadline: |doc| plus(plus(at(doc, "/decision/date"), 0, -1), 36, 0),
        done: &[("/certificate/expires", 0)],
        as_of_done: None,
        expect_done: DONE,
        not_done: None,
        expect_not_done: NOT_DONE,
        subject: "",
    },
    Row {
        // Issued on the last day of a month: due the 10th of the next.
        rule: "certificate/reported-to-cnca",
        setup: "isms",
        extra: r#"[{"op": "replace", "path": "/certificate/issued", "value": "2024-11-30"}]"#,
        deadline: |doc| tenth_of_next_month(at(doc, "/certificate/issued")),
        done: &[("/certificate/reported_to_cnca", 0)],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/certificate/reported_to_cnca"}]"#),
        expect_not_done: NOT_RECORDED,
        subject: "",
    },
    Row {
        rule: "certificate/event-reported-to-cnca",
        setup: "certificate/event-reported-to-cnca/pass-on-deadline",
        extra: r#"[{"op": "replace", "path": "/certificate/events/0/date", "value": "2025-01-31"}]"#,
        deadline: |doc| tenth_of_next_month(at(doc, "/certificate/events/0/date")),
        done: &[("/certificate/events/0/reported_to_cnca", 0)],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/certificate/events/0/reported_to_cnca"}]"#),
        expect_not_done: NOT_RECORDED,
        subject: "/certificate/events/0",
    },
    Row {
        // A month-end anchor: suspended 31 August, 6 months run to 28 February.
        rule: "certificate/suspension-at-most-six-months",
        setup: "certificate/suspension-at-most-six-months/pass-restored",
        extra: r#"[{"op": "replace", "path": "/certificate/events/0/date", "value": "2025-08-31"}]"#,
        deadline: |doc| plus(at(doc, "/certificate/events/0/date"), 6, 0),
        done: &[("/certificate/events/1/date", 0)],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/certificate/events/1"}]"#),
        expect_not_done: NOT_DONE,
        subject: "/certificate/events/0",
    },
    // Nonconformities.
    Row {
        // A month-end anchor: stage 2 ending 31 August, 6 months run to 28 February. With no
        // decision yet the 6 months are the deadline.
        rule: "nc/major-verified-before-decision",
        setup: "isms",
        extra: r#"[{"op": "replace", "path": "/audits/1/start", "value": "2024-08-27"},
                  {"op": "replace", "path": "/audits/1/end", "value": "2024-08-31"},
                  {"op": "replace", "path": "/audits/1/nonconformities/0/grade", "value": "major"},
                  {"op": "remove", "path": "/decision"}]"#,
        deadline: |doc| plus(at(doc, "/audits/1/end"), 6, 0),
        done: &[("/audits/1/nonconformities/0/corrective_action/verified", 0)],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/audits/1/nonconformities/0/corrective_action/verified"}]"#),
        expect_not_done: NOT_RECORDED,
        subject: "/audits/1/nonconformities/0",
    },
    Row {
        rule: "nc/closed-within-cb-deadline",
        setup: "isms",
        extra: "[]",
        deadline: |doc| plus(at(doc, "/audits/1/nonconformities/0/raised"), 0, 90),
        done: &[("/audits/1/nonconformities/0/corrective_action/accepted", 0)],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(
            r#"[{"op": "remove", "path": "/audits/1/nonconformities/0/corrective_action/accepted"},
                {"op": "remove", "path": "/audits/1/nonconformities/0/corrective_action/verified"}]"#,
        ),
        expect_not_done: NOT_RECORDED,
        subject: "/audits/1/nonconformities/0",
    },
    Row {
        // The analysis has no date of its own; an unrecorded one waits for the CB's deadline.
        rule: "nc/cause-analysis",
        setup: "isms",
        extra: "[]",
        deadline: |doc| plus(at(doc, "/audits/1/nonconformities/0/raised"), 0, 90),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/audits/1/nonconformities/0/cause_analysis"}]"#),
        expect_not_done: NOT_RECORDED,
        subject: "/audits/1/nonconformities/0",
    },
    Row {
        // Checks the order of the dates; how late the NC closes is nc/closed-within-cb-deadline's.
        rule: "nc/correction-accepted",
        setup: "isms",
        extra: "[]",
        deadline: |doc| plus(at(doc, "/audits/1/nonconformities/0/raised"), 0, 90),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/audits/1/nonconformities/0/correction/accepted"}]"#),
        expect_not_done: NOT_RECORDED,
        subject: "/audits/1/nonconformities/0",
    },
    // Sampling: every sampled site audited by the expiry.
    Row {
        rule: "sampling/sample-covered-in-cycle",
        setup: "sampling/sample-covered-in-cycle/pass-audited-at-surveillance",
        extra: "[]",
        deadline: |doc| at(doc, "/certificate/expires"),
        done: &[("/audits/2/start", 0), ("/audits/2/end", 1)],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(r#"[{"op": "replace", "path": "/audits/2/sites", "value": ["HQ"]}]"#),
        expect_not_done: NOT_DONE,
        subject: "/programme/sampling/sampled/2",
    },
    // Stage 1 report reviewed before stage 2 starts: the last day is the day before.
    Row {
        rule: "initial/stage1-report-reviewed",
        setup: "isms",
        extra: "[]",
        deadline: |doc| day_before_start(doc, 1),
        done: &[("/audits/0/report/reviewed/date", 0)],
        as_of_done: None,
        expect_done: DONE,
        not_done: None,
        expect_not_done: NOT_DONE,
        subject: "",
    },
    // The obligations calendar: reported until the deadline, then left to the cycle rules.
    Row {
        rule: "calendar/next-surveillance",
        setup: "isms",
        extra: "[]",
        deadline: |doc| plus(at(doc, "/audits/2/end"), 12, 0),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: [NotYetDue, NotYetDue, Holds],
        subject: "",
    },
    Row {
        rule: "calendar/recertification",
        setup: "isms",
        extra: "[]",
        deadline: |doc| at(doc, "/certificate/expires"),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: [NotYetDue, NotYetDue, Holds],
        subject: "",
    },
    Row {
        rule: "calendar/decision-pending",
        setup: "isms",
        extra: r#"[{"op": "remove", "path": "/decision"}]"#,
        deadline: |doc| plus(at(doc, "/audits/1/end"), 6, 0),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: [NotYetDue, NotYetDue, Holds],
        subject: "",
    },
    // 2 years after a consultancy: the last day of the 2 years is still within them.
    Row {
        rule: "team/no-recent-consultancy",
        setup: "isms",
        extra: r#"[{"op": "replace", "path": "/client/consultancy",
                   "value": {"used": true, "by": "苏州信达管理咨询有限公司", "staff": ["AU05"], "ended": "2023-09-15"}}]"#,
        deadline: |doc| plus(at(doc, "/client/consultancy/ended"), 24, 0),
        done: &[("/audits/2/start", 0), ("/audits/2/end", 1)],
        as_of_done: None,
        expect_done: [Violated, Violated, Holds],
        // An unmet team is due the day before the audit.
        not_done: None,
        expect_not_done: NOT_DONE,
        subject: "/audits/2",
    },
    Row {
        rule: "team/decision-no-recent-consultancy",
        setup: "isms",
        extra: r#"[{"op": "replace", "path": "/client/consultancy",
                   "value": {"used": true, "by": "苏州信达管理咨询有限公司", "staff": ["T02"], "ended": "2022-11-22"}}]"#,
        deadline: |doc| plus(at(doc, "/client/consultancy/ended"), 24, 0),
        done: &[("/decision/date", 0)],
        as_of_done: None,
        expect_done: [Violated, Violated, Holds],
        not_done: None,
        expect_not_done: NOT_DONE,
        subject: "",
    },
    // The team and the plan, right before the audit starts (due the day before its first
    // day), or done by its first day (due that day).
    Row {
        rule: "team/no-recent-consultancy",
        setup: "isms",
        extra: r#"[{"op": "replace", "path": "/client/consultancy",
                   "value": {"used": true, "by": "苏州信达管理咨询有限公司", "staff": ["AU05"], "ended": "2025-01-15"}}]"#,
        deadline: |doc| day_before_start(doc, 2),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: NOT_DONE,
        subject: "/audits/2",
    },
    Row {
        rule: "team/competence-technical-areas",
        setup: "team/competence-technical-areas/fail-new-area",
        extra: "[]",
        deadline: |doc| day_before_start(doc, 2),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: NOT_DONE,
        subject: "/audits/2",
    },
    Row {
        rule: "team/registration-valid",
        setup: "team/registration-valid/fail-expired",
        extra: "[]",
        deadline: |doc| day_before_start(doc, 3),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: NOT_DONE,
        subject: "/audits/3",
    },
    Row {
        rule: "team/registration-scheme",
        setup: "team/registration-scheme/fail-not-registered",
        extra: "[]",
        deadline: |doc| day_before_start(doc, 2),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: NOT_DONE,
        subject: "/audits/2",
    },
    Row {
        rule: "team/trainee-not-leader",
        setup: "team/trainee-not-leader/fail-trainee-leads",
        extra: "[]",
        deadline: |doc| day_before_start(doc, 1),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: NOT_DONE,
        subject: "/audits/1",
    },
    Row {
        rule: "team/one-leader",
        setup: "team/one-leader/fail-two-leaders",
        extra: "[]",
        deadline: |doc| day_before_start(doc, 2),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: NOT_DONE,
        subject: "/audits/2",
    },
    Row {
        rule: "team/expert-accompanied",
        setup: "team/expert-accompanied/fail-expert-alone",
        extra: "[]",
        deadline: |doc| day_before_start(doc, 1),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: NOT_DONE,
        subject: "/audits/1",
    },
    Row {
        rule: "team/declarations-signed",
        setup: "isms",
        extra: "[]",
        deadline: |doc| at(doc, "/audits/2/start"),
        done: &[("/audits/2/declarations/1/signed", 0)],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/audits/2/declarations/1"}]"#),
        expect_not_done: NOT_DONE,
        subject: "/audits/2",
    },
    Row {
        rule: "team/dispatch-before-audit",
        setup: "isms",
        extra: "[]",
        deadline: |doc| at(doc, "/audits/2/start"),
        done: &[("/audits/2/dispatch_notice/issued", 0)],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/audits/2/dispatch_notice/issued"}]"#),
        expect_not_done: NOT_RECORDED,
        subject: "/audits/2",
    },
    Row {
        // "Issued before the audit": the last day is the day before its first day.
        rule: "plan/issued-before-audit",
        setup: "isms",
        extra: "[]",
        deadline: |doc| day_before_start(doc, 2),
        done: &[("/audits/2/plan/issued", 0)],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/audits/2/plan/issued"}]"#),
        expect_not_done: NOT_RECORDED,
        subject: "/audits/2",
    },
    Row {
        rule: "plan/reported-to-cnca",
        setup: "isms",
        extra: "[]",
        deadline: |doc| at(doc, "/audits/2/start"),
        done: &[("/audits/2/plan/reported_to_cnca", 0)],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some(r#"[{"op": "remove", "path": "/audits/2/plan/reported_to_cnca"}]"#),
        expect_not_done: NOT_RECORDED,
        subject: "/audits/2",
    },
    Row {
        rule: "plan/considers-controls",
        setup: "plan/considers-controls/fail-controls-not-considered",
        extra: "[]",
        deadline: |doc| day_before_start(doc, 2),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: NOT_DONE,
        subject: "/audits/2",
    },
    Row {
        rule: "plan/remote-techniques-identified",
        setup: "plan/remote-techniques-identified/fail-mixed-without-techniques",
        extra: "[]",
        deadline: |doc| day_before_start(doc, 2),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: NOT_DONE,
        subject: "/audits/2",
    },
    Row {
        rule: "plan/objectives-include-effectiveness",
        setup: "plan/objectives-include-effectiveness/fail-stage2",
        extra: "[]",
        deadline: |doc| day_before_start(doc, 1),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: NOT_DONE,
        subject: "/audits/1",
    },
    Row {
        rule: "plan/timing-agreed",
        setup: "plan/timing-agreed/fail-not-agreed",
        extra: "[]",
        deadline: |doc| day_before_start(doc, 2),
        done: &[],
        as_of_done: None,
        expect_done: DONE,
        not_done: Some("[]"),
        expect_not_done: NOT_DONE,
        subject: "/audits/2",
    },
];

fn read_json(path: &str) -> Value {
    let full = root().join(path);
    serde_json::from_str(&std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap()
}

fn ops(text: &str) -> Vec<Value> {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("bad patch {text}: {e}"))
}

/// The set-up case of a row.
fn prepared(row: &Row) -> Value {
    let (base, patch) = if row.setup.contains('/') {
        let fixture = read_json(&format!("tests/fixtures/{}.json", row.setup));
        let base = fixture["base"].as_str().unwrap_or("isms").to_string();
        (base, fixture["patch"].as_array().cloned().unwrap_or_default())
    } else {
        (row.setup.to_string(), Vec::new())
    };
    let mut doc = read_json(&format!("tests/fixtures/_bases/{base}.json"));
    apply_patch(&mut doc, &patch).unwrap();
    apply_patch(&mut doc, &ops(row.extra)).unwrap_or_else(|e| panic!("{}: {e}", row.rule));
    doc
}

/// Sets the value at a pointer, adding the key if the object lacks it.
fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let object =
        doc.pointer_mut(parent).and_then(Value::as_object_mut).unwrap_or_else(|| panic!("no object at {parent}"));
    object.insert(key.to_string(), value);
}

/// What a case shows for the row's rule and subject. Findings of the rule's other
/// deadlines (not yet due on another day) are not this deadline's.
fn observed(
    rules: &caselint::check::RuleSet,
    result: &CaseResult,
    row: &Row,
    deadline: Date,
) -> Result<Expect, String> {
    let relevant: Vec<&Verdict> = result
        .findings
        .iter()
        .filter(|f| f.rule == row.rule && (row.subject.is_empty() || f.subject == row.subject))
        .map(|f| &f.verdict)
        .filter(|v| !matches!(v, Verdict::NotYetDue { due } if *due != deadline))
        .collect();
    let kinds: BTreeSet<&str> = relevant.iter().map(|v| v.as_str()).collect();
    match kinds.into_iter().collect::<Vec<_>>().as_slice() {
        [] => {
            let index = rules.rules.iter().position(|r| r.id == row.rule).unwrap();
            Ok(if result.holds.get(index).is_some_and(|n| *n > 0) { Holds } else { NoFinding })
        }
        ["violated"] => Ok(Violated),
        ["not_yet_due"] => Ok(NotYetDue),
        ["not_evaluable"] => Ok(NotEvaluable),
        other => Err(format!("mixed verdicts {other:?}")),
    }
}

fn matches(want: Expect, got: Expect) -> bool {
    want == got || (want == NoFinding && got == Holds)
}

/// Every row's six (or three) generated cases show what the deadline definition says.
#[test]
fn deadlines_allow_their_last_day() {
    let rules = bundled_rules();
    let staff = staff();
    let mut problems = Vec::new();
    let mut cases = 0;
    for row in TABLE {
        let doc = prepared(row);
        let deadline = (row.deadline)(&doc);
        let days = [-1i64, 0, 1];
        let mut judge = |doc: &Value, as_of: Date, want: Expect, what: String| {
            cases += 1;
            let text = serde_json::to_string_pretty(doc).unwrap() + "\n";
            let case = case_from(&format!("{}/{what}.json", row.rule), &text, &staff);
            let result = evaluate(&rules, &case, &staff, &as_of.to_string());
            match observed(&rules, &result, row, deadline) {
                Ok(got) if matches(want, got) => {}
                Ok(got) => problems.push(format!(
                    "{} (D = {deadline}): {what} as of {as_of}: expected {want:?}, got {got:?}",
                    row.rule
                )),
                Err(e) => problems.push(format!("{} (D = {deadline}): {what} as of {as_of}: {e}", row.rule)),
            }
        };
        if !row.done.is_empty() {
            for (k, want) in days.iter().zip(row.expect_done) {
                let day = plus(deadline, 0, *k);
                let mut done = doc.clone();
                for (pointer, offset) in row.done {
                    set(&mut done, pointer, Value::String(plus(day, 0, *offset).to_string()));
                }
                let latest = row.done.iter().map(|(_, o)| plus(deadline, 0, 1 + o)).max().unwrap_or(deadline);
                let as_of = match row.as_of_done {
                    Some(text) => date(text),
                    None => date(FIXTURE_AS_OF).max(latest),
                };
                judge(&done, as_of, want, format!("done on {day}"));
            }
        }
        if let Some(patch) = row.not_done {
            let mut missing = doc.clone();
            apply_patch(&mut missing, &ops(patch)).unwrap_or_else(|e| panic!("{}: {e}", row.rule));
            for (k, want) in days.iter().zip(row.expect_not_done) {
                judge(&missing, plus(deadline, 0, *k), want, "not done".to_string());
            }
        }
    }
    assert!(problems.is_empty(), "{} of {cases} generated cases:\n{}", problems.len(), problems.join("\n"));
}

/// A rule with `due` cannot skip the table; a row names a rule that exists.
#[test]
fn every_due_rule_has_a_row() {
    let rules = bundled_rules();
    let listed: BTreeSet<&str> = TABLE.iter().map(|r| r.rule).collect();
    let mut problems = Vec::new();
    for rule in &rules.rules {
        if rule.due.is_some() && !listed.contains(rule.id.as_str()) {
            problems.push(format!("rule {} has `due` but no row in tests/deadlines.rs", rule.id));
        }
    }
    for id in &listed {
        if rules.rule(id).is_none() {
            problems.push(format!("tests/deadlines.rs lists {id}, which is no rule"));
        }
    }
    for row in TABLE.iter().filter(|r| rules.rule(r.rule).is_some_and(|rule| rule.due.is_some())) {
        if row.not_done.is_none() && !TABLE.iter().any(|other| other.rule == row.rule && other.not_done.is_some()) {
            problems.push(format!("rule {} has `due` but no \"not done\" cases", row.rule));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
