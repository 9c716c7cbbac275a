//! The `tesseract` program: finding it, asking which languages it has, and reading one image.

use std::ffi::OsString;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::OcrError;
use crate::run::{Finished, run_with_limit};
use crate::tsv::text_from_tsv;

/// The environment variable that names the Tesseract program to use instead of the one on PATH
/// (a path that does not exist simulates a computer without Tesseract).
const PROGRAM_VARIABLE: &str = "CARRYALL_TESSERACT";

/// The program's file name on PATH.
const PROGRAM_NAME: &str = if cfg!(windows) {
    "tesseract.exe"
} else {
    "tesseract"
};

/// How long `--list-langs` may take.
const LIST_LANGUAGES_LIMIT: Duration = Duration::from_secs(30);

/// The first bytes of the image files Tesseract is given: PNG, JPEG, and little- and big-endian
/// TIFF. Anything else is refused, since Tesseract reads a file that is not an image as a list
/// of further image files to open.
const IMAGE_SIGNATURES: [&[u8]; 4] = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\0", b"MM\0*"];

/// The tesseract program, found on PATH (or at `$CARRYALL_TESSERACT` when set).
#[derive(Debug, Clone)]
pub struct Tesseract {
    program: PathBuf,
    installed_languages: OnceLock<Vec<String>>,
}

/// What to read and how long to wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrOptions {
    /// Tesseract language codes, e.g. `["eng", "hin"]`; only the installed ones are used.
    pub languages: Vec<String>,
    /// How long Tesseract may take for one image before it is stopped.
    pub time_limit: Duration,
}

impl Default for OcrOptions {
    /// English, with two minutes per image.
    fn default() -> Self {
        OcrOptions {
            languages: vec!["eng".to_owned()],
            time_limit: Duration::from_secs(120),
        }
    }
}

/// Text read from one image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrText {
    /// The words of a line joined by one space, lines by a newline, paragraphs by a blank line.
    pub text: String,
    /// Mean word confidence, 0 to 100, over the words Tesseract scored; 0 when there are none.
    pub confidence: f32,
    /// How many words were read.
    pub words: usize,
}

impl Tesseract {
    /// Finds Tesseract: the program named by `$CARRYALL_TESSERACT` when that is set, otherwise
    /// `tesseract` on PATH. [`OcrError::NotInstalled`] when there is none.
    pub fn find() -> Result<Tesseract, OcrError> {
        locate(std::env::var_os(PROGRAM_VARIABLE), std::env::var_os("PATH"))
            .map(Tesseract::new)
            .ok_or(OcrError::NotInstalled)
    }

    /// Uses the Tesseract program at `program`. [`OcrError::NotInstalled`] when no file is there.
    pub fn at(program: impl Into<PathBuf>) -> Result<Tesseract, OcrError> {
        let program = program.into();
        if program.is_file() {
            Ok(Tesseract::new(program))
        } else {
            Err(OcrError::NotInstalled)
        }
    }

    fn new(program: PathBuf) -> Tesseract {
        Tesseract {
            program,
            installed_languages: OnceLock::new(),
        }
    }

    /// The languages Tesseract has data for (`tesseract --list-langs`), e.g. `eng`, `hin`, `osd`.
    pub fn languages(&self) -> Result<Vec<String>, OcrError> {
        if let Some(languages) = self.installed_languages.get() {
            return Ok(languages.clone());
        }
        let mut command = Command::new(&self.program);
        command.arg("--list-langs");
        let finished = run_with_limit(command, LIST_LANGUAGES_LIMIT)?;
        if !finished.status.success() {
            return Err(failure(&finished));
        }
        // The first line names the data folder; each further line is one language code.
        let languages: Vec<String> = String::from_utf8_lossy(&finished.stdout)
            .lines()
            .skip(1)
            .map(str::trim)
            .filter(|language| !language.is_empty())
            .map(str::to_owned)
            .collect();
        Ok(self.installed_languages.get_or_init(|| languages).clone())
    }

