//! Field values: a valid value for every declared field type, and the items of a
//! checklist as a person goes through it.

use chrono::NaiveDate;
use fieldbook_core::event::meets;
use fieldbook_core::spec::{Condition, FieldCondition, FieldSpec, FieldType, ProcedureSpec, Scalar};
use fieldbook_core::time::Timespan;
use fieldbook_core::{Event, SmolStr, Value};

use crate::simulate::random::Dice;

/// Short remarks for free-text fields.
const REMARKS: [&str; 10] = [
    "as expected",
    "no issues",
    "follow up next week",
    "needs attention",
    "good progress",
    "asked for details",
    "positive feedback",
    "mixed feedback",
    "waiting for an answer",
    "discussed in person",
];

/// A value of the field's type. `today` is used for dates; `customers` (the customers of
/// the day) fill lists that name customers.
pub(crate) fn value_for(name: &str, spec: &FieldSpec, today: NaiveDate, customers: &[&str], dice: &mut Dice) -> Value {
    match spec.ty {
        FieldType::Text => Value::Text(text_for(name, dice).into()),
        FieldType::Phone => Value::Text(
            format!("+86 1{:02} {:04} {:04}", dice.int(30, 99), dice.int(0, 9999), dice.int(0, 9999)).into(),
        ),
        FieldType::Number => Value::Number((dice.uniform(1.0, 60.0) * 10.0).round() / 10.0),
        FieldType::Integer => Value::Integer(dice.int(0, 40)),
        FieldType::Money => Value::Number((dice.uniform(80.0, 2000.0) * 100.0).round() / 100.0),
        FieldType::Bool => Value::Bool(dice.chance(0.5)),
        FieldType::Date => Value::Text(today.to_string().into()),
        FieldType::RecurringDate => {
            let day_of_year = dice.int(0, 364);
            let date = NaiveDate::from_yo_opt(2001, u32::try_from(day_of_year + 1).unwrap_or(1)).unwrap_or(today);
            Value::Text(date.format("%m-%d").to_string().into())
        }
        FieldType::Time => Value::Text(format!("{:02}:{:02}", dice.int(8, 17), dice.int(0, 11) * 5).into()),
        FieldType::Duration => Value::Text(format!("{}m", dice.int(1, 12) * 5).into()),
        FieldType::List => {
            let about_customers = mentions_customers(name, spec);
            if about_customers && !customers.is_empty() {
                Value::List(customers.iter().map(SmolStr::new).collect())
            } else {
                let n = dice.int(1, 3);
                Value::List((1..=n).map(|i| format!("{} {i}", label(name)).into()).collect())
            }
        }
        FieldType::Enum => Value::Text(spec.values[dice.index(spec.values.len())].as_str().into()),
    }
}

/// Whether a list field names customers ("Customers planned for the day", "Units visited").
fn mentions_customers(name: &str, spec: &FieldSpec) -> bool {
    let words = format!("{name} {}", spec.title.as_deref().unwrap_or_default()).to_lowercase();
    words.contains("customer") || words.contains("units")
}

fn label(name: &str) -> String {
    name.replace('_', " ")
}

/// A person's name, for names and signers.
pub(crate) fn person_name(dice: &mut Dice) -> String {
    let family = ["Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang"][dice.index(8)];
    format!("{family} {}", dice.int(1, 999))
}

fn text_for(name: &str, dice: &mut Dice) -> String {
    if name == "name" {
        return person_name(dice);
    }
    REMARKS[dice.index(REMARKS.len())].to_string()
}

