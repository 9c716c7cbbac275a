//! Saving the packet: removable drives offered first (none on a test machine, and the page
//! says what to do), and "Show in folder" beside the result, which explains a packet moved
//! away since.

use crate::{harness, seed};

/// Whether this machine has anything mounted where desktops mount USB drives.
fn drives_mounted() -> bool {
    let table = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    table
        .lines()
        .filter_map(|line| line.split_whitespace().nth(1))
        .any(|point| point.starts_with("/media/") || point.starts_with("/run/media/"))
}

#[test]
fn the_saved_packet_can_be_shown_in_its_folder_and_drives_are_looked_for() {
    let inbox = tempfile::tempdir().expect("a folder of documents");
    let letter = inbox.path().join("letter.pdf");
    std::fs::write(&letter, b"%PDF-1.4 a referral letter").unwrap();
    let letter = letter.to_str().unwrap().to_owned();
    let packet = inbox.path().join("packet.zip");
    let packet_typed = packet.to_str().unwrap().to_owned();
    harness::run(
        "export_screen",
        |dir| {
            seed::case(dir, "Asha Verma");
        },
        |app| async move {
            app.click("[aria-label='Open the packet for Asha Verma']")
                .await?;
            // The drives are looked for after the screen shows; wait for the answer.
            if !drives_mounted() {
                app.wait_for_text("No USB drive or memory card is plugged in")
                    .await?;
            }
            app.click("[data-testid=look-for-drives]").await?;
            app.fill("test-paths", &letter).await?;
            app.click("[data-testid=add-test-paths]").await?;
            app.wait_for_text("1 added").await?;
            app.fill("export-path", &packet_typed).await?;
            app.click("[data-testid=export-test-path]").await?;
            app.wait_for_text("The packet is saved as packet.zip (")
                .await?;
            let button = app.text_of("[data-testid=show-in-folder]").await?;
            if button != "Show in folder" {
                return Err(format!("the button reads {button:?}").into());
            }
            app.check_accessibility("packet saved, with show in folder")
                .await?;
            // Moved away since: the app says so plainly instead of opening nothing.
            std::fs::remove_file(&packet)?;
            app.click("[data-testid=show-in-folder]").await?;
            app.wait_for_text("could not be shown in its folder")
                .await?;
            app.wait_for_text("It may have been moved or deleted")
                .await?;
            Ok(())
        },
    );
}
