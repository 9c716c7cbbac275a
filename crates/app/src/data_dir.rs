//! Where Carryall keeps its data: a folder given on the command line, else the
//! `CARRYALL_DATA_DIR` environment variable, else the operating system's app-data folder.

use std::path::PathBuf;

use crate::AppError;

/// The environment variable that names the data directory.
pub const DATA_DIR_ENV: &str = "CARRYALL_DATA_DIR";

/// The folder name under the operating system's app-data folder.
const APP_FOLDER: &str = "Carryall";

/// Chooses the data directory: `explicit` if given, else the environment, else the default.
pub fn resolve_data_dir(explicit: Option<PathBuf>) -> Result<PathBuf, AppError> {
    let from_env = std::env::var_os(DATA_DIR_ENV)
        .filter(|value| !value.is_empty())
        .map(PathBuf::from);
    choose(explicit, from_env, dirs::data_dir())
}

fn choose(
    explicit: Option<PathBuf>,
    from_env: Option<PathBuf>,
    os_data: Option<PathBuf>,
) -> Result<PathBuf, AppError> {
    explicit
        .or(from_env)
        .or_else(|| os_data.map(|dir| dir.join(APP_FOLDER)))
        .ok_or_else(|| AppError::DataDir {
            path: PathBuf::from("(none)"),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "this system has no app-data folder; set {DATA_DIR_ENV} or pass --data-dir"
                ),
            ),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_beats_environment_beats_default() {
        let p = |s: &str| Some(PathBuf::from(s));
        assert_eq!(choose(p("a"), p("b"), p("c")).unwrap(), PathBuf::from("a"));
        assert_eq!(choose(None, p("b"), p("c")).unwrap(), PathBuf::from("b"));
        assert_eq!(
            choose(None, None, p("c")).unwrap(),
            PathBuf::from("c").join(APP_FOLDER)
        );
        assert!(choose(None, None, None).is_err());
    }
}
