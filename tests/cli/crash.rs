//! Crash safety: `carryall add` killed at any moment leaves a store that checks clean, with no
//! half-written file and no row without its file.

use std::fs;
use std::process::Stdio;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::harness::{Cli, files_under};

#[cfg(unix)]
#[test]
fn killing_an_import_midway_leaves_no_half_files_and_no_orphan_rows() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Crash Person"]);
    let inbox = tempfile::tempdir().unwrap();
    for i in 0..40u8 {
        // 1.5 MiB each: several chunks per file, so kills land inside copies too.
        let body: Vec<u8> = (0..1_572_864u32).map(|j| (j as u8) ^ i).collect();
        fs::write(inbox.path().join(format!("scan-{i:02}.pdf")), body).unwrap();
    }
    for delay_ms in [5, 30, 80, 150, 300] {
        let mut child = cli
            .command()
            .args(["--data-dir", cli.data_dir().to_str().unwrap(), "add", &case])
            .arg(inbox.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();

        // Whatever is stored under a hash name is complete and matches its name.
        for file in files_under(&cli.data_dir().join("files/sha256")) {
            let name = file.file_name().unwrap().to_str().unwrap().to_owned();
            let actual: String = Sha256::digest(fs::read(&file).unwrap())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(
                actual, name,
                "after a kill at {delay_ms} ms, {file:?} is incomplete"
            );
        }
        // Re-opening clears abandoned copies; the check finds every recorded file intact.
        let check = cli.run(&["check", "--json"]).success().json();
        assert_eq!(check["ok"], true, "after a kill at {delay_ms} ms: {check}");
        let incoming = cli.data_dir().join("files/incoming");
        assert_eq!(
            files_under(&incoming).len(),
            0,
            "a half copy was left after {delay_ms} ms"
        );
        let docs = cli.run(&["docs", &case, "--json"]).success().json();
        assert_eq!(
            docs["documents"].as_array().unwrap().len(),
            check["files_checked"].as_u64().unwrap() as usize,
            "every row has its file and every file its row"
        );
    }
    // Finally an uninterrupted run completes the set: earlier documents are duplicates.
    let out = cli
        .run(&["add", &case, inbox.path().to_str().unwrap(), "--json"])
        .success()
        .json();
    assert_eq!(out["results"].as_array().unwrap().len(), 40);
    let docs = cli.run(&["docs", &case, "--json"]).success().json();
    assert_eq!(docs["documents"].as_array().unwrap().len(), 40);
}
