//! Arbitrary text through document understanding: classification, the document date (with
//! its DD/MM or MM/DD ambiguity) and every key fact. The input is split into pages at form
//! feeds, as extracted text is. Besides not panicking, the answer must keep its documented
//! promises: a confidence from 0 to 1, and every fact on a page that exists.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let pages: Vec<&str> = text.split('\u{000C}').collect();
    let understanding = carryall_facts::understand(&pages);
    let confidence = understanding.category.confidence;
    assert!((0.0..=1.0).contains(&confidence), "confidence {confidence}");
    for fact in &understanding.facts {
        assert!(
            (1..=pages.len()).contains(&(fact.page as usize)),
            "fact {} on page {} of {}",
            fact.name(),
            fact.page,
            pages.len()
        );
    }
    let _ = understanding.document_date();
    let _ = understanding.date_is_ambiguous();
});
