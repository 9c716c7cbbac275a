//! Fault injection (issue 9): `carryall` killed with SIGKILL at seeded random moments during
//! import and export, a full disk during both (a capped file size; and, where user namespaces
//! allow, a small private tmpfs that really fills up), a read-only data directory, and one
//! whose path has spaces and non-ASCII letters. After every fault the store passes `carryall
//! check`, every document stored before is still listed with its hash and its stored bytes,
//! and no file sits at a packet's name unless it is complete and verifies. Tests this machine
//! cannot run (no namespaces) print why and pass.
//!
//! `CARRYALL_FAULT_RUNS` sets how many kills each kill test makes (default 10, which keeps the
//! normal test run short); `CARRYALL_FAULT_SEED` replays a schedule (the seed is printed, and
//! named in every failure). `scripts/fault-injection` runs 100 kills of each and prints the
//! figures.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::harness::{Cli, Run, finish};

/// Kills per kill test when `CARRYALL_FAULT_RUNS` is not set.
const DEFAULT_RUNS: usize = 10;

/// The schedule's seed when `CARRYALL_FAULT_SEED` is not set.
const DEFAULT_SEED: u64 = 0x0C0F_FEE5_EED5;

/// A seeded random schedule of kill moments (SplitMix64: small, and the same on every
/// machine, so a seed replays the same moments relative to the calibrated duration).
struct Schedule {
    seed: u64,
    runs: usize,
    state: u64,
}

