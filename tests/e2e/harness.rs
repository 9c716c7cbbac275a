//! Starts the pieces an end-to-end test needs and cleans them up again: an Xvfb display (when
//! none is set), `tauri-driver` on free ports with a fresh data directory, and a WebDriver
//! session that launches the app.

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

/// One test at a time: each launches a whole app, and two cores are not enough for more.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Where screenshots go.
pub fn artifacts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/artifacts")
}

/// Runs `body` against a freshly launched app whose data directory was first filled by
/// `seed`. On failure a screenshot is saved as `FAILED-<name>.png` and the test panics.
pub fn run<S, B, F>(name: &str, seed: S, body: B)
where
    S: FnOnce(&Path),
    B: FnOnce(App) -> F,
    F: Future<Output = TestResult>,
{
    run_with_env(name, &[], seed, body);
}

/// [`run`], with `env` (name, value pairs) added to the launched app's environment, such as
/// `CARRYALL_KIOSK=1`.
pub fn run_with_env<S, B, F>(name: &str, env: &[(&str, &str)], seed: S, body: B)
where
    S: FnOnce(&Path),
    B: FnOnce(App) -> F,
    F: Future<Output = TestResult>,
{
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let data = tempfile::tempdir().expect("a temporary data directory");
    seed(data.path());
    let display = Display::ensure();
    let driver = Driver::start(data.path(), display.name(), env);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let outcome = runtime.block_on(async {
        // The WebDriver session starts the app.
        let launched = Instant::now();
        let client = driver.connect().await;
        let session_ready = launched.elapsed();
        // Preferences (language, text size) live in the webview's storage, which outlives one
        // test: every test starts from the defaults.
        let _ = client.execute("localStorage.clear();", vec![]).await;
        let _ = client.refresh().await;
        let app = App {
            client: client.clone(),
            launched,
            session_ready,
        };
        let result = body(app).await;
        if let Err(error) = &result {
            save_screenshot(&client, &format!("FAILED-{name}")).await;
            eprintln!("e2e test {name} failed: {error}");
        }
        let _ = client.close().await;
        result
    });
    drop(driver);
    stop_leftover_apps(data.path());
    if let Err(error) = outcome {
        panic!(
            "{name}: {error} (screenshot in {})",
            artifacts_dir().display()
        );
    }
}

