//! A small helper to run the real `carryall` binary against a throwaway data directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh data directory and a way to run `carryall` in it.
pub struct Cli {
    dir: tempfile::TempDir,
}

/// The outcome of one run.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The standard output parsed as JSON; panics with the output when it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Asserts success and returns self.
    pub fn success(self) -> Run {
        assert_eq!(
            self.status, 0,
            "expected success; stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `carryall --data-dir DIR ARGS...`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut command = self.command();
        command.arg("--data-dir").arg(self.dir.path()).args(args);
        finish(command.output().expect("carryall runs"))
    }

    /// Starts a case with `carryall case new --json DETAILS...` and returns its id.
    pub fn new_case(&self, details: &[&str]) -> String {
        let mut args = vec!["case", "new", "--json"];
        args.extend_from_slice(details);
        let created = self.run(&args).success().json();
        created["id"]
            .as_str()
            .expect("case new prints an id")
            .to_owned()
    }

    /// A `carryall` command with no data directory set (neither flag nor environment).
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_carryall"));
        command.env_remove("CARRYALL_DATA_DIR");
        command
    }
}

/// Converts a finished process into a [`Run`].
pub fn finish(output: Output) -> Run {
    Run {
        status: output.status.code().expect("carryall exited, not killed"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Every file below `dir`, at any depth (none when `dir` does not exist).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.expect("a readable folder entry").path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Replaces a stored (read-only) file's bytes, as tampering or disk damage would.
pub fn overwrite_stored(path: &Path, bytes: &[u8]) {
    let mut permissions = std::fs::metadata(path)
        .expect("the stored file")
        .permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(path, permissions).expect("write permission");
    std::fs::write(path, bytes).expect("the stored file is rewritten");
}