impl Schedule {
    fn from_env(test: &str) -> Schedule {
        let number = |name: &str| {
            std::env::var(name).ok().map(|text| {
                text.trim()
                    .parse::<u64>()
                    .unwrap_or_else(|_| panic!("{name} must be a whole number, not {text:?}"))
            })
        };
        let seed = number("CARRYALL_FAULT_SEED").unwrap_or(DEFAULT_SEED);
        let runs = number("CARRYALL_FAULT_RUNS").map_or(DEFAULT_RUNS, |n| n as usize);
        eprintln!("{test}: seed {seed}, {runs} kills (replay with CARRYALL_FAULT_SEED={seed})");
        Schedule {
            seed,
            runs,
            state: seed,
        }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number from 0 to `bound` - 1.
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    /// A moment from 1 ms to half again `duration` (so some kills land after the end): by a
    /// coin toss, evenly spread either on a log scale (the first milliseconds, when files are
    /// copied, get as many kills as the long reading that follows) or in time (the last
    /// moments, flush and renames, get their share).
    fn moment_within(&mut self, duration: Duration) -> Duration {
        let longest = (duration.as_secs_f64() * 1.5).max(0.002);
        let shortest: f64 = 0.001;
        let fraction = self.below(1 << 20) as f64 / f64::from(1 << 20);
        let seconds = if self.below(2) == 0 {
            shortest * (longest / shortest).powf(fraction)
        } else {
            shortest + (longest - shortest) * fraction
        };
        Duration::from_secs_f64(seconds)
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/documents")
        .join(relative)
}

/// Real PDFs, so that kills also land while documents are being read.
const PDFS: [&str; 2] = [
    "reportlab/lung-biopsy-hyderabad.pdf",
    "fpdf2/brca-germline-report.pdf",
];

/// Fills `inbox` with documents no earlier call made (`salt` differs): `count` scans of
/// `size` bytes and the real PDFs with the salt appended after their end.
fn fill_inbox(inbox: &Path, salt: &str, count: usize, size: usize) {
    for (i, pdf) in PDFS.iter().enumerate() {
        let mut bytes = fs::read(fixture(pdf)).unwrap();
        bytes.extend_from_slice(format!("\n% {salt}\n").as_bytes());
        fs::write(inbox.join(format!("report-{i}.pdf")), bytes).unwrap();
    }
    for i in 0..count {
        // Not a real PDF (no header): it is stored, then refused quickly by the reader.
        let mut body = format!("{salt} scan {i}\n").into_bytes();
        body.extend((0..size as u32).map(|j| (j as u8) ^ (j >> 9) as u8 ^ i as u8));
        fs::write(inbox.join(format!("scan-{i:02}.pdf")), body).unwrap();
    }
}

/// The case's documents: id to SHA-256.
fn listed(cli: &Cli, case: &str) -> BTreeMap<String, String> {
    let docs = cli.run(&["docs", case, "--json"]).success().json();
    docs["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_owned(),
                d["sha256"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// After a fault: the check passes, every document in `known` is still listed with its hash,
/// every listed document's stored bytes match it, and no half copy is left; then `known`
/// becomes what is listed now.
fn assert_store_intact(cli: &Cli, case: &str, known: &mut BTreeMap<String, String>, at: &str) {
    let check = cli.run(&["check", "--json"]).success().json();
    assert_eq!(check["ok"], true, "{at}: {check}");
    let now = listed(cli, case);
    for (id, sha256) in known.iter() {
        assert_eq!(
            now.get(id),
            Some(sha256),
            "{at}: the earlier document {id} is gone or changed"
        );
    }
    for sha256 in now.values() {
        let stored = cli
            .data_dir()
            .join("files/sha256")
            .join(&sha256[..2])
            .join(sha256);
        let bytes = fs::read(&stored).unwrap_or_else(|e| panic!("{at}: {stored:?}: {e}"));
        assert_eq!(&sha256_hex(&bytes), sha256, "{at}: {stored:?} changed");
    }
    assert!(
        crate::harness::files_under(&cli.data_dir().join("files/incoming")).is_empty(),
        "{at}: a half copy was left in files/incoming"
    );
    *known = now;
}

/// Runs `command`, killing it with SIGKILL after `delay`; true when it was still running.
fn kill_after(mut command: Command, delay: Duration) -> bool {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let running = child.try_wait().unwrap().is_none();
    if running {
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();
    }
    running
}

fn carryall(cli: &Cli, args: &[&str]) -> Command {
    let mut command = cli.command();
    command.arg("--data-dir").arg(cli.data_dir()).args(args);
    command
}

#[test]
fn import_killed_at_random_moments_keeps_every_earlier_document_intact() {
    let mut schedule = Schedule::from_env("import kills");
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Fault Person"]);
    let inbox = tempfile::tempdir().unwrap();
    let inbox_path = inbox.path().to_str().unwrap();

    // The earlier documents, imported without a fault; their duration sets the kill window.
    fill_inbox(inbox.path(), "earlier", 12, 256 * 1024);
    let started = Instant::now();
    cli.run(&["add", &case, inbox_path]).success();
    let full = started.elapsed();
    let mut known = listed(&cli, &case);
    assert_eq!(known.len(), 14);

    let mut killed = 0;
    // Kills after which none, some or all of that run's 14 new documents were kept.
    let mut kept = [0usize; 3];
    for run in 0..schedule.runs {
        for entry in fs::read_dir(inbox.path()).unwrap() {
            fs::remove_file(entry.unwrap().path()).unwrap();
        }
        fill_inbox(inbox.path(), &format!("run {run}"), 12, 256 * 1024);
        let delay = schedule.moment_within(full);
        let before = known.len();
        if kill_after(carryall(&cli, &["add", &case, inbox_path]), delay) {
            killed += 1;
        }
        let at = format!(
            "seed {}, kill {run} at {} ms of {} ms",
            schedule.seed,
            delay.as_millis(),
            full.as_millis()
        );
        assert_store_intact(&cli, &case, &mut known, &at);
        let new = known.len() - before;
        kept[usize::from(new > 0) + usize::from(new == 14)] += 1;
        eprintln!("{at}: {new} new documents kept");
    }
    // An uninterrupted import after all the kills completes the last set.
    let out = cli
        .run(&["add", &case, inbox_path, "--json"])
        .success()
        .json();
    assert_eq!(out["results"].as_array().unwrap().len(), 14);
    assert_store_intact(&cli, &case, &mut known, "after the last kill");
    println!(
        "fault injection, import: seed {}, {} kills ({} while running) within {} ms imports; \
         new documents kept: none {}, some {}, all {}; check ok and earlier documents intact \
         after every one; {} documents at the end",
        schedule.seed,
        schedule.runs,
        killed,
        full.as_millis(),
        kept[0],
        kept[1],
        kept[2],
        known.len()
    );
}

/// What a kill during export left at the packet's name.
#[derive(Default)]
struct ExportOutcomes {
    /// Kills made while an older packet stood at the target name.
    over_earlier: usize,
    nothing: usize,
    earlier_packet: usize,
    complete_with_sidecar: usize,
    complete_without_sidecar: usize,
    part_files_left: usize,
}

#[test]
fn export_killed_at_random_moments_leaves_no_packet_or_a_complete_one() {
    let mut schedule = Schedule::from_env("export kills");
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Fault Person", "--cancer-type", "lung"]);
    let inbox = tempfile::tempdir().unwrap();
    fill_inbox(inbox.path(), "export", 10, 1024 * 1024);
    cli.run(&["add", &case, inbox.path().to_str().unwrap()])
        .success();
    let mut known = listed(&cli, &case);

    // Another case's packet, to stand at the target name before some of the kills.
    let other = cli.new_case(&["--patient", "Other Person"]);
    let other_inbox = tempfile::tempdir().unwrap();
    fill_inbox(other_inbox.path(), "other", 1, 1024);
    cli.run(&["add", &other, other_inbox.path().to_str().unwrap()])
        .success();
    let earlier = tempfile::tempdir().unwrap();
    let earlier_packet = earlier.path().join("packet.zip");
    let exported = cli
        .run(&[
            "export",
            &other,
            "--out",
            earlier_packet.to_str().unwrap(),
            "--json",
        ])
        .success()
        .json();
    let earlier_sha256 = exported["sha256"].as_str().unwrap().to_owned();

    let out = tempfile::tempdir().unwrap();
    let packet = out.path().join("packet.zip");
    let sidecar = out.path().join("packet.zip.sha256");
    let packet_arg = packet.to_str().unwrap();
    // The kill window: the longest of three uninterrupted exports (one alone can be quick).
    let mut full = Duration::ZERO;
    let mut complete_sha256 = String::new();
    for _ in 0..3 {
        let started = Instant::now();
        let exported = cli
            .run(&["export", &case, "--out", packet_arg, "--json"])
            .success()
            .json();
        full = full.max(started.elapsed());
        complete_sha256 = exported["sha256"].as_str().unwrap().to_owned();
    }

    let mut outcomes = ExportOutcomes::default();
    for run in 0..schedule.runs {
        let _ = fs::remove_file(&packet);
        let _ = fs::remove_file(&sidecar);
        let earlier_in_place = schedule.below(2) == 1;
        if earlier_in_place {
            outcomes.over_earlier += 1;
            fs::copy(&earlier_packet, &packet).unwrap();
            fs::copy(earlier.path().join("packet.zip.sha256"), &sidecar).unwrap();
        }
        let delay = schedule.moment_within(full);
        kill_after(
            carryall(&cli, &["export", &case, "--out", packet_arg]),
            delay,
        );
        let at = format!(
            "seed {}, kill {run} at {} ms of {} ms{}",
            schedule.seed,
            delay.as_millis(),
            full.as_millis(),
            if earlier_in_place {
                " over an earlier packet"
            } else {
                ""
            }
        );

        let mut names: Vec<String> = fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        for name in &names {
            if name.starts_with('.') {
                assert!(
                    name.starts_with(".carryall-") && name.ends_with(".part"),
                    "{at}: unexpected hidden file {name}"
                );
                outcomes.part_files_left += 1;
                fs::remove_file(out.path().join(name)).unwrap();
            } else {
                assert!(
                    name == "packet.zip" || name == "packet.zip.sha256",
                    "{at}: unexpected file {name} beside the packet"
                );
            }
        }
        if packet.exists() {
            let verified = cli.run(&["verify", packet_arg, "--json"]).json();
            assert_eq!(verified["ok"], true, "{at}: {verified}");
            let sha256 = verified["sha256"].as_str().unwrap();
            let sidecar_verdict = verified["sidecar"].as_str().unwrap();
            if sha256 == earlier_sha256 && earlier_in_place {
                // Its sidecar goes just before the new packet takes the name.
                assert!(
                    matches!(sidecar_verdict, "match" | "absent"),
                    "{at}: the earlier packet's sidecar says {sidecar_verdict}"
                );
                outcomes.earlier_packet += 1;
            } else {
                assert_eq!(sha256, complete_sha256, "{at}: the packet is not complete");
                match sidecar_verdict {
                    "match" => outcomes.complete_with_sidecar += 1,
                    "absent" => outcomes.complete_without_sidecar += 1,
                    verdict => panic!("{at}: the sidecar says {verdict}"),
                }
            }
        } else {
            assert!(!sidecar.exists(), "{at}: a sidecar without its packet");
            outcomes.nothing += 1;
        }
        assert_store_intact(&cli, &case, &mut known, &at);
    }
    println!(
        "fault injection, export: seed {}, {} kills ({} over an earlier packet) within {} ms \
         exports: no packet {}, \
         the earlier packet untouched {}, complete packet with matching sidecar {}, complete \
         packet without sidecar {}; hidden .part files left behind {}; store check ok after \
         every one",
        schedule.seed,
        schedule.runs,
        outcomes.over_earlier,
        full.as_millis(),
        outcomes.nothing,
        outcomes.earlier_packet,
        outcomes.complete_with_sidecar,
        outcomes.complete_without_sidecar,
        outcomes.part_files_left
    );
}

/// Runs `carryall --data-dir DIR ARGS...` with every file it writes capped at `kib` KiB
/// (RLIMIT_FSIZE, through the shell's `ulimit -f`), which stops a write as a full disk would;
/// SIGXFSZ is ignored, so the write fails with an error instead of killing the program.
fn run_with_file_cap(data_dir: &Path, kib: u64, args: &[&str]) -> Run {
    let output = Command::new("bash")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {kib}; exec \"$@\""))
        .arg("bash")
        .arg(env!("CARGO_BIN_EXE_carryall"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("CARRYALL_DATA_DIR")
        .output()
        .unwrap();
    finish(output)
}

#[test]
fn a_full_disk_during_import_gives_a_clear_error_and_loses_nothing() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Full Disk Person"]);
    let earlier = tempfile::tempdir().unwrap();
    fill_inbox(earlier.path(), "earlier", 4, 64 * 1024);
    cli.run(&["add", &case, earlier.path().to_str().unwrap()])
        .success();
    let mut known = listed(&cli, &case);

    let inbox = tempfile::tempdir().unwrap();
    let inbox_path = inbox.path().to_str().unwrap();
    fs::write(inbox.path().join("a-big-scan.pdf"), vec![7u8; 3 << 20]).unwrap();
    // From a cap the database itself runs into to one only the big copy does.
    for kib in [8, 64, 160, 1024] {
        fill_inbox(inbox.path(), &format!("cap {kib}"), 2, 32 * 1024);
        let at = format!("files capped at {kib} KiB");
        let run = run_with_file_cap(cli.data_dir(), kib, &["add", &case, inbox_path, "--json"]);
        assert_eq!(run.status, 1, "{at}: {}\n{}", run.stdout, run.stderr);
        let json = run.json();
        if let Some(results) = json["results"].as_array() {
            for message in results.iter().filter_map(|r| r["error"].as_str()) {
                assert!(
                    message.matches("Nothing was changed").count() <= 1,
                    "{at}: said twice: {message}"
                );
            }
            let big = &results[0];
            assert_eq!(big["status"], "rejected", "{at}: {json}");
            let message = big["error"].as_str().unwrap();
            assert!(
                message.contains("could not be saved") && message.contains("free space"),
                "{at}: {message}"
            );
        } else {
            assert_eq!(json["error"]["code"], "storage", "{at}: {json}");
            let message = json["error"]["message"].as_str().unwrap();
            assert!(
                message.contains("could not be read or saved"),
                "{at}: {message}"
            );
        }
        assert_store_intact(&cli, &case, &mut known, &at);
    }
    // With room again, everything goes in.
    cli.run(&["add", &case, inbox_path]).success();
    assert_store_intact(&cli, &case, &mut known, "with room again");
}

#[test]
fn a_full_disk_during_export_gives_a_clear_error_and_leaves_no_packet() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Full Disk Person"]);
    let inbox = tempfile::tempdir().unwrap();
    fill_inbox(inbox.path(), "export", 4, 1024 * 1024);
    cli.run(&["add", &case, inbox.path().to_str().unwrap()])
        .success();
    let mut known = listed(&cli, &case);
    let out = tempfile::tempdir().unwrap();
    let packet = out.path().join("packet.zip");
    let packet_arg = packet.to_str().unwrap();

    let run = run_with_file_cap(
        cli.data_dir(),
        1024,
        &["export", &case, "--out", packet_arg, "--json"],
    );
    assert_eq!(run.status, 1, "{}\n{}", run.stdout, run.stderr);
    let error = &run.json()["error"];
    assert_eq!(error["code"], "io", "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("could not be written") && message.contains("free space"),
        "{message}"
    );
    let left: Vec<_> = fs::read_dir(out.path()).unwrap().collect();
    assert!(left.is_empty(), "the failed export left {left:?}");
    assert_store_intact(&cli, &case, &mut known, "after the failed export");

    // With room again, the same export succeeds and verifies.
    cli.run(&["export", &case, "--out", packet_arg]).success();
    let verified = cli.run(&["verify", packet_arg, "--json"]).success().json();
    assert_eq!(verified["ok"], true, "{verified}");
}

/// Runs `carryall --data-dir DIR ARGS...` (any data directory, not a harness one).
fn run_in(data_dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_carryall"))
        .env_remove("CARRYALL_DATA_DIR")
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .output()
        .unwrap();
    finish(output)
}

#[test]
fn a_data_dir_with_spaces_and_non_ascii_letters_works_from_case_to_verified_packet() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("Données patient").join("डेटा");
    let data_dir = data.as_path();
    let inbox = root.path().join("Scans – März 2025");
    fs::create_dir_all(&inbox).unwrap();
    fill_inbox(&inbox, "odd place", 2, 16 * 1024);
    fs::write(
        inbox.join("Zoë's biopsy — 2 of 2.txt"),
        "ER positive ≥ 90%\n",
    )
    .unwrap();

    let created = run_in(
        data_dir,
        &["case", "new", "--patient", "Zoë Ñúñez", "--json"],
    )
    .success();
    let case = created.json()["id"].as_str().unwrap().to_owned();
    let added = run_in(data_dir, &["add", &case, inbox.to_str().unwrap(), "--json"])
        .success()
        .json();
    let results = added["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    assert!(results.iter().all(|r| r["status"] == "imported"), "{added}");
    let docs = run_in(data_dir, &["docs", &case, "--json"])
        .success()
        .json();
    assert_eq!(docs["documents"].as_array().unwrap().len(), 5);

    let packet = data.join("Paquets d'avis").join("dossier à envoyer.zip");
    fs::create_dir_all(packet.parent().unwrap()).unwrap();
    let packet_arg = packet.to_str().unwrap();
    run_in(data_dir, &["export", &case, "--out", packet_arg]).success();
    let verified = run_in(data_dir, &["verify", packet_arg, "--json"])
        .success()
        .json();
    assert_eq!(verified["ok"], true, "{verified}");
    assert_eq!(verified["sidecar"], "match", "{verified}");
    let check = run_in(data_dir, &["check", "--json"]).success().json();
    assert_eq!(check["ok"], true, "{check}");
    assert_eq!(check["files_checked"], 5, "{check}");
}

/// A way to make a data directory read-only for `carryall` without root's privileges.
enum ReadOnly {
    /// The folder's write permission removed (enough for a user without CAP_DAC_OVERRIDE).
    Permissions(PathBuf),
    /// A read-only bind mount of the folder over itself, in a private user and mount
    /// namespace (`unshare`), for root, whom permissions do not stop.
    Namespace(PathBuf),
}

impl ReadOnly {
    /// Makes `dir` read-only to `carryall`, or says why this machine cannot.
    fn make(dir: &Path) -> Result<ReadOnly, String> {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).unwrap();
        let probe = dir.join("write-probe");
        if fs::write(&probe, b"").is_err() {
            return Ok(ReadOnly::Permissions(dir.to_owned()));
        }
        fs::remove_file(&probe).unwrap();
        fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
        let namespaces = Command::new("unshare")
            .args(["--mount", "--map-root-user", "true"])
            .stderr(Stdio::null())
            .status();
        match namespaces {
            Ok(status) if status.success() => Ok(ReadOnly::Namespace(dir.to_owned())),
            _ => Err(
                "permissions do not stop this user's writes (root) and `unshare \
                      --mount --map-root-user` is not available for a read-only mount"
                    .to_owned(),
            ),
        }
    }

    /// Runs `carryall --data-dir DIR ARGS...` with DIR read-only.
    fn run(&self, args: &[&str]) -> Run {
        match self {
            ReadOnly::Permissions(dir) => run_in(dir, args),
            ReadOnly::Namespace(dir) => {
                let output = Command::new("unshare")
                    .args(["--mount", "--map-root-user", "sh", "-c"])
                    .arg(
                        "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" \
                         && shift && exec \"$@\"",
                    )
                    .arg("sh")
                    .arg(dir)
                    .arg(env!("CARGO_BIN_EXE_carryall"))
                    .arg("--data-dir")
                    .arg(dir)
                    .args(args)
                    .env_remove("CARRYALL_DATA_DIR")
                    .output()
                    .unwrap();
                finish(output)
            }
        }
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if let ReadOnly::Permissions(dir) = self {
            let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o755));
        }
    }
}

