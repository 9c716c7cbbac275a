//! How fast the window shows content: the start screen's heading and its list of packets.
//! Printed for BENCHMARKS.md, not asserted: the time from the app being asked to start until
//! its WebDriver session is ready, the page's own time from the start of a load to the
//! packets shown, and, as an upper bound, the whole time from launch (which also holds the
//! harness's reload of the page with fresh preferences).

use crate::{harness, seed};

#[test]
fn the_start_screen_shows_its_packets_after_launch() {
    harness::run(
        "startup",
        |dir| {
            seed::case(dir, "Asha Verma");
        },
        |app| async move {
            app.find("[data-testid=case-list] li").await?;
            let shown = app.since_launch();
            // The page's own part: from the start of its (re)load to now.
            let in_page = app.evaluate("return performance.now();").await?;
            eprintln!(
                "startup: session ready {} ms; page load to packets shown {:.0} ms; \
                 launch to packets shown, with a reload, {} ms",
                app.session_ready().as_millis(),
                in_page.as_f64().unwrap_or_default(),
                shown.as_millis(),
            );
            let heading = app.text_of("h1").await?;
            if heading.is_empty() {
                return Err("the start screen has no heading".into());
            }
            Ok(())
        },
    );
}