    /// Reads the text of one PNG, JPEG or TIFF file (apply [`crate::prepare_image`] first for
    /// photos). Runs `tesseract FILE stdout -l LANGS --psm 3 tsv` with one OpenMP thread, and
    /// stops it at `options.time_limit`.
    pub fn read(&self, image: &Path, options: &OcrOptions) -> Result<OcrText, OcrError> {
        check_image_signature(image)?;
        let languages = self.usable_languages(&options.languages)?;
        let mut command = Command::new(&self.program);
        command.arg(argument_path(image)).arg("stdout").args([
            "-l",
            languages.as_str(),
            "--psm",
            "3",
            "tsv",
        ]);
        let finished = run_with_limit(command, options.time_limit)?;
        if !finished.status.success() {
            return Err(failure(&finished));
        }
        Ok(text_from_tsv(&String::from_utf8_lossy(&finished.stdout)))
    }

    /// The requested languages that are installed, joined by `+` as Tesseract takes them.
    fn usable_languages(&self, requested: &[String]) -> Result<String, OcrError> {
        let installed = self.languages()?;
        let usable: Vec<&str> = requested
            .iter()
            .filter(|language| installed.contains(language))
            .map(String::as_str)
            .collect();
        if usable.is_empty() {
            Err(OcrError::LanguageMissing(requested.join("+")))
        } else {
            Ok(usable.join("+"))
        }
    }
}

/// The program to run: the override when set (even to a path with nothing there), otherwise the
/// first `tesseract` file in the PATH folders.
fn locate(program_override: Option<OsString>, path: Option<OsString>) -> Option<PathBuf> {
    if let Some(program) = program_override.filter(|program| !program.is_empty()) {
        let program = PathBuf::from(program);
        return program.is_file().then_some(program);
    }
    std::env::split_paths(&path?)
        .map(|folder| folder.join(PROGRAM_NAME))
        .find(|candidate| candidate.is_file())
}

/// Refuses a file that does not start like a PNG, JPEG or TIFF image.
fn check_image_signature(image: &Path) -> Result<(), OcrError> {
    let mut start = Vec::with_capacity(8);
    File::open(image)?.take(8).read_to_end(&mut start)?;
    if IMAGE_SIGNATURES
        .iter()
        .any(|signature| start.starts_with(signature))
    {
        Ok(())
    } else {
        Err(OcrError::UnsupportedImage(
            "only PNG, JPEG and TIFF files are read".to_owned(),
        ))
    }
}

/// A relative path made to start with `./`, so Tesseract never takes it for an option or for
/// its special input name `stdin`.
fn argument_path(image: &Path) -> PathBuf {
    if image.is_absolute() {
        image.to_path_buf()
    } else {
        Path::new(".").join(image)
    }
}

/// Tesseract's failure in our words, from known phrases in its error output.
fn failure(finished: &Finished) -> OcrError {
    let stderr = String::from_utf8_lossy(&finished.stderr);
    let exit_code = finished.status.code();
    if stderr.contains("Failed loading language") {
        OcrError::LanguageMissing("language data could not be loaded".to_owned())
    } else if stderr.contains("pixRead") || stderr.contains("cannot be read") {
        OcrError::Failed {
            exit_code,
            reason: "Tesseract could not read the image",
        }
    } else {
        OcrError::Failed {
            exit_code,
            reason: "Tesseract ended with an error",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_that_names_nothing_means_not_installed() {
        let path = std::env::var_os("PATH");
        assert_eq!(locate(Some("/nonexistent".into()), path.clone()), None);
        assert_eq!(locate(Some("".into()), None), None);
        let folder = tempfile::tempdir().unwrap();
        let program = folder.path().join(PROGRAM_NAME);
        std::fs::write(&program, b"").unwrap();
        assert_eq!(
            locate(None, Some(folder.path().as_os_str().to_owned())),
            Some(program.clone())
        );
        assert_eq!(locate(Some(program.clone().into()), None), Some(program));
    }

    #[test]
    fn relative_paths_cannot_pass_for_options() {
        assert_eq!(argument_path(Path::new("-l")), Path::new("./-l"));
        assert_eq!(argument_path(Path::new("stdin")), Path::new("./stdin"));
        let absolute = std::env::temp_dir().join("page.png");
        assert_eq!(argument_path(&absolute), absolute);
    }
}