#[test]
fn a_read_only_data_dir_is_explained_and_its_records_are_kept() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Read Only Person"]);
    let inbox = tempfile::tempdir().unwrap();
    fill_inbox(inbox.path(), "read only", 2, 16 * 1024);
    cli.run(&["add", &case, inbox.path().to_str().unwrap()])
        .success();
    let mut known = listed(&cli, &case);

    let read_only = match ReadOnly::make(cli.data_dir()) {
        Ok(read_only) => read_only,
        Err(reason) => {
            eprintln!("skipped: {reason}");
            return;
        }
    };
    let more = tempfile::tempdir().unwrap();
    fs::write(more.path().join("letter.txt"), "a letter\n").unwrap();
    let more_path = more.path().to_str().unwrap();
    // Reading needs no writing: the records can still be listed.
    let listed_run = read_only.run(&["case", "list", "--json"]);
    assert_eq!(
        listed_run.status, 0,
        "{}\n{}",
        listed_run.stdout, listed_run.stderr
    );
    assert!(listed_run.stdout.contains(&case), "{}", listed_run.stdout);
    for args in [
        &["case", "new", "--patient", "Someone Else", "--json"][..],
        &["add", &case, more_path, "--json"],
    ] {
        let run = read_only.run(args);
        assert_eq!(run.status, 1, "{args:?}: {}\n{}", run.stdout, run.stderr);
        let error = &run.json()["error"];
        assert_eq!(error["code"], "data_dir", "{args:?}: {error}");
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains(cli.data_dir().to_str().unwrap())
                && (message.contains("Read-only") || message.contains("ermission denied")),
            "{args:?}: {message}"
        );
    }
    drop(read_only);
    assert_store_intact(&cli, &case, &mut known, "after the read-only runs");
    let cases = cli.run(&["case", "list", "--json"]).success().json();
    assert_eq!(cases["cases"].as_array().unwrap().len(), 1, "{cases}");
}

