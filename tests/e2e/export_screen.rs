//! Saving the packet: removable drives offered first (none on a test machine, and the page
//! says what to do), "Show in folder" beside the result, which explains a packet moved away
//! since, and a case's scan discs put in a second packet.

use std::path::Path;

use carryall_app::kiosk::{self, KioskChanges};

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
            let choice = app
                .evaluate("return document.querySelector('[data-testid=discs-apart]') === null;")
                .await?;
            if choice != serde_json::Value::Bool(true) {
                return Err("a case without a scan disc is offered to put its discs apart".into());
            }
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

/// A folder of records as a person might have it, in `dir`: a letter, and the scan disc
/// fixture copied beside it; returns its path as the test path box takes it.
fn records_with_a_disc(dir: &Path) -> String {
    let records = dir.join("records");
    copy_folder(
        Path::new(&seed::fixture("tests/fixtures/dicom/disc-ct")),
        &records.join("disc-ct"),
    );
    std::fs::write(records.join("letter.pdf"), b"%PDF-1.4 a referral letter").unwrap();
    records.to_str().unwrap().to_owned()
}

/// Copies the folder `from` (files and folders only) to `to`.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder for the copy");
    for entry in std::fs::read_dir(from).expect("the folder to copy") {
        let entry = entry.expect("a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("its type").is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a file copied");
        }
    }
}

/// The packet's SHA-256 as its `.sha256` file gives it.
fn sidecar_sha256(packet: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let mut name = packet.as_os_str().to_owned();
    name.push(".sha256");
    let sidecar = std::fs::read_to_string(Path::new(&name))?;
    Ok(sidecar
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned())
}

#[test]
fn a_case_with_a_scan_disc_can_go_out_as_two_packets_that_both_verify() {
    let outbox = tempfile::tempdir().expect("a folder for the packets");
    let inbox_typed = records_with_a_disc(outbox.path());
    let packet = outbox.path().join("packet.zip");
    let discs_packet = outbox.path().join("packet-scan-discs.zip");
    let packet_typed = packet.to_str().unwrap().to_owned();
    harness::run(
        "export_discs_apart",
        |dir| {
            seed::case(dir, "Asha Verma");
        },
        |app| async move {
            app.click("[aria-label='Open the packet for Asha Verma']")
                .await?;
            app.fill("test-paths", &inbox_typed).await?;
            app.click("[data-testid=add-test-paths]").await?;
            app.wait_for_text("2 added, 0 already in this packet, 0 not added.")
                .await?;
            app.wait_for_text("Put the scan discs in a second packet (for a provider whose upload limit is small)")
                .await?;
            app.click("[data-testid=discs-apart]").await?;
            app.fill("export-path", &packet_typed).await?;
            app.click("[data-testid=export-test-path]").await?;
            app.wait_for_text("Your two packets are ready").await?;
            let focused = app.focused().await?;
            if focused != "export-result-heading" {
                return Err(format!("focus should move to the result, not {focused:?}").into());
            }
            for (file, part) in [(&packet, "documents"), (&discs_packet, "discs")] {
                let check = carryall_app::export::verify_packet(file, None)?;
                if !check.is_ok() {
                    return Err(format!(
                        "{} does not verify: {:?}",
                        file.display(),
                        check.problems
                    )
                    .into());
                }
                let shown = app
                    .text_of(&format!("[data-part={part}] [data-testid=fingerprint]"))
                    .await?;
                let shown: String = shown.split_whitespace().collect();
                let sha256 = sidecar_sha256(file)?;
                if shown != sha256 {
                    return Err(
                        format!("the {part} packet shows {shown}, its file is {sha256}").into(),
                    );
                }
            }
            let panel = app.text_of("[data-testid=export-result]").await?;
            for expected in [
                "Packet 1 of 2: the documents",
                "The packet is saved as packet.zip (",
                "Packet 2 of 2: the scan discs",
                "The packet is saved as packet-scan-discs.zip (",
            ] {
                if !panel.contains(expected) {
                    return Err(format!("the result lacks {expected:?}:\n{panel}").into());
                }
            }
            app.check_accessibility("two packets saved").await?;
            app.screenshot("export-discs-apart").await;
            app.click("[data-part=discs] [data-testid=check-export]")
                .await?;
            app.wait_for_text("The packet is intact").await?;
            Ok(())
        },
    );
}