async fn save_screenshot(client: &Client, name: &str) {
    let taken = tokio::time::timeout(Duration::from_secs(10), client.screenshot()).await;
    if let Ok(Ok(png)) = taken {
        let dir = artifacts_dir();
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
}

/// The running app, seen through WebDriver.
pub struct App {
    client: Client,
    /// When the app was asked to start.
    launched: Instant,
    /// How long the app took to start and its WebDriver session to be ready.
    session_ready: Duration,
}

/// How long to wait for something to appear.
const PATIENCE: Duration = Duration::from_secs(20);

impl App {
    /// How long since the app was asked to start (its WebDriver session included).
    pub fn since_launch(&self) -> Duration {
        self.launched.elapsed()
    }

    /// How long the app took to start and its WebDriver session to be ready (before the
    /// harness reloaded the page with fresh preferences).
    pub fn session_ready(&self) -> Duration {
        self.session_ready
    }

    /// Waits for an element matching the CSS selector.
    pub async fn find(
        &self,
        css: &str,
    ) -> Result<fantoccini::elements::Element, Box<dyn std::error::Error>> {
        let found = self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await;
        found.map_err(|e| format!("no element {css:?} appeared: {e}").into())
    }

    /// Waits until the page's text contains `text`.
    pub async fn wait_for_text(&self, text: &str) -> TestResult {
        self.wait_for_text_within(text, PATIENCE).await
    }

    /// Waits until the page's text contains `text`, for as long as `patience` (for slow work
    /// such as reading scans).
    pub async fn wait_for_text_within(&self, text: &str, patience: Duration) -> TestResult {
        let deadline = Instant::now() + patience;
        loop {
            let body = self.client.find(Locator::Css("body")).await?.text().await?;
            if body.contains(text) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("the page never showed {text:?}; it shows:\n{body}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types into the field with this id.
    pub async fn fill(&self, id: &str, text: &str) -> TestResult {
        self.find(&format!("#{id}")).await?.send_keys(text).await?;
        Ok(())
    }

    /// Clicks the element matching the CSS selector.
    pub async fn click(&self, css: &str) -> TestResult {
        self.find(css).await?.click().await?;
        Ok(())
    }

    /// The id of the element that has keyboard focus, or its tag name when it has no id.
    pub async fn focused(&self) -> Result<String, Box<dyn std::error::Error>> {
        let script = "const e = document.activeElement; return e ? (e.id || e.tagName) : '';";
        Ok(self
            .client
            .execute(script, vec![])
            .await?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// Runs axe-core (from `ui/node_modules`) in the real webview against WCAG 2.2 A and AA
    /// rules and fails with every violation found, naming the screen.
    pub async fn check_accessibility(&self, screen: &str) -> TestResult {
        let present = self
            .client
            .execute("return typeof window.axe !== 'undefined';", vec![])
            .await?;
        if present != serde_json::Value::Bool(true) {
            let axe =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/node_modules/axe-core/axe.min.js");
            let source = std::fs::read_to_string(&axe)
                .map_err(|e| format!("{} is missing ({e}): run scripts/setup", axe.display()))?;
            self.client
                .execute(&format!("{source}\nreturn true;"), vec![])
                .await?;
        }
        let script = r#"
            const done = arguments[arguments.length - 1];
            const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
            axe.run(document, { runOnly: { type: 'tag', values: tags } })
              .then(r => done(r.violations.map(v =>
                  `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)))
              .catch(e => done(['axe failed: ' + e]));
        "#;
        let found = self.client.execute_async(script, vec![]).await?;
        let violations: Vec<String> = serde_json::from_value(found)?;
        if violations.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "accessibility violations on the {screen} screen:\n{}",
                violations.join("\n")
            )
            .into())
        }
    }

    /// The visible text of the element matching the CSS selector.
    pub async fn text_of(&self, css: &str) -> Result<String, Box<dyn std::error::Error>> {
        Ok(self.find(css).await?.text().await?)
    }

    /// Chooses the option with this value in the `<select>` matching the CSS selector.
    pub async fn select(&self, css: &str, value: &str) -> TestResult {
        self.find(css).await?.select_by_value(value).await?;
        Ok(())
    }

    /// Runs a script in the page (for tests that must break the page on purpose).
    pub async fn run_script(&self, script: &str) -> TestResult {
        self.client.execute(script, vec![]).await?;
        Ok(())
    }

    /// Runs a script in the page and returns what it returns (for what the page holds but
    /// does not show, such as the parts only printed).
    pub async fn evaluate(
        &self,
        script: &str,
    ) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// Runs an asynchronous script in the page (it hands its result to its last argument) and
    /// returns that result.
    pub async fn evaluate_async(
        &self,
        script: &str,
    ) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
        Ok(self.client.execute_async(script, vec![]).await?)
    }

    /// Saves a screenshot of the window as `<name>.png` among the artifacts.
    /// The test-only path boxes are hidden meanwhile, so the picture shows what a person sees.
    pub async fn screenshot(&self, name: &str) {
        let tidy = "document.querySelectorAll('.test-only').forEach(e => e.hidden = true);";
        let _ = self.client.execute(tidy, vec![]).await;
        // WebKit paints a moment after the DOM changes; give it that moment.
        tokio::time::sleep(Duration::from_millis(400)).await;
        save_screenshot(&self.client, name).await;
        let restore = "document.querySelectorAll('.test-only').forEach(e => e.hidden = false);";
        let _ = self.client.execute(restore, vec![]).await;
    }
}

/// An X display for the app: the one already set, or a private Xvfb.
struct Display {
    xvfb: Option<Child>,
    name: String,
}

impl Display {
    fn ensure() -> Display {
        if let Some(name) = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty()) {
            return Display { xvfb: None, name };
        }
        // -displayfd 1: Xvfb picks a free display number and writes it to standard output.
        let mut xvfb = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts (apt package xvfb; run the project's set-up script)");
        let mut line = String::new();
        let stdout = xvfb.stdout.take().expect("Xvfb's standard output");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("Xvfb reports its display");
        let number = line.trim();
        assert!(!number.is_empty(), "Xvfb did not report a display number");
        Display {
            name: format!(":{number}"),
            xvfb: Some(xvfb),
        }
    }

    fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(xvfb) = &mut self.xvfb {
            terminate(xvfb);
        }
    }
}

/// `tauri-driver`, which starts WebKitWebDriver, which starts the app.
struct Driver {
    process: Child,
    port: u16,
}

impl Driver {
    fn start(data_dir: &Path, display: &str, env: &[(&str, &str)]) -> Driver {
        let port = free_port();
        let native_port = free_port();
        let process = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", display)
            .env("CARRYALL_DATA_DIR", data_dir)
            // WebDriver cannot drive native file dialogs: the UI offers a path box instead.
            .env("CARRYALL_TEST_PATH_INPUT", "1")
            // Software rendering: Xvfb has no GPU, and WebKit's compositor would otherwise try.
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver starts (cargo install tauri-driver; run the set-up script)");
        let driver = Driver { process, port };
        // tauri-driver listens at once but proxies to WebKitWebDriver, which starts a moment
        // later: wait for both.
        let deadline = Instant::now() + PATIENCE;
        for listening in [port, native_port] {
            while TcpStream::connect((Ipv4Addr::LOCALHOST, listening)).is_err() {
                assert!(
                    Instant::now() < deadline,
                    "no WebDriver listened on port {listening}"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        driver
    }

    async fn connect(&self) -> Client {
        let app = env!("CARGO_BIN_EXE_carryall-desktop");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), "wry".into());
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app }),
        );
        let url = format!("http://127.0.0.1:{}", self.port);
        let mut attempts = 0;
        loop {
            let session = ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await;
            match session {
                Ok(client) => return client,
                // A driver still starting up can drop the first request; try a few times.
                Err(error) if attempts < 3 => {
                    attempts += 1;
                    eprintln!("WebDriver session attempt {attempts} failed ({error}); retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(error) => panic!("no WebDriver session with the app: {error}"),
            }
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM lets tauri-driver stop WebKitWebDriver too; SIGKILL would orphan it.
        terminate(&mut self.process);
    }
}

/// Stops any app process still running on this test's data directory (found by the
/// CARRYALL_DATA_DIR in its environment), in case the drivers did not close it.
fn stop_leftover_apps(data_dir: &Path) {
    let wanted = format!("CARRYALL_DATA_DIR={}", data_dir.display());
    let Ok(processes) = std::fs::read_dir("/proc") else {
        return;
    };
    for process in processes.flatten() {
        let Ok(environ) = std::fs::read(process.path().join("environ")) else {
            continue;
        };
        let ours = environ
            .split(|&b| b == 0)
            .any(|var| var == wanted.as_bytes());
        let pid = process.file_name().to_string_lossy().into_owned();
        if ours && pid.parse::<u32>().is_ok_and(|p| p != std::process::id()) {
            eprintln!("stopping a leftover app process {pid}");
            let _ = Command::new("kill").args(["-TERM", &pid]).status();
        }
    }
}

/// Asks a process to stop (SIGTERM), waits a little, then kills it.
fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn free_port() -> u16 {
    let listener =
        TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).expect("a free port");
    listener.local_addr().expect("the bound address").port()
}