/// Runs `script` with `sh` in a private user and mount namespace (`unshare`), where it may
/// mount a small tmpfs that fills up for real (ENOSPC, unlike a capped file size); `args` are
/// its `$1`... Whatever it mounts vanishes when it ends, so it writes what it saw to files.
/// `Err` says why this machine cannot (no `unshare`, or namespaces or tmpfs not allowed).
fn in_private_mounts(script: &str, args: &[&Path]) -> Result<(), String> {
    let status = Command::new("unshare")
        .args(["--mount", "--map-root-user", "sh", "-c", script, "sh"])
        .args(args)
        .env_remove("CARRYALL_DATA_DIR")
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("`unshare` cannot run here: {e}"))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(99) => Err("a private tmpfs cannot be mounted here".to_owned()),
        _ => Err(format!(
            "`unshare --mount --map-root-user` failed: {status}"
        )),
    }
}

/// What one `carryall` run inside [`in_private_mounts`] left in `results`: `NAME.out`,
/// `NAME.err`, `NAME.status`.
fn recorded(results: &Path, name: &str) -> Run {
    let read = |ext: &str| fs::read_to_string(results.join(format!("{name}.{ext}"))).unwrap();
    Run {
        status: read("status").trim().parse().unwrap(),
        stdout: read("out"),
        stderr: read("err"),
    }
}