#[test]
fn a_kiosk_puts_the_scan_discs_apart_in_the_staff_folder_only() {
    let outside = tempfile::tempdir().expect("a folder outside the data folder");
    let staff = outside.path().join("staff-packets");
    std::fs::create_dir(&staff).unwrap();
    let records = records_with_a_disc(outside.path());
    let (staff, records) = (&staff, &records);
    // A kiosk adds documents only from a USB drive: the records folder counts as one.
    harness::run_with_env(
        "kiosk_discs_apart",
        &[("CARRYALL_TEST_DRIVES", records.as_str())],
        |dir| {
            let changes = KioskChanges {
                enabled: Some(true),
                pin: Some("2468".to_owned()),
                export_folder: Some(Some(staff.clone())),
                idle: None,
            };
            kiosk::configure(dir, &changes).expect("the kiosk is set up");
        },
        |app| async move {
            app.click("[data-testid=kiosk-begin]").await?;
            app.fill("patient-name", "Kiosk Patient").await?;
            app.click("[data-testid=create-case]").await?;
            app.fill("test-paths", records).await?;
            app.click("[data-testid=add-test-paths]").await?;
            app.wait_for_text("2 added, 0 already in this packet, 0 not added.")
                .await?;
            app.click("[data-testid=discs-apart]").await?;
            app.click("[data-testid=export-staff-folder]").await?;
            app.wait_for_text("Your two packets are ready").await?;
            let mut saved: Vec<String> = std::fs::read_dir(staff)?
                .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect::<Result<_, _>>()?;
            saved.sort();
            let expected = [
                "SecondOpinion-Kiosk-Patient-scan-discs.zip",
                "SecondOpinion-Kiosk-Patient-scan-discs.zip.sha256",
                "SecondOpinion-Kiosk-Patient.zip",
                "SecondOpinion-Kiosk-Patient.zip.sha256",
            ];
            if saved != expected {
                return Err(format!("the staff folder holds {saved:?}").into());
            }
            for name in [expected[0], expected[2]] {
                let check = carryall_app::export::verify_packet(&staff.join(name), None)?;
                if !check.is_ok() {
                    return Err(format!("{name} does not verify: {:?}", check.problems).into());
                }
            }
            let opens_files = app
                .evaluate("return !!document.querySelector('[data-testid=show-in-folder]');")
                .await?;
            if opens_files != false {
                return Err("a kiosk must not open the file manager".into());
            }
            app.check_accessibility("kiosk, two packets saved").await?;
            Ok(())
        },
    );
}

#[test]
fn a_packet_too_big_because_of_its_disc_suggests_putting_the_disc_apart() {
    let outside = tempfile::tempdir().expect("a folder for the records and packets");
    let records = records_with_a_disc(outside.path());
    // 19 MiB that do not compress, on the disc: the whole packet is over the 18 MB email limit.
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut bytes = Vec::with_capacity(19 << 20);
    while bytes.len() < 19 << 20 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    std::fs::write(Path::new(&records).join("disc-ct/DICOM/LARGE"), bytes).unwrap();
    let whole = outside
        .path()
        .join("whole.zip")
        .to_str()
        .unwrap()
        .to_owned();
    let apart = outside
        .path()
        .join("apart.zip")
        .to_str()
        .unwrap()
        .to_owned();
    let (records, whole, apart) = (&records, &whole, &apart);
    harness::run(
        "export_suggests_discs_apart",
        |dir| {
            seed::case(dir, "Asha Verma");
        },
        |app| async move {
            app.click("[aria-label='Open the packet for Asha Verma']")
                .await?;
            app.fill("test-paths", records).await?;
            app.click("[data-testid=add-test-paths]").await?;
            app.wait_for_text("2 added, 0 already in this packet, 0 not added.")
                .await?;
            app.fill("export-path", whole).await?;
            app.click("[data-testid=export-test-path]").await?;
            app.wait_for_text("too big to send by email").await?;
            app.find("[data-part=whole] [data-testid=suggest-discs-apart]")
                .await?;
            app.check_accessibility("packet too big, with the suggestion")
                .await?;

            app.click("[data-testid=discs-apart]").await?;
            app.find("#export-path").await?.clear().await?;
            app.fill("export-path", apart).await?;
            app.click("[data-testid=export-test-path]").await?;
            app.wait_for_text("Your two packets are ready").await?;
            let warned = app
                .evaluate(
                    "return [...document.querySelectorAll('[data-testid=export-size-warnings]')]\
                     .map(w => w.closest('[data-part]').dataset.part);",
                )
                .await?;
            if warned != serde_json::json!(["discs"]) {
                return Err(format!("only the discs packet is too big, not {warned}").into());
            }
            let suggested = app
                .evaluate(
                    "return document.querySelector('[data-testid=suggest-discs-apart]') === null;",
                )
                .await?;
            if suggested != true {
                return Err("two packets were written, yet the choice is still suggested".into());
            }
            Ok(())
        },
    );
}
