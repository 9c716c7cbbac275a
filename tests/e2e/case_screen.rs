//! A packet's own screen: adding documents with progress and per-file results, removing one,
//! and deleting the packet.

use crate::{harness, seed};

#[test]
fn documents_are_added_from_a_folder_listed_removed_and_the_packet_deleted() {
    let inbox = tempfile::tempdir().expect("a folder of documents");
    let records = inbox.path().join("records");
    std::fs::create_dir_all(records.join("scans")).unwrap();
    std::fs::write(
        records.join("biopsy report.pdf"),
        b"%PDF-1.4\n% a biopsy report\n",
    )
    .unwrap();
    std::fs::write(records.join("scans/mri.pdf"), vec![b'%'; 300_000]).unwrap();
    std::fs::write(records.join("empty.pdf"), b"").unwrap();
    let folder = records.to_str().unwrap().to_owned();

    harness::run("case_screen", seed::asha_verma, |app| async move {
        app.click("[aria-label='Open the packet for Asha Verma']")
            .await?;
        app.find("[data-testid=case-title]").await?;
        app.find("[data-testid=no-documents]").await?;
        app.fill("test-paths", &folder).await?;
        app.click("[data-testid=add-test-paths]").await?;
        app.wait_for_text("2 added, 0 already in this packet, 1 not added.")
            .await?;
        let results = app
            .find("[data-testid=import-results]")
            .await?
            .text()
            .await?;
        for expected in [
            "Added: biopsy report.pdf",
            "Added: mri.pdf",
            "Not added: empty.pdf.",
            "The file is empty",
        ] {
            if !results.contains(expected) {
                return Err(format!("the results lack {expected:?}:\n{results}").into());
            }
        }
        let list = app
            .find("[data-testid=document-list]")
            .await?
            .text()
            .await?;
        if !(list.contains("biopsy report.pdf") && list.contains("mri.pdf")) {
            return Err(format!("the document list is wrong:\n{list}").into());
        }
        app.check_accessibility("case").await?;
        app.run_script("window.scrollTo(0, 0);").await?;
        app.screenshot("case-with-documents").await;

        app.click("[aria-label='Remove mri.pdf']").await?;
        app.wait_for_text("mri.pdf was removed from this packet.")
            .await?;
        let list = app
            .find("[data-testid=document-list]")
            .await?
            .text()
            .await?;
        if list.contains("mri.pdf") {
            return Err(format!("mri.pdf is still listed:\n{list}").into());
        }

        app.click("[data-testid=delete-case]").await?;
        app.click("[data-testid=confirm-delete]").await?;
        app.wait_for_text("The packet for Asha Verma was deleted.")
            .await?;
        app.find("[data-testid=no-cases]").await?;
        Ok(())
    });
}

#[test]
fn adding_the_same_file_twice_says_it_is_already_there() {
    let inbox = tempfile::tempdir().expect("a folder of documents");
    let file = inbox.path().join("letter.pdf");
    std::fs::write(&file, b"%PDF-1.4 a referral letter").unwrap();
    let path = file.to_str().unwrap().to_owned();
    harness::run("duplicate_import", seed::asha_verma, |app| async move {
        app.click("[aria-label='Open the packet for Asha Verma']")
            .await?;
        app.fill("test-paths", &path).await?;
        app.click("[data-testid=add-test-paths]").await?;
        app.wait_for_text("1 added, 0 already in this packet, 0 not added.")
            .await?;
        app.click("[data-testid=add-test-paths]").await?;
        app.wait_for_text("0 added, 1 already in this packet, 0 not added.")
            .await?;
        app.wait_for_text("Already in this packet: letter.pdf")
            .await?;
        let kind = "[aria-label='Kind of document: letter.pdf']";
        app.select(kind, "treatment_plan").await?;
        app.wait_for_text("letter.pdf is now filed as: Treatment advice or plan.")
            .await?;
        Ok(())
    });
}