/// The shell function the private-mount scripts use: `run NAME ARGS...` runs
/// `carryall --data-dir "$DATA" ARGS...` and records its output under `$RESULTS`.
const RECORDING_RUN: &str = "run() { name=$1; shift; \
     \"$CARRYALL\" --data-dir \"$DATA\" \"$@\" >\"$RESULTS/$name.out\" 2>\"$RESULTS/$name.err\"; \
     echo $? >\"$RESULTS/$name.status\"; }";

#[test]
fn a_really_full_disk_during_import_gives_a_clear_error_and_loses_nothing() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let results = root.path().join("results");
    let earlier = root.path().join("earlier");
    let inbox = root.path().join("inbox");
    for dir in [&data, &results, &earlier, &inbox] {
        fs::create_dir(dir).unwrap();
    }
    fill_inbox(&earlier, "earlier", 2, 64 * 1024);
    fill_inbox(&inbox, "later", 2, 64 * 1024);
    fs::write(inbox.join("a-big-scan.pdf"), vec![7u8; 6 << 20]).unwrap();
    let filler = root.path().join("filler");
    let last = root.path().join("last");
    fs::create_dir(&filler).unwrap();
    fs::create_dir(&last).unwrap();
    fill_inbox(&last, "last", 3, 64 * 1024);
    let carryall = PathBuf::from(env!("CARGO_BIN_EXE_carryall"));
    // A 4 MiB disk: room for the database and the earlier documents, not for the big scan.
    let script = format!(
        "CARRYALL=$1 DATA=$2 RESULTS=$3; {RECORDING_RUN}
         mount -t tmpfs -o size=4m carryall-test \"$DATA\" || exit 99
         run case case new --patient 'Full Disk Person' --json
         case=$(sed -n 's/.*\"id\":\"\\([A-Z0-9]*\\)\".*/\\1/p' \"$RESULTS/case.out\")
         run earlier add \"$case\" \"$4\" --json
         run before docs \"$case\" --json
         run full add \"$case\" \"$5\" --json
         run check check --json
         run after docs \"$case\" --json
         ls -A \"$DATA/files/incoming\" >\"$RESULTS/incoming\"
         free=$(df -k \"$DATA\" | awk 'NR == 2 {{ print $4 }}')
         head -c $(((free - 150) * 1024)) /dev/zero >\"$6/filler.pdf\"
         run filler add \"$case\" \"$6\" --json
         run last add \"$case\" \"$7\" --json
         run last-check check --json
         run last-docs docs \"$case\" --json"
    );
    let args = [
        carryall.as_path(),
        &data,
        &results,
        &earlier,
        &inbox,
        &filler,
        &last,
    ];
    if let Err(reason) = in_private_mounts(&script, &args) {
        eprintln!("skipped: {reason}");
        return;
    }
    recorded(&results, "earlier").success();
    let full = recorded(&results, "full");
    assert_eq!(full.status, 1, "{}\n{}", full.stdout, full.stderr);
    let json = full.json();
    let big = &json["results"][0];
    assert_eq!(big["status"], "rejected", "{json}");
    let message = big["error"].as_str().unwrap();
    assert!(
        message.contains("could not be saved") && message.contains("free space"),
        "{message}"
    );
    let check = recorded(&results, "check").success().json();
    assert_eq!(check["ok"], true, "{check}");
    let documents = |name: &str| -> BTreeMap<String, String> {
        let docs = recorded(&results, name).success().json();
        docs["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["id"].to_string(), d["sha256"].to_string()))
            .collect()
    };
    let (before, after) = (documents("before"), documents("after"));
    assert_eq!(before.len(), 4);
    assert!(
        before.iter().all(|(id, sha)| after.get(id) == Some(sha)),
        "an earlier document was lost: {before:?} then {after:?}"
    );
    assert_eq!(
        fs::read_to_string(results.join("incoming")).unwrap(),
        "",
        "a half copy was left"
    );

    // With the disk all but full, the last files may go in while their reading fails: the
    // results still say which went in, and the rest explain the full disk.
    recorded(&results, "filler").success();
    let last = recorded(&results, "last");
    assert_eq!(last.status, 1, "{}\n{}", last.stdout, last.stderr);
    let json = last.json();
    let last_results = json["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results: {json}"));
    assert_eq!(last_results.len(), 5, "{json}");
    let mut imported = 0;
    for result in last_results {
        match result["status"].as_str().unwrap() {
            "imported" => imported += 1,
            "rejected" => assert!(
                result["error"].as_str().unwrap().contains("free space"),
                "{result}"
            ),
            status => panic!("unexpected {status}: {result}"),
        }
    }
    if json["reading_error"].is_string() {
        assert_eq!(json["read"], 0, "{json}");
    }
    let check = recorded(&results, "last-check").success().json();
    assert_eq!(check["ok"], true, "{check}");
    let listed_last = documents("last-docs");
    assert_eq!(listed_last.len(), after.len() + 1 + imported, "{json}");
    assert!(
        after
            .iter()
            .all(|(id, sha)| listed_last.get(id) == Some(sha)),
        "an earlier document was lost"
    );
}

#[test]
fn a_really_full_disk_during_export_gives_a_clear_error_and_leaves_no_packet() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Full Disk Person"]);
    let inbox = tempfile::tempdir().unwrap();
    fill_inbox(inbox.path(), "export", 3, 1024 * 1024);
    cli.run(&["add", &case, inbox.path().to_str().unwrap()])
        .success();
    let mut known = listed(&cli, &case);
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("usb stick");
    let results = root.path().join("results");
    fs::create_dir(&out).unwrap();
    fs::create_dir(&results).unwrap();
    let carryall = PathBuf::from(env!("CARGO_BIN_EXE_carryall"));
    // A 1 MiB stick for a 3 MiB packet.
    let script = format!(
        "CARRYALL=$1 DATA=$2 RESULTS=$3 OUT=$4; {RECORDING_RUN}
         mount -t tmpfs -o size=1m carryall-test \"$OUT\" || exit 99
         run export export {case} --out \"$OUT/packet.zip\" --json
         ls -A \"$OUT\" >\"$RESULTS/left\""
    );
    let args = [carryall.as_path(), cli.data_dir(), &results, &out];
    if let Err(reason) = in_private_mounts(&script, &args) {
        eprintln!("skipped: {reason}");
        return;
    }
    let export = recorded(&results, "export");
    assert_eq!(export.status, 1, "{}\n{}", export.stdout, export.stderr);
    let error = &export.json()["error"];
    assert_eq!(error["code"], "io", "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("could not be written") && message.contains("free space"),
        "{message}"
    );
    assert_eq!(
        fs::read_to_string(results.join("left")).unwrap(),
        "",
        "the failed export left files on the stick"
    );
    assert_store_intact(&cli, &case, &mut known, "after the failed export");
}

