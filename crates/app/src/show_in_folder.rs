//! "Show in folder": opens the system's file manager at a file Carryall wrote (a packet), so
//! a person can copy it, attach it or check it is there. macOS and Windows select the file;
//! on Linux the folder holding it opens (`xdg-open`, the desktop's own choice of file
//! manager).

use std::path::Path;
use std::process::{Command, Stdio};

use crate::AppError;

/// Opens the file manager at `file`. Fails when `file` is gone or no file manager could be
/// started; the file manager's own later troubles are its own to show.
pub fn show_in_folder(file: &Path) -> Result<(), AppError> {
    let failed = |source| AppError::ShowInFolder {
        path: file.to_owned(),
        source,
    };
    std::fs::metadata(file).map_err(failed)?;
    let mut child = file_manager(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(failed)?;
    // Collected in the background, so the finished helper leaves no zombie behind.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// The command that shows `file` in this system's file manager.
fn file_manager(file: &Path) -> Command {
    #[cfg(target_os = "macos")]
    {
        let mut command = Command::new("open");
        command.arg("-R").arg(file);
        command
    }
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        let mut command = Command::new("explorer.exe");
        // Explorer reads "/select," and the quoted path as one raw argument.
        command.raw_arg(format!("/select,\"{}\"", file.display()));
        command
    }
    #[cfg(not(any(target_os = "macos", windows)))]
    {
        let folder = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut command = Command::new("xdg-open");
        command.arg(folder);
        command
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[cfg(not(any(target_os = "macos", windows)))]
    #[test]
    fn linux_opens_the_folder_holding_the_file() {
        let command = file_manager(Path::new("/media/asha/KINGSTON/SecondOpinion-Asha.zip"));
        assert_eq!(command.get_program(), "xdg-open");
        let args: Vec<_> = command.get_args().collect();
        assert_eq!(args, ["/media/asha/KINGSTON"]);
        let bare = file_manager(Path::new("packet.zip"));
        assert_eq!(bare.get_args().collect::<Vec<_>>(), ["."]);
    }

    #[test]
    fn a_file_that_is_gone_is_said_plainly() {
        let dir = tempfile::tempdir().unwrap();
        let error = show_in_folder(&dir.path().join("gone.zip")).unwrap_err();
        assert_eq!(error.code(), ErrorCode::Io);
        assert!(error.to_string().contains("could not be shown"), "{error}");
    }
}
