//! What a program of Carryall prints when it hits a bug: where, never what.
//!
//! Rust's standard panic message quotes the value that caused it, which in Carryall could be
//! a patient's name, a file name or a line of a document, and standard error often ends up in
//! logs (a terminal's scroll-back, a script's log file, the desktop's system journal).

/// Replaces the standard panic message with one naming only the source location. Call it
/// first thing in `main` of every front (after the worker check: the worker stays silent).
pub fn keep_panic_details_private() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|at| format!(" at {}:{}", at.file(), at.line()))
            .unwrap_or_default();
        eprintln!(
            "Carryall stopped because of an internal error{place}. This is a bug; please report \
             it. (Its details are left out because they could hold health data.)"
        );
    }));
}