#[test]
fn export_killed_right_after_the_packet_lands_leaves_no_contradicting_sidecar() {
    use std::os::unix::fs::MetadataExt;
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Fault Person"]);
    let inbox = tempfile::tempdir().unwrap();
    fill_inbox(inbox.path(), "sidecar", 2, 256 * 1024);
    cli.run(&["add", &case, inbox.path().to_str().unwrap()])
        .success();
    let other = cli.new_case(&["--patient", "Other Person"]);
    let other_inbox = tempfile::tempdir().unwrap();
    fill_inbox(other_inbox.path(), "other", 1, 1024);
    cli.run(&["add", &other, other_inbox.path().to_str().unwrap()])
        .success();
    let out = tempfile::tempdir().unwrap();
    let packet = out.path().join("packet.zip");
    let packet_arg = packet.to_str().unwrap();
    let mut landed = 0;
    for attempt in 0..5 {
        // An older packet, with its sidecar, stands at the name the new one will take.
        cli.run(&["export", &other, "--out", packet_arg]).success();
        let older = fs::metadata(&packet).unwrap().ino();
        let mut child = carryall(&cli, &["export", &case, "--out", packet_arg])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Watch for the rename and kill at once: the moment between the packet's rename and
        // its sidecar's is too short for a random schedule to hit often.
        while child.try_wait().unwrap().is_none() {
            if fs::metadata(&packet).is_ok_and(|m| m.ino() != older) {
                child.kill().unwrap();
                landed += 1;
                break;
            }
        }
        child.wait().unwrap();
        let verified = cli.run(&["verify", packet_arg, "--json"]).json();
        assert_eq!(
            verified["ok"], true,
            "attempt {attempt}: a complete packet reported as not intact: {verified}"
        );
        for entry in fs::read_dir(out.path()).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap().to_str().unwrap().starts_with('.') {
                fs::remove_file(path).unwrap();
            }
        }
    }
    eprintln!("killed between the two renames (or just after) {landed} times of 5");
}

