//! Types of rule-language expressions, derived from the case schema.

use crate::facts::schema::{STAFF_MEMBER, Shape};

/// The static type of an expression.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Type {
    /// `true`/`false`.
    Bool,
    /// Numbers (days, counts, percentages).
    Number,
    /// Strings; `Some(vocabulary)` when the schema closes it (enums), so literals can be checked.
    Text(Option<&'static [&'static str]>),
    /// A staff id (a string the `staff()` function accepts).
    StaffId,
    /// A calendar date.
    Date,
    /// A calendar duration (`12 months`, the result of `elapsed`).
    Duration,
    /// A list of one type; `Any` for the empty literal `[]`.
    List(Box<Type>),
    /// An object of the case or staff schema.
    Object(&'static Shape),
    /// An element of `pairs(xs)`: `.prev` and `.next`.
    Pair(Box<Type>),
    /// The element type of `[]`, compatible with everything.
    #[default]
    Any,
}

impl Type {
    /// The type of values of a schema shape.
    pub fn of_shape(shape: &'static Shape) -> Type {
        match shape {
            Shape::Bool => Type::Bool,
            Shape::Number | Shape::Integer => Type::Number,
            Shape::Text => Type::Text(None),
            Shape::Enum(values) => Type::Text(Some(values)),
            Shape::StaffId => Type::StaffId,
            Shape::Date => Type::Date,
            Shape::List(item) => Type::List(Box::new(Type::of_shape(item))),
            Shape::Object(_) => Type::Object(shape),
        }
    }

    /// How many lists and pairs nest in it (0 for a plain value).
    pub fn depth(&self) -> usize {
        match self {
            Type::List(inner) | Type::Pair(inner) => 1 + inner.depth(),
            _ => 0,
        }
    }

    /// The type of a person in the staff registry.
    pub fn staff_member() -> Type {
        Type::Object(&STAFF_MEMBER)
    }

    /// Whether values of the two types can be compared with `==` (strings with strings, etc.).
    pub fn compatible(&self, other: &Type) -> bool {
        match (self, other) {
            (Type::Any, _) | (_, Type::Any) => true,
            (Type::Text(_) | Type::StaffId, Type::Text(_) | Type::StaffId) => true,
            (Type::List(a), Type::List(b)) | (Type::Pair(a), Type::Pair(b)) => a.compatible(b),
            // Two fields may hold copies of one shape (`decision` and `audits[].decision`):
            // they are the same type when they list the same fields.
            (Type::Object(a), Type::Object(b)) => std::ptr::eq(a.fields().as_ptr(), b.fields().as_ptr()),
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
        }
    }

    /// Whether the type is a string of any kind.
    pub fn is_text(&self) -> bool {
        matches!(self, Type::Text(_) | Type::StaffId | Type::Any)
    }

    /// Whether `<`, `min` and sorting apply.
    pub fn is_ordered(&self) -> bool {
        matches!(self, Type::Number | Type::Date | Type::Text(_) | Type::Any)
    }

    /// The element type of a list.
    pub fn element(&self) -> Option<&Type> {
        match self {
            Type::List(item) => Some(item),
            _ => None,
        }
    }

    /// An English name for messages: `date`, `list of string`.
    pub fn name_en(&self) -> String {
        match self {
            Type::Bool => "boolean".into(),
            Type::Number => "number".into(),
            Type::Text(_) => "string".into(),
            Type::StaffId => "staff id".into(),
            Type::Date => "date".into(),
            Type::Duration => "duration".into(),
            Type::List(item) => format!("list of {}", item.name_en()),
            Type::Object(_) => "object".into(),
            Type::Pair(item) => format!("pair of {}", item.name_en()),
            Type::Any => "any".into(),
        }
    }

    /// A Chinese name for messages: `日期`, `字符串列表`.
    pub fn name_zh(&self) -> String {
        match self {
            Type::Bool => "布尔值".into(),
            Type::Number => "数值".into(),
            Type::Text(_) => "字符串".into(),
            Type::StaffId => "人员编号".into(),
            Type::Date => "日期".into(),
            Type::Duration => "时长".into(),
            Type::List(item) => format!("{}列表", item.name_zh()),
            Type::Object(_) => "对象".into(),
            Type::Pair(item) => format!("{}对", item.name_zh()),
            Type::Any => "任意值".into(),
        }
    }
}