/// A value equal to a playbook's `where` scalar, for a field of `spec`'s type.
fn value_of_scalar(scalar: &Scalar, spec: Option<&FieldSpec>) -> Value {
    match scalar {
        Scalar::Bool(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Integer(*i),
        Scalar::Float(f) => Value::Number(*f),
        Scalar::Text(t) if spec.is_some_and(|s| s.ty == FieldType::List) => Value::List(vec![t.as_str().into()]),
        Scalar::Text(t) => Value::Text(t.as_str().into()),
    }
}

/// A value of the field that meets `condition`: its value, or one at or just past its
/// bounds (`{ gt = 0 }`: 1).
pub(crate) fn value_meeting(condition: &FieldCondition, spec: Option<&FieldSpec>) -> Value {
    let candidates = candidates(condition, spec);
    candidates.iter().find(|v| meets(condition, Some(v))).or(candidates.first()).cloned().unwrap_or(Value::Bool(true))
}

/// A value of the field that does not meet `condition` (a failed order's opposite, a visit
/// with no samples), when the type has one.
pub(crate) fn value_failing(condition: &FieldCondition, spec: &FieldSpec, dice: &mut Dice) -> Option<Value> {
    match condition {
        FieldCondition::Equals(scalar) => value_other_than(scalar, spec, dice),
        FieldCondition::Compare(_) => {
            candidates(condition, Some(spec)).into_iter().find(|v| !meets(condition, Some(v)))
        }
    }
}

/// Values a condition's operands suggest: each operand, and one step above and below it
/// (1 for numbers, a minute for lengths of time and times of day, a day for dates).
fn candidates(condition: &FieldCondition, spec: Option<&FieldSpec>) -> Vec<Value> {
    let mut values = Vec::new();
    for (_, scalar) in condition.operands() {
        values.push(value_of_scalar(scalar, spec));
        for step in [1, -1] {
            values.extend(stepped(scalar, step));
        }
    }
    if values.is_empty() {
        // `{ exists = true }`: any value of the type.
        values.push(match spec.map(|s| s.ty) {
            Some(FieldType::Integer) => Value::Integer(1),
            Some(FieldType::Number | FieldType::Money) => Value::Number(1.0),
            Some(FieldType::Bool) => Value::Bool(true),
            Some(FieldType::Enum) => Value::Text(spec.and_then(|s| s.values.first()).map_or("", |v| v.as_str()).into()),
            _ => Value::Text("yes".into()),
        });
    }
    values
}

/// `scalar` moved by `step` units of its kind, when it has an order.
fn stepped(scalar: &Scalar, step: i64) -> Option<Value> {
    match scalar {
        Scalar::Integer(n) => Some(Value::Integer(n.saturating_add(step))),
        Scalar::Float(n) => Some(Value::Number(n + step as f64)),
        Scalar::Text(text) => {
            if let Ok(span) = text.parse::<Timespan>() {
                let minutes = (i64::from(span.minutes()) + step).max(0);
                return Some(Value::Text(format!("{minutes}m").into()));
            }
            if let Ok(date) = text.parse::<NaiveDate>() {
                return date
                    .checked_add_signed(chrono::TimeDelta::days(step))
                    .map(|d| Value::Text(d.to_string().into()));
            }
            if let Ok(time) = text.parse::<fieldbook_core::TimeOfDay>() {
                let minutes = (i64::from(time.minutes()) + step).clamp(0, 24 * 60 - 1) as u32;
                return fieldbook_core::TimeOfDay::new(minutes / 60, minutes % 60)
                    .map(|t| Value::Text(t.to_string().into()));
            }
            None
        }
        Scalar::Bool(_) => None,
    }
}

/// A value of the field that does not equal `scalar` (a failed order's opposite), when
/// the type has one.
fn value_other_than(scalar: &Scalar, spec: &FieldSpec, dice: &mut Dice) -> Option<Value> {
    match (scalar, spec.ty) {
        (Scalar::Bool(b), _) => Some(Value::Bool(!b)),
        (Scalar::Text(t), FieldType::Enum) => {
            let others: Vec<&String> = spec.values.iter().filter(|v| *v != t).collect();
            (!others.is_empty()).then(|| Value::Text(others[dice.index(others.len())].as_str().into()))
        }
        _ => None,
    }
}

/// A procedure with the names its checklists hold, made once (a visit's checklist names
/// dozens): each item's own (`inspect`) and its sub-items' (`inspect.stock`).
pub(crate) struct Checklist<'a> {
    pub(crate) spec: &'a ProcedureSpec,
    names: Vec<(SmolStr, Vec<SmolStr>)>,
    /// The most names a checklist holds: each item's sub-items, or the item itself.
    most: usize,
}

impl<'a> Checklist<'a> {
    pub(crate) fn new(spec: &'a ProcedureSpec) -> Self {
        let names = spec
            .items
            .iter()
            .map(|item| (SmolStr::new(&item.id), item.sub.iter().map(|sub| dotted(&item.id, &sub.id)).collect()))
            .collect();
        let most = spec.items.iter().map(|item| item.sub.len().max(1)).sum();
        Self { spec, names, most }
    }
}

