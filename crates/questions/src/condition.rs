//! The rule vocabulary: when a question is suggested.
//!
//! A question's `when` in `assets/questions.json` is one of:
//!
//! - `"always"`: every case (the core list).
//! - `{"cancer_type": ["breast", "other"]}`: the case's cancer type is one of these slugs;
//!   `other` stands for any type without a slug of its own.
//! - `{"fact": "stage"}`: some document gives this fact. With one test beside it:
//!   `"equals": "3+"`, `"in": ["IV", "IVA"]` (one of; both ignore case),
//!   `"contains": ["mastectomy", "chemo*"]` (a whole word or phrase of the value; a final `*`
//!   also takes longer words), or a comparison of the value's first number:
//!   `"lt"`, `"le"`, `"gt"`, `"ge"` (e.g. `psa` `"6.2 ng/mL"` is 6.2, `nodes` `"2/15"` is 2).
//!   The condition holds when any one fact of that name passes.
//! - `{"fact_ambiguous": ["document_date"]}`: a document gives the fact and also its other
//!   reading, `<name>_ambiguous` (a date that reads both as DD/MM and MM/DD).
//! - `{"fact_conflict": ["her2", "er"]}`: two documents give one of these facts different values.
//! - `{"checklist_missing": "pathology"}`: the checklist item is still missing.
//! - `{"concern": ["fertility", "work*"]}`: one of the person's own concerns contains one of
//!   these words or phrases (matched as `contains` is).
//! - `{"all": [..]}`, `{"any": [..]}`, `{"not": ..}`: combinations.

use serde::Deserialize;
use serde_json::{Map, Value};

/// When a question is suggested (see the module documentation for the data form).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "Value")]
pub enum Condition {
    /// Every case.
    Always,
    /// The case's cancer type is one of these slugs (`other`: any type without a slug).
    CancerType(Vec<String>),
    /// Some document gives the fact, and one value of it passes the test.
    Fact {
        /// The fact's name, as in `docs/facts.md`.
        name: String,
        /// What its value must be.
        test: FactTest,
    },
    /// A document gives one of these facts and also its `<name>_ambiguous` other reading.
    FactAmbiguous(Vec<String>),
    /// Two documents give one of these facts different values.
    FactConflict(Vec<String>),
    /// This checklist item (by id) is still missing.
    ChecklistMissing(String),
    /// One of the person's own concerns holds one of these words or phrases.
    Concern(Vec<String>),
    /// Every one of these holds.
    All(Vec<Condition>),
    /// At least one of these holds.
    Any(Vec<Condition>),
    /// This does not hold.
    Not(Box<Condition>),
}

/// What a fact's value must be.
#[derive(Debug, Clone, PartialEq)]
pub enum FactTest {
    /// Anything: the fact is there.
    Present,
    /// One of these values, ignoring case (`equals` is a list of one).
    OneOf(Vec<String>),
    /// Holds one of these words or phrases (a final `*` also takes longer words).
    Contains(Vec<String>),
    /// The value's first number compared with this one.
    Compare(Comparison, f64),
}

/// A numeric comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// Less than.
    Lt,
    /// Less than or equal.
    Le,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Ge,
}

impl Comparison {
    /// Whether `value` compares so with `bound`.
    pub fn holds(self, value: f64, bound: f64) -> bool {
        match self {
            Comparison::Lt => value < bound,
            Comparison::Le => value <= bound,
            Comparison::Gt => value > bound,
            Comparison::Ge => value >= bound,
        }
    }
}

/// The placeholders a question's text may use: what its rule's evidence always fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fills {
    /// `{value}`, `{label}` and `{document}`: a fact.
    pub fact: bool,
    /// `{other_value}`: a second value (conflict or ambiguity).
    pub other_value: bool,
    /// `{match}`: the word a `contains` test found.
    pub matched: bool,
}

impl Fills {
    const NONE: Fills = Fills {
        fact: false,
        other_value: false,
        matched: false,
    };

    fn union(self, other: Fills) -> Fills {
        Fills {
            fact: self.fact || other.fact,
            other_value: self.other_value || other.other_value,
            matched: self.matched || other.matched,
        }
    }

    fn intersection(self, other: Fills) -> Fills {
        Fills {
            fact: self.fact && other.fact,
            other_value: self.other_value && other.other_value,
            matched: self.matched && other.matched,
        }
    }
}