#[test]
fn a_packet_is_saved_shown_with_its_fingerprint_and_checked() {
    let inbox = tempfile::tempdir().expect("a folder of documents");
    std::fs::write(
        inbox.path().join("consult note.pdf"),
        b"%PDF-1.4 proposed: mastectomy",
    )
    .unwrap();
    let file = inbox
        .path()
        .join("consult note.pdf")
        .to_str()
        .unwrap()
        .to_owned();
    let packet = inbox.path().join("packet.zip");
    let packet_path = packet.to_str().unwrap().to_owned();
    let tampered = inbox.path().join("tampered.zip");
    let tampered_path = tampered.to_str().unwrap().to_owned();
    harness::run("export_and_verify", seed::asha_verma, |app| async move {
        app.click("[aria-label='Open the packet for Asha Verma']")
            .await?;
        app.fill("test-paths", &file).await?;
        app.click("[data-testid=add-test-paths]").await?;
        app.wait_for_text("1 added").await?;
        app.fill("export-path", &packet_path).await?;
        app.click("[data-testid=export-test-path]").await?;
        app.wait_for_text("The packet is saved as packet.zip (")
            .await?;
        let shown = app
            .find("[data-testid=export-result]")
            .await?
            .text()
            .await?;
        let sidecar = std::fs::read_to_string(format!("{packet_path}.sha256"))?;
        let sha256 = sidecar.split_whitespace().next().unwrap_or_default();
        let first_group = &sha256[..4];
        if !shown.contains(first_group) {
            return Err(format!("the fingerprint {sha256} is not shown:\n{shown}").into());
        }
        app.check_accessibility("packet saved").await?;
        app.screenshot("packet-saved").await;
        app.click("[data-testid=check-export]").await?;
        // The document, the two question lists, the summary and the FHIR bundle (a PDF with
        // no text layer gets no text file).
        app.wait_for_text("The packet is intact: all 5 files match their fingerprints.")
            .await?;

        // A copy with one changed byte, checked from the start screen.
        let mut bytes = std::fs::read(&packet_path)?;
        let at = bytes
            .windows(10)
            .position(|w| w == b"mastectomy")
            .ok_or("document bytes not found")?;
        bytes[at] ^= 0x20;
        std::fs::write(&tampered_path, bytes)?;
        app.click("[data-testid=back]").await?;
        app.click("[data-testid=verify-packet]").await?;
        app.fill("verify-path", &tampered_path).await?;
        app.click("[data-testid=verify-test-path]").await?;
        app.wait_for_text("This packet has problems.").await?;
        app.wait_for_text("consult note.pdf").await?;
        app.check_accessibility("check a packet").await?;
        app.screenshot("verify-problems").await;
        Ok(())
    });
}

#[test]
fn a_packet_too_big_to_email_says_so_with_what_to_do() {
    let inbox = tempfile::tempdir().expect("a folder of documents");
    // 19 MiB that do not compress: over the 18 MB email limit once in the packet.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut bytes = b"%PDF-1.4 ".to_vec();
    while bytes.len() < 19 << 20 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    let file = inbox.path().join("large scan.pdf");
    std::fs::write(&file, bytes).unwrap();
    let file = file.to_str().unwrap().to_owned();
    let packet = inbox.path().join("big.zip").to_str().unwrap().to_owned();
    harness::run("export_size_warning", seed::asha_verma, |app| async move {
        app.click("[aria-label='Open the packet for Asha Verma']")
            .await?;
        app.fill("test-paths", &file).await?;
        app.click("[data-testid=add-test-paths]").await?;
        app.wait_for_text("1 added").await?;
        app.fill("export-path", &packet).await?;
        app.click("[data-testid=export-test-path]").await?;
        app.wait_for_text("The packet is saved as big.zip (")
            .await?;
        app.find("[data-testid=export-size-warnings] [data-warning=email]")
            .await?;
        app.wait_for_text("This packet is large:").await?;
        app.wait_for_text("too big to send by email").await?;
        let limits = app
            .evaluate(
                "return [...document.querySelectorAll('[data-testid=export-size-warnings] li')]\
                 .map(li => li.dataset.warning);",
            )
            .await?;
        if limits != serde_json::json!(["email"]) {
            return Err(format!("only the email limit is passed, not {limits}").into());
        }
        app.check_accessibility("packet too big to email").await?;
        Ok(())
    });
}

#[test]
fn the_checklist_shows_what_is_missing_and_follows_documents_and_marks() {
    let inbox = tempfile::tempdir().expect("a folder of documents");
    std::fs::write(inbox.path().join("biopsy.pdf"), b"%PDF-1.4 core biopsy").unwrap();
    let file = inbox.path().join("biopsy.pdf").to_str().unwrap().to_owned();
    harness::run("checklist", seed::asha_verma, |app| async move {
        app.click("[aria-label='Open the packet for Asha Verma']")
            .await?;
        app.wait_for_text("Ready: 0 of 3 required records").await?;
        app.click("[data-testid=ask-imaging_reports]").await?;
        app.fill("note-imaging_reports", "City Radiology").await?;
        app.click("[data-item=imaging_reports] button[type=submit]")
            .await?;
        app.wait_for_text("Asked City Radiology on").await?;
        app.fill("test-paths", &file).await?;
        app.click("[data-testid=add-test-paths]").await?;
        app.wait_for_text("1 added").await?;
        app.select("[aria-label='Kind of document: biopsy.pdf']", "pathology")
            .await?;
        app.wait_for_text("Ready: 1 of 3 required records").await?;
        app.check_accessibility("case with checklist").await?;
        app.screenshot("checklist").await;
        Ok(())
    });
}