/// The items of `procedure` done during `event` (its other fields known): every item that
/// applies, each skipped with the first of `skips`; half the time named as a whole, else
/// through its sub-items, each skipped with the second of `skips` (at least one is named
/// when the item is done). Optional items are done half the time.
pub(crate) fn checklist(
    procedure: &Checklist<'_>,
    tags: &[String],
    phase: Option<&str>,
    event: &Event,
    (skip_item, skip_sub): (f64, f64),
    dice: &mut Dice,
) -> Vec<SmolStr> {
    let mut done = Vec::with_capacity(procedure.most);
    for (item, (own, subs)) in procedure.spec.items.iter().zip(&procedure.names) {
        if !applies(item.when.as_ref(), tags, phase, event)
            || dice.chance(skip_item)
            || (!item.required && dice.chance(0.5))
        {
            continue;
        }
        if item.sub.is_empty() || dice.chance(0.5) {
            done.push(own.clone());
            continue;
        }
        let before = done.len();
        for sub in subs {
            if !dice.chance(skip_sub) {
                done.push(sub.clone());
            }
        }
        if done.len() == before {
            done.push(subs[dice.index(subs.len())].clone());
        }
    }
    done
}

/// `item.sub`.
fn dotted(item: &str, sub: &str) -> SmolStr {
    let mut name = smol_str::SmolStrBuilder::new();
    name.push_str(item);
    name.push('.');
    name.push_str(sub);
    name.finish()
}

fn applies(when: Option<&Condition>, tags: &[String], phase: Option<&str>, event: &Event) -> bool {
    when.is_none_or(|w| {
        (w.tags_any.is_empty() || w.tags_any.iter().any(|t| tags.contains(t)))
            && (w.phases.is_empty() || phase.is_some_and(|p| w.phases.iter().any(|x| x == p)))
            && w.filter.iter().all(|(field, condition)| meets(condition, event.fields.get(field.as_str())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::random::Purpose;

    #[test]
    fn every_generated_value_fits_its_type() {
        let mut dice = Dice::new(3, Purpose::Day, &[]);
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let types = [
            FieldType::Text,
            FieldType::Phone,
            FieldType::Number,
            FieldType::Integer,
            FieldType::Money,
            FieldType::Bool,
            FieldType::Date,
            FieldType::RecurringDate,
            FieldType::Time,
            FieldType::Duration,
            FieldType::List,
        ];
        for _ in 0..50 {
            for ty in types {
                let spec = FieldSpec::of(ty);
                let value = value_for("x", &spec, today, &["c1"], &mut dice);
                assert!(value.check(&spec).is_ok(), "{value} for {ty:?}");
            }
            let spec = FieldSpec { values: vec!["a".into(), "b".into()], ..FieldSpec::of(FieldType::Enum) };
            assert!(value_for("x", &spec, today, &[], &mut dice).check(&spec).is_ok());
        }
    }

    #[test]
    fn the_opposite_of_a_where_value_differs() {
        let mut dice = Dice::new(3, Purpose::Day, &[]);
        let spec = FieldSpec { values: vec!["executed".into(), "failed".into()], ..FieldSpec::of(FieldType::Enum) };
        let failed = Scalar::Text("failed".into());
        assert_eq!(value_other_than(&failed, &spec, &mut dice), Some(Value::Text("executed".into())));
        assert_eq!(value_of_scalar(&failed, Some(&spec)), Value::Text("failed".into()));
    }

    #[test]
    fn simulated_values_meet_and_fail_comparisons() {
        let mut dice = Dice::new(3, Purpose::Day, &[]);
        let read = |text: &str| -> FieldCondition {
            toml::from_str::<toml::Value>(&format!("c = {text}")).unwrap()["c"].clone().try_into().unwrap()
        };
        for (condition, ty) in [
            ("{ gt = 0 }", FieldType::Integer),
            ("{ ge = 2.5, lt = 10 }", FieldType::Number),
            ("{ le = \"30m\" }", FieldType::Duration),
            ("{ gt = \"2026-12-07\" }", FieldType::Date),
            ("{ in = [1, 2] }", FieldType::Integer),
            ("{ ne = 3 }", FieldType::Integer),
        ] {
            let condition = read(condition);
            let spec = FieldSpec::of(ty);
            let meeting = value_meeting(&condition, Some(&spec));
            assert!(meets(&condition, Some(&meeting)), "{condition:?}: {meeting}");
            let failing = value_failing(&condition, &spec, &mut dice).expect("a value that fails");
            assert!(!meets(&condition, Some(&failing)), "{condition:?}: {failing}");
        }
    }
}