impl Condition {
    /// The placeholders every match of this condition can fill.
    pub fn fills(&self) -> Fills {
        match self {
            Condition::Fact { test, .. } => Fills {
                fact: true,
                other_value: false,
                matched: matches!(test, FactTest::Contains(_)),
            },
            Condition::FactAmbiguous(_) | Condition::FactConflict(_) => Fills {
                fact: true,
                other_value: true,
                matched: false,
            },
            Condition::All(parts) => parts.iter().fold(Fills::NONE, |a, c| a.union(c.fills())),
            Condition::Any(parts) => parts
                .iter()
                .map(Condition::fills)
                .reduce(Fills::intersection)
                .unwrap_or(Fills::NONE),
            Condition::Always
            | Condition::CancerType(_)
            | Condition::ChecklistMissing(_)
            | Condition::Concern(_)
            | Condition::Not(_) => Fills::NONE,
        }
    }

    /// Calls `visit` on this condition and every condition inside it.
    pub fn walk(&self, visit: &mut dyn FnMut(&Condition)) {
        visit(self);
        match self {
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().for_each(|p| p.walk(visit));
            }
            Condition::Not(inner) => inner.walk(visit),
            _ => {}
        }
    }
}

impl TryFrom<Value> for Condition {
    type Error = String;

    fn try_from(value: Value) -> Result<Self, String> {
        match value {
            Value::String(word) if word == "always" => Ok(Condition::Always),
            Value::Object(map) => from_object(map),
            other => Err(format!("a rule is \"always\" or an object, not {other}")),
        }
    }
}

const FACT_TESTS: [&str; 7] = ["equals", "in", "contains", "lt", "le", "gt", "ge"];

fn from_object(mut map: Map<String, Value>) -> Result<Condition, String> {
    if let Some(name) = map.remove("fact") {
        let name = string(name, "fact")?;
        let test = fact_test(&mut map)?;
        if let Some(extra) = map.keys().next() {
            return Err(format!("fact {name}: unexpected key {extra}"));
        }
        return Ok(Condition::Fact { name, test });
    }
    let mut entries = map.into_iter();
    let (key, value) = match (entries.next(), entries.next()) {
        (Some(entry), None) => entry,
        _ => return Err("a rule object has exactly one key (or `fact` and its test)".into()),
    };
    Ok(match key.as_str() {
        "cancer_type" => Condition::CancerType(strings(value, &key)?),
        "fact_ambiguous" => Condition::FactAmbiguous(strings(value, &key)?),
        "fact_conflict" => Condition::FactConflict(strings(value, &key)?),
        "checklist_missing" => Condition::ChecklistMissing(string(value, &key)?),
        "concern" => Condition::Concern(strings(value, &key)?),
        "all" => Condition::All(conditions(value, &key)?),
        "any" => Condition::Any(conditions(value, &key)?),
        "not" => Condition::Not(Box::new(Condition::try_from(value)?)),
        other => return Err(format!("unknown rule {other}")),
    })
}

fn fact_test(map: &mut Map<String, Value>) -> Result<FactTest, String> {
    let mut found = FACT_TESTS
        .iter()
        .filter_map(|key| map.remove(*key).map(|value| (*key, value)));
    let Some((key, value)) = found.next() else {
        return Ok(FactTest::Present);
    };
    if let Some((second, _)) = found.next() {
        return Err(format!("a fact rule has one test, not {key} and {second}"));
    }
    let number = |value: Value| {
        value
            .as_f64()
            .ok_or_else(|| format!("{key} needs a number"))
    };
    Ok(match key {
        "equals" => FactTest::OneOf(vec![string(value, key)?]),
        "in" => FactTest::OneOf(strings(value, key)?),
        "contains" => FactTest::Contains(strings(value, key)?),
        "lt" => FactTest::Compare(Comparison::Lt, number(value)?),
        "le" => FactTest::Compare(Comparison::Le, number(value)?),
        "gt" => FactTest::Compare(Comparison::Gt, number(value)?),
        _ => FactTest::Compare(Comparison::Ge, number(value)?),
    })
}

fn string(value: Value, key: &str) -> Result<String, String> {
    match value {
        Value::String(text) if !text.trim().is_empty() => Ok(text),
        _ => Err(format!("{key} needs a non-empty string")),
    }
}

fn strings(value: Value, key: &str) -> Result<Vec<String>, String> {
    let Value::Array(items) = value else {
        return Err(format!("{key} needs a list"));
    };
    if items.is_empty() {
        return Err(format!("{key} needs a non-empty list"));
    }
    items.into_iter().map(|item| string(item, key)).collect()
}

fn conditions(value: Value, key: &str) -> Result<Vec<Condition>, String> {
    let Value::Array(items) = value else {
        return Err(format!("{key} needs a list of rules"));
    };
    if items.is_empty() {
        return Err(format!("{key} needs at least one rule"));
    }
    items.into_iter().map(Condition::try_from).collect()
}