/// The processes whose parent is `parent` and whose command line holds `marker` (Linux).
#[cfg(target_os = "linux")]
fn children_running(parent: u32, marker: &str) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let (Ok(stat), Ok(cmdline)) = (
            fs::read_to_string(entry.path().join("stat")),
            fs::read(entry.path().join("cmdline")),
        ) else {
            continue;
        };
        // After the command name in parentheses: state, then the parent's id.
        let after_name = &stat[stat.rfind(')').unwrap() + 2..];
        let mut fields = after_name.split(' ');
        let state = fields.next().unwrap_or("");
        let parent_of = fields.next().and_then(|f| f.parse::<u32>().ok());
        if parent_of == Some(parent)
            && state != "Z"
            && String::from_utf8_lossy(&cmdline).contains(marker)
        {
            found.push(pid);
        }
    }
    found
}

/// Whether the process `pid` has ended (a zombie no one reaps counts as ended).
#[cfg(target_os = "linux")]
fn has_ended(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |stat| {
        stat[stat.rfind(')').unwrap() + 2..].starts_with('Z')
    })
}

#[cfg(target_os = "linux")]
#[test]
fn killing_carryall_while_it_reads_leaves_no_reading_worker_behind() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Fault Person"]);
    let report = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/large/report-300-pages-chromium.pdf");
    let mut child = carryall(&cli, &["add", &case, report.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let workers = loop {
        let workers = children_running(child.id(), "__carryall-extract-worker");
        if !workers.is_empty() {
            break workers;
        }
        assert!(
            child.try_wait().unwrap().is_none() && Instant::now() < deadline,
            "the 300-page report was read without a worker process being seen"
        );
        std::thread::sleep(Duration::from_millis(2));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(2);
    while !workers.iter().all(|&pid| has_ended(pid)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let left: Vec<_> = workers.iter().filter(|&&pid| !has_ended(pid)).collect();
    assert!(
        left.is_empty(),
        "workers {left:?} still read on after Carryall was killed"
    );
    let check = cli.run(&["check", "--json"]).success().json();
    assert_eq!(check["ok"], true, "{check}");
}

/// Whether process `pid` is still running (a zombie waiting to be reaped has ended).
#[cfg(target_os = "linux")]
fn running(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => false,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| !rest.trim_start().starts_with('Z')),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_killed_import_leaves_no_ocr_program_running() {
    use std::os::unix::fs::PermissionsExt;

    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Orphan Check"]);
    let scratch = tempfile::tempdir().unwrap();
    let pid_file = scratch.path().join("tesseract.pid");
    // A Tesseract that never finishes a page, and says where it runs.
    let tesseract = scratch.path().join("tesseract");
    fs::write(
        &tesseract,
        format!(
            "#!/bin/sh\n\
             if [ \"$1\" = --list-langs ]; then printf 'List of languages:\\neng\\n'; exit 0; fi\n\
             echo $$ > '{}'\n\
             exec sleep 300\n",
            pid_file.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&tesseract, fs::Permissions::from_mode(0o755)).unwrap();
    let photo = fixture("scans/prescription-pune-photo.jpg");
    let mut command = carryall(&cli, &["add", &case, photo.to_str().unwrap()]);
    let mut import = command
        .env("CARRYALL_TESSERACT", &tesseract)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let pid = loop {
        let written = fs::read_to_string(&pid_file).unwrap_or_default();
        if let Ok(pid) = written.trim().parse::<u32>() {
            break pid;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "Tesseract was never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(running(pid));
    import.kill().unwrap(); // SIGKILL: the import cannot clean up
    import.wait().unwrap();
    let killed = Instant::now();
    while running(pid) && killed.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !running(pid),
        "Tesseract still runs 10 s after its import was killed"
    );
}
