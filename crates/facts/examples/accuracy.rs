//! Measures the crate against labelled documents: category and per-fact accuracy.
//!
//! Usage: `cargo run -p carryall-facts --example accuracy -- LABELS TEXTS [-v]`
//!
//! `LABELS` is a `labels.json` as described in `tests/fixtures/README.md`; `TEXTS` is a folder
//! holding, for each labelled file, `<file name>.txt`: the extracted text with pages separated
//! by a form feed. A labelled value counts as right when the document's facts of that name
//! hold it (for a single value, the first fact of that name must be it). `-v` lists each miss.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use serde_json::Value;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let [labels, texts] = paths.as_slice() else {
        eprintln!("usage: accuracy LABELS TEXTS [-v]");
        return ExitCode::FAILURE;
    };
    let labels: Vec<Value> = match std::fs::read_to_string(labels)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
    {
        Ok(labels) => labels,
        Err(error) => {
            eprintln!("cannot read the labels: {error}");
            return ExitCode::FAILURE;
        }
    };

    let mut categories = (0, 0);
    let mut per_name: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for entry in &labels {
        let file = entry["file"].as_str().unwrap_or_default();
        let base = file.rsplit('/').next().unwrap_or(file);
        let path = Path::new(texts.as_str()).join(format!("{base}.txt"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("no text for {file}");
            continue;
        };
        let pages: Vec<&str> = text.split('\u{c}').collect();
        let understood = carryall_facts::understand(&pages);

        let wanted = entry["category"].as_str().unwrap_or_default();
        let got = understood.category.category.slug();
        categories.1 += 1;
        if got == wanted {
            categories.0 += 1;
        } else {
            println!(
                "CATEGORY {base}: wanted {wanted}, got {got} {:?}",
                understood.category.evidence
            );
        }

        let empty = serde_json::Map::new();
        let labelled = entry["facts"].as_object().unwrap_or(&empty);
        for (name, value) in labelled {
            let found: Vec<&str> = understood
                .facts
                .iter()
                .filter(|fact| fact.name() == name)
                .map(|fact| fact.value.as_str())
                .collect();
            let (wanted, single): (Vec<&str>, bool) = match value {
                Value::Array(values) => (values.iter().filter_map(Value::as_str).collect(), false),
                other => (other.as_str().into_iter().collect(), true),
            };
            let tally = per_name.entry(name.clone()).or_default();
            for value in &wanted {
                tally.1 += 1;
                let right = if single {
                    found.first() == Some(value)
                } else {
                    found.contains(value)
                };
                if right {
                    tally.0 += 1;
                } else if verbose {
                    println!("MISS {base} {name}: wanted {value:?}, got {found:?}");
                }
            }
            if verbose && !single {
                for extra in found.iter().filter(|f| !wanted.contains(f)) {
                    println!("EXTRA {base} {name}: {extra:?}");
                }
            }
        }
        if verbose {
            for fact in &understood.facts {
                if !labelled.contains_key(fact.name()) {
                    println!("UNLABELLED {base} {}: {:?}", fact.name(), fact.value);
                }
            }
        }
    }

    let (mut right, mut total) = (0, 0);
    println!("{:<26} {:>5} {:>5}", "fact", "right", "of");
    for (name, (r, t)) in &per_name {
        println!("{name:<26} {r:>5} {t:>5}");
        right += r;
        total += t;
    }
    println!("categories {}/{}", categories.0, categories.1);
    println!(
        "facts {right}/{total} ({:.1}%)",
        100.0 * right as f64 / total.max(1) as f64
    );
    ExitCode::SUCCESS
}
