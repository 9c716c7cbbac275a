//! Turns a panic inside a third-party parser into an ordinary failure.

use std::panic::{AssertUnwindSafe, catch_unwind};

/// Runs `parse`, treating a panic like an error result (`None`).
///
/// The parser's state is dropped with the panic, so nothing half-built is reused.
pub(crate) fn without_panics<T, E>(parse: impl FnOnce() -> Result<T, E>) -> Option<T> {
    catch_unwind(AssertUnwindSafe(parse)).ok()?.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_and_panics_become_options() {
        assert_eq!(without_panics(|| Ok::<_, ()>(7)), Some(7));
        assert_eq!(without_panics(|| Err::<u8, _>("bad")), None);
        let panicking = || -> Result<u8, ()> { panic!("hostile input") };
        assert_eq!(without_panics(panicking), None);
    }
}
