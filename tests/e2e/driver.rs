//! The browser side of the end-to-end tests: a WebDriver server process owned by the test (started on a
//! free loopback port, stopped on drop, also when the test panics) and a browser session with a fresh
//! profile and a download folder, plus small helpers to act and wait like a user.
//!
//! One engine per [`Engine`]: headless Chromium through chromedriver ([`Chromedriver::start`], what
//! the first tests used), Firefox ESR through geckodriver, and WebKitGTK's MiniBrowser through
//! WebKitWebDriver, which has no headless mode: it gets its own Xvfb display, started and stopped
//! here. (Chromium 92 has no matching chromedriver; tests/e2e/cdp.rs drives it over the DevTools
//! protocol instead.)

// Shared by several test crates (e2e.rs, browsers.rs, …), each using a part of it.
#![allow(dead_code)]

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use std::fs::File;
use std::future::Future;
use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The locale every browser under test runs in, whatever the machine's: a fresh machine has only
/// `C.UTF-8`, under which `navigator.language` is `C` in WebKitGTK and `en-US@posix` in Chromium 92
/// (where `Intl` throws), and locale-dependent controls differ from one machine to the next. Pinned
/// through the environment of the browser's process ([`pin_locale`]) and each engine's own setting;
/// each test session checks it ([`expect_pinned_locale`]).
pub const LOCALE: &str = "en-US";

/// Gives a browser (or the WebDriver server that starts it) the pinned [`LOCALE`] in its
/// environment: the language through `LANGUAGE` (read by the browsers, not by the C library), the
/// character set through `LANG=C.UTF-8`, the one UTF-8 locale every Debian machine has. (With
/// `LANG=en_US.UTF-8` where that locale is not installed, Chromium cannot write a Chinese file name
/// and saves every download as “download”.)
pub fn pin_locale(command: &mut Command) -> &mut Command {
    command
        .env("LANG", "C.UTF-8")
        .env("LANGUAGE", "en_US:en")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LC_CTYPE")
        .env_remove("LC_TIME")
}

/// Fails unless the page's `navigator.language` is the pinned [`LOCALE`] (its case aside).
pub fn expect_pinned_locale(engine: &str, language: &Value) {
    let language = language.as_str().unwrap_or_default();
    assert!(
        language.eq_ignore_ascii_case(LOCALE),
        "{engine}: navigator.language is {language:?}, not the pinned {LOCALE}: the browser did not \
         take the locale from pin_locale (tests/e2e/driver.rs)"
    );
}

/// How long any single wait may take before the test fails (generous: CI machines are slow).
pub const WAIT: Duration = Duration::from_secs(30);
/// Between two looks at a condition that has no event to await across WebDriver.
const POLL: Duration = Duration::from_millis(50);

/// The browser engines the tests drive through WebDriver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Current Chromium (Debian's), headless, through chromedriver.
    Chromium,
    /// Firefox ESR, headless, through geckodriver.
    Firefox,
    /// WebKitGTK's MiniBrowser through WebKitWebDriver, on an Xvfb display.
    WebKit,
}

impl Engine {
    /// A short name for logs and file names.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        }
    }

    /// Whether clicking a download link saves a file into the session's download folder. WebKitGTK's
    /// MiniBrowser under automation does not save downloads anywhere a test can set: the tests read
    /// what the page hands to the browser (the Blob behind the link) instead.
    pub fn saves_downloads(self) -> bool {
        !matches!(self, Engine::WebKit)
    }

    /// The WebDriver server: (program, environment variable that overrides it, how to install it).
    fn driver_program(self) -> (String, &'static str) {
        let (var, default) = match self {
            Engine::Chromium => ("CHROMEDRIVER", "chromedriver"),
            Engine::Firefox => ("GECKODRIVER", "geckodriver"),
            Engine::WebKit => ("WEBKITWEBDRIVER", "WebKitWebDriver"),
        };
        if let Ok(program) = std::env::var(var) {
            return (program, var);
        }
        // geckodriver comes from `cargo install`: also look in ~/.cargo/bin when it is not on PATH.
        let in_cargo_bin = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
            .map(|home| home.join("bin").join(default))
            .filter(|p| p.is_file() && !on_path(default));
        let program = in_cargo_bin.map_or_else(|| default.to_string(), |p| p.display().to_string());
        (program, var)
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join(program).is_file()))
}

/// A running WebDriver server (and, for WebKit, its X display), stopped when dropped.
pub struct Chromedriver {
    child: Child,
    port: u16,
    log: PathBuf,
    engine: Engine,
    // Dropped after the driver (fields drop in order): the browser leaves before its display.
    _display: Option<Xvfb>,
}

/// The driver of any engine: the first tests were Chromium-only and named it after chromedriver.
pub type WebDriver = Chromedriver;

impl Chromedriver {
    /// Starts `chromedriver` (from PATH, or `$CHROMEDRIVER`) and waits until `/status` says ready.
    pub fn start(log_dir: &Path) -> Chromedriver {
        Self::launch(Engine::Chromium, log_dir)
    }

    /// Starts the WebDriver server of `engine` (from PATH, or `$CHROMEDRIVER`, `$GECKODRIVER`,
    /// `$WEBKITWEBDRIVER`) and waits until `/status` says ready. For WebKit, first an Xvfb display.
    pub fn launch(engine: Engine, log_dir: &Path) -> Chromedriver {
        let display = (engine == Engine::WebKit).then(|| Xvfb::start(log_dir));
        let port = free_port();
        let (program, var) = engine.driver_program();
        let log = log_dir.join(format!("{}-driver.log", engine.name()));
        let out = File::create(&log).expect("create the driver log");
        let err = out.try_clone().expect("clone log handle");
        let mut command = Command::new(&program);
        match engine {
            Engine::Chromium | Engine::WebKit => command.arg(format!("--port={port}")),
            Engine::Firefox => command.args(["--port", &port.to_string(), "--host", "127.0.0.1"]),
        };
        if let Some(display) = &display {
            command.env("DISPLAY", display.name());
        }
        pin_locale(&mut command);
        if engine == Engine::WebKit {
            // WebKitGTK takes its language from the C library's locale names, not from LANGUAGE
            // (under C.UTF-8 it reports `C`); it saves no downloads, so the file names' character
            // set does not matter here.
            command.env("LC_ALL", "en_US.UTF-8");
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            // Its own process group, so that stopping it can also reach the browsers it started.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {program} ({e}); install it with `bash scripts/setup.sh` \
                     (or name it in ${var})"
                )
            });
        let mut driver = Chromedriver {
            child,
            port,
            log,
            engine,
            _display: display,
        };
        driver.wait_ready();
        driver
    }

    /// The engine this driver drives.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The WebDriver URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn wait_ready(&mut self) {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "the {} WebDriver server exited at start ({status}):\n{}",
                    self.engine.name(),
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            if let Some(body) = http_get(self.port, "/status") {
                let ready = serde_json::from_str::<Value>(body_of(&body))
                    .ok()
                    .and_then(|v| v["value"]["ready"].as_bool());
                if ready == Some(true) {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "the {} WebDriver server did not become ready within {WAIT:?}",
                self.engine.name()
            );
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // Politely first: /shutdown makes chromedriver quit its browsers and exit (the other servers
        // answer 404 and are stopped below; their session was closed by the test already).
        if self.engine == Engine::Chromium {
            let _ = http_get(self.port, "/shutdown");
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(POLL);
        }
        // Then by force, the whole group (the pgid is the child's pid, see process_group(0) above).
        kill_group(&mut self.child);
    }
}

/// Kills `child` and every process of its group (it was started with `process_group(0)`, so the
/// group id is its pid), and reaps it.
pub fn kill_group(child: &mut Child) {
    let pid = child.id();
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// An X server of our own for the engine that cannot run headless (WebKitGTK's MiniBrowser): no
/// window manager, nothing else on it, killed when dropped.
pub struct Xvfb {
    child: Child,
    display: u32,
}

impl Xvfb {
    /// Starts `Xvfb` on the first free display number from :90 and waits for its socket.
    pub fn start(log_dir: &Path) -> Xvfb {
        let log = File::create(log_dir.join("xvfb.log")).expect("create xvfb.log");
        let err = log.try_clone().expect("clone log handle");
        for display in 90..140 {
            // A lock file or a socket means another server has (or had) that display.
            if Path::new(&format!("/tmp/.X{display}-lock")).exists()
                || Path::new(&format!("/tmp/.X11-unix/X{display}")).exists()
            {
                continue;
            }
            let mut child = Command::new("Xvfb")
                .args([
                    &format!(":{display}"),
                    "-screen",
                    "0",
                    "1600x1200x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("clone log handle"))
                .stderr(err.try_clone().expect("clone log handle"))
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| {
                    panic!("cannot start Xvfb ({e}); install it with `bash scripts/setup.sh`")
                });
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{display}"));
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if socket.exists() {
                    return Xvfb { child, display };
                }
                if let Ok(Some(_)) = child.try_wait() {
                    // Lost a race for this display number: try the next one.
                    break;
                }
                std::thread::sleep(POLL);
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!(
            "could not start Xvfb on any display :90-:139; see {}",
            log_dir.join("xvfb.log").display()
        );
    }

    /// The DISPLAY value for programs that should use this server.
    pub fn name(&self) -> String {
        format!(":{}", self.display)
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free loopback port: bind port 0, read what the OS chose, release it for chromedriver.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("bind 127.0.0.1:0")
        .port()
}

/// A minimal HTTP/1.1 GET on loopback, with short timeouts (chromedriver's own endpoints only).
fn http_get(port: u16, path: &str) -> Option<String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    stream
        .set_write_timeout(Some(Duration::from_secs(2)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    // chromedriver keeps the connection open despite `Connection: close`: read the headers, then
    // exactly Content-Length bytes, instead of waiting for the end of the stream.
    let mut response = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        response.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&response);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head.lines().find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            });
            if length.is_some_and(|len| body.len() >= len) {
                break;
            }
        }
    }
    String::from_utf8(response).ok()
}

fn body_of(response: &str) -> &str {
    response.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

/// The Chromium binary to ask for: `$CHROME`, else the first of the usual names on PATH.
fn chromium() -> Option<String> {
    if let Ok(bin) = std::env::var("CHROME") {
        return Some(bin);
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
        .map(|p| p.display().to_string())
}

/// A session of the driver's engine with a fresh profile and downloads going to `downloads` (where
/// the engine can save downloads: see [`Engine::saves_downloads`]).
pub async fn session(driver: &Chromedriver, profile: &Path, downloads: &Path) -> Client {
    let caps = match driver.engine {
        Engine::Chromium => chromium_capabilities(profile, downloads),
        Engine::Firefox => firefox_capabilities(downloads),
        Engine::WebKit => webkit_capabilities(),
    };
    connect(driver, caps).await
}

/// A Chromium session with extra preferences (e.g. JavaScript off), otherwise as [`session`].
pub async fn chromium_session_with_prefs(
    driver: &Chromedriver,
    profile: &Path,
    downloads: &Path,
    prefs: Value,
) -> Client {
    let mut caps = chromium_capabilities(profile, downloads);
    let all = &mut caps["goog:chromeOptions"]["prefs"];
    for (k, v) in prefs.as_object().expect("prefs are an object") {
        all[k] = v.clone();
    }
    connect(driver, caps).await
}

async fn connect(driver: &Chromedriver, caps: Value) -> Client {
    let caps = caps
        .as_object()
        .cloned()
        .expect("capabilities are an object");
    // Plain http to the local driver: no TLS stack needed (see Cargo.toml).
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url())
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot open a {} session: {e}\n{}",
                driver.engine.name(),
                std::fs::read_to_string(&driver.log).unwrap_or_default()
            )
        });
    if driver.engine != Engine::Chromium {
        // Chromium gets its size from --window-size; the others from here.
        let _ = client.set_window_size(1280, 1000).await;
    }
    let language = client
        .execute("return navigator.language;", vec![])
        .await
        .expect("navigator.language");
    expect_pinned_locale(driver.engine.name(), &language);
    client
}

/// Firefox ESR, headless. Downloads of the app's types are saved to `downloads` without asking.
fn firefox_capabilities(downloads: &Path) -> Value {
    let binary = ["/usr/bin/firefox-esr", "/usr/bin/firefox"]
        .into_iter()
        .find(|p| Path::new(p).is_file())
        .map(str::to_string);
    let mut options = json!({
        "args": ["-headless"],
        "prefs": {
            "browser.download.dir": downloads.display().to_string(),
            "browser.download.folderList": 2,
            "browser.download.useDownloadDir": true,
            "browser.download.always_ask_before_handling_new_types": false,
            "browser.download.manager.showWhenStarting": false,
            "browser.helperApps.neverAsk.saveToDisk":
                "application/json,text/html,text/plain,application/octet-stream,\
                 application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            // Opening an HTML download inline would replace the page under test.
            "browser.download.open_pdf_attachments_inline": false,
            // The pinned locale (LOCALE), for the UI, the page and the date control alike.
            "intl.locale.requested": LOCALE,
            "intl.accept_languages": LOCALE,
            "intl.regional_prefs.use_os_locales": false,
            // Quiet in a closed network.
            "app.update.enabled": false,
            "browser.shell.checkDefaultBrowser": false,
            "datareporting.policy.dataSubmissionEnabled": false,
            "toolkit.telemetry.enabled": false,
        },
    });
    if let Some(bin) = binary.or_else(|| std::env::var("FIREFOX").ok()) {
        options["binary"] = json!(bin);
    }
    json!({ "browserName": "firefox", "moz:firefoxOptions": options })
}

/// WebKitGTK's MiniBrowser (the browser WebKitWebDriver knows how to automate).
fn webkit_capabilities() -> Value {
    let binary = std::env::var("MINIBROWSER").ok().or_else(|| {
        [
            "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
            "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser",
            "/usr/lib/x86_64-linux-gnu/webkitgtk-6.0/MiniBrowser",
        ]
        .into_iter()
        .find(|p| Path::new(p).is_file())
        .map(str::to_string)
    });
    let mut options = json!({ "args": ["--automation"] });
    if let Some(bin) = binary {
        options["binary"] = json!(bin);
    }
    json!({ "browserName": "MiniBrowser", "webkitgtk:browserOptions": options })
}

/// Headless Chromium with a fresh profile, downloads saved to `downloads` without asking.
fn chromium_capabilities(profile: &Path, downloads: &Path) -> Value {
    let mut options = json!({
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            "--disable-sync", "--window-size=1280,1000", format!("--lang={LOCALE}"),
            format!("--user-data-dir={}", profile.display()),
        ],
        "prefs": {
            "download.default_directory": downloads.display().to_string(),
            "download.prompt_for_download": false,
            "download.directory_upgrade": true,
            "intl.accept_languages": LOCALE,
        },
    });
    if let Some(bin) = chromium() {
        options["binary"] = json!(bin);
    }
    json!({ "browserName": "chrome", "goog:chromeOptions": options })
}

/// Waits until `probe` yields `Some`, failing with `what` after [`WAIT`].
pub async fn wait_until<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {WAIT:?} waiting for {what}"
        );
        tokio::time::sleep(POLL).await;
    }
}

/// The element with id `id`, waiting for it to appear.
pub async fn by_id(c: &Client, id: &str) -> Element {
    let css = format!("#{id}");
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&css))
        .await
        .unwrap_or_else(|e| panic!("no element #{id}: {e}"))
}

/// The current `value` property of `#id`.
pub async fn value_of(c: &Client, id: &str) -> String {
    by_id(c, id)
        .await
        .prop("value")
        .await
        .unwrap_or_else(|e| panic!("#{id}.value: {e}"))
        .unwrap_or_default()
}

/// Whether `#id` exists and is displayed.
pub async fn shown(c: &Client, id: &str) -> bool {
    match c.find(Locator::Css(&format!("#{id}"))).await {
        Ok(e) => e.is_displayed().await.unwrap_or(false),
        Err(_) => false,
    }
}

/// The control key (WebDriver key codes): held until [`NULL_KEY`].
pub const CONTROL: char = '\u{E009}';
pub const NULL_KEY: char = '\u{E000}';

/// Scrolls `#id` to the middle of the window, as a user scrolls to what they want to reach: WebDriver
/// would only scroll it to the edge, under the app's sticky toolbar.
async fn scroll_to(c: &Client, element: &Element) {
    let arg = serde_json::to_value(element).expect("element reference");
    c.execute(
        "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
        vec![arg],
    )
    .await
    .expect("scroll into view");
}

/// Types `text` into `#id` as a user would: click into it, select what is there, type over it.
pub async fn type_into(c: &Client, id: &str, text: &str) {
    let field = by_id(c, id).await;
    scroll_to(c, &field).await;
    field
        .click()
        .await
        .unwrap_or_else(|e| panic!("click #{id}: {e}"));
    // Ctrl+A then the text: replaces any earlier content with real key events. Two calls: WebKitGTK's
    // driver drops whatever follows the NULL key (release modifiers) within one call.
    field
        .send_keys(&format!("{CONTROL}a{NULL_KEY}"))
        .await
        .unwrap_or_else(|e| panic!("select all in #{id}: {e}"));
    // A line break as the Enter key: WebKitGTK's driver drops a plain "\n" (the others type Enter).
    field
        .send_keys(&text.replace('\n', "\u{E007}"))
        .await
        .unwrap_or_else(|e| panic!("type into #{id}: {e}"));
}

/// Clicks `#id`.
pub async fn click(c: &Client, id: &str) {
    let element = by_id(c, id).await;
    scroll_to(c, &element).await;
    element
        .click()
        .await
        .unwrap_or_else(|e| panic!("click #{id}: {e}"));
}

/// Saves a screenshot of the whole page: the window is made as tall as the page first (and at least
/// 1280 px wide).
pub async fn screenshot_full_page(c: &Client, path: &Path) {
    screenshot_tall(c, path, 1280).await;
}

/// Saves a screenshot of the whole page at least `min_width` px wide (the window's width when the
/// page is narrower than that, e.g. 320 for a phone-sized window).
pub async fn screenshot_tall(c: &Client, path: &Path, min_width: u32) {
    let size = c
        .execute(
            &format!(
                "const d = document.documentElement; \
                 return [Math.max(d.scrollWidth, {min_width}), \
                         Math.max(d.scrollHeight, document.body.scrollHeight)];"
            ),
            vec![],
        )
        .await
        .expect("page size");
    let width = size[0].as_u64().unwrap_or(1280) as u32;
    let height = size[1].as_u64().unwrap_or(1000) as u32;
    let (old_w, old_h) = c.get_window_size().await.expect("window size");
    // Chromium caps a window at 16384 px; beyond that the screenshot is cut at the bottom.
    c.set_window_size(width, (height + 100).min(16_000))
        .await
        .expect("resize");
    let png = c.screenshot().await.expect("screenshot");
    std::fs::create_dir_all(path.parent().expect("screenshot folder")).expect("mkdir");
    std::fs::write(path, png).expect("write screenshot");
    c.set_window_size(old_w as u32, old_h as u32)
        .await
        .expect("resize back");
    eprintln!("e2e: screenshot {}", path.display());
}

/// Waits for the browser to finish a download named `name` in `dir` and returns its content.
/// Chromium writes to a hidden `.crdownload` file first and renames it when done, so the final name
/// appearing means the file is complete; Firefox puts an empty file under the final name at once and
/// writes `<name>.part` beside it until done (a larger file, a Word document, is caught half-way).
pub async fn downloaded(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    let part = dir.join(format!("{name}.part"));
    let deadline = Instant::now() + WAIT;
    let complete =
        || path.is_file() && !part.exists() && std::fs::metadata(&path).is_ok_and(|m| m.len() > 0);
    while !complete() {
        if Instant::now() > deadline {
            let present: Vec<String> = std::fs::read_dir(dir)
                .map(|d| {
                    d.flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            panic!(
                "no download {name} in {} after {WAIT:?}; the folder holds {present:?}",
                dir.display()
            );
        }
        tokio::time::sleep(POLL).await;
    }
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Makes the page record what it hands to the browser to download: the file name of every
/// `<a download>` it clicks and the Blob behind each object URL. With `pass_through` false the click
/// itself is swallowed, for engines that cannot save downloads under automation (WebKitGTK's
/// MiniBrowser would navigate to the blob instead, leaving the page under test). Lasts until the page
/// is reloaded.
pub async fn capture_downloads(c: &Client, pass_through: bool) {
    c.execute(
        "const passThrough = arguments[0];
         if (window.__nbDownloads) return;
         window.__nbDownloads = [];
         window.__nbBlobs = {};
         const create = URL.createObjectURL;
         URL.createObjectURL = function (blob) {
           const url = create.call(URL, blob);
           window.__nbBlobs[url] = blob;
           return url;
         };
         const click = HTMLAnchorElement.prototype.click;
         HTMLAnchorElement.prototype.click = function () {
           if (this.hasAttribute('download')) {
             window.__nbDownloads.push({ name: this.getAttribute('download'), url: this.href });
             if (!passThrough) return;
           }
           return click.call(this);
         };",
        vec![json!(pass_through)],
    )
    .await
    .expect("install the download recorder");
}

/// The content of the download named `name` that the page handed over, read from its Blob (see
/// [`capture_downloads`]); waits for it.
pub async fn captured_download(c: &Client, name: &str) -> Vec<u8> {
    let content = wait_until(&format!("the page to hand over {name}"), || async {
        let found = c
            .execute_async(
                "const [name, done] = arguments;
                 const d = (window.__nbDownloads || []).filter(x => x.name === name).pop();
                 const blob = d && window.__nbBlobs[d.url];
                 if (!blob) { done(null); return; }
                 const reader = new FileReader();
                 reader.onload = () => done(Array.from(new Uint8Array(reader.result)));
                 reader.onerror = () => done(null);
                 reader.readAsArrayBuffer(blob);",
                vec![json!(name)],
            )
            .await
            .ok()?;
        let bytes: Vec<u8> = found
            .as_array()?
            .iter()
            .map(|b| b.as_u64().unwrap_or(0) as u8)
            .collect();
        Some(bytes)
    })
    .await;
    // Blobs are never stored: forget this one so a second download of the same name is waited for.
    let _ = c
        .execute(
            "window.__nbDownloads = (window.__nbDownloads || []).filter(x => x.name !== arguments[0]);",
            vec![json!(name)],
        )
        .await;
    content
}

/// A browser of `engine` with a fresh profile and download folder in a temporary folder of its own.
/// Bound as `let (tmp, webdriver, c) = …`, they are dropped in the right order: the session, then
/// the browser, then its folder.
pub async fn fresh_browser(engine: Engine) -> (tempfile::TempDir, WebDriver, Client) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let downloads = tmp.path().join("downloads");
    std::fs::create_dir_all(&downloads).expect("downloads dir");
    let webdriver = WebDriver::launch(engine, tmp.path());
    let c = session(&webdriver, &tmp.path().join("profile"), &downloads).await;
    (tmp, webdriver, c)
}

/// The id of the element that has the focus ("" when none).
pub async fn focused_id(c: &Client) -> String {
    let id = c
        .execute(
            "return document.activeElement ? document.activeElement.id : '';",
            vec![],
        )
        .await
        .expect("the focused element");
    id.as_str().unwrap_or_default().to_string()
}

/// Types `keys` into whatever has the focus, as a user at the keyboard does. (Element Send Keys on a
/// field without the focus would first focus it and put the caret at its end: not what a user does.)
pub async fn keys_to_focused(c: &Client, keys: &str) {
    c.active_element()
        .await
        .expect("a focused element")
        .send_keys(keys)
        .await
        .expect("type into the focused element");
}

/// WebDriver key codes of the keys the spreadsheet tests press (with [`CONTROL`] and [`NULL_KEY`]).
pub mod key {
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const SHIFT: &str = "\u{E008}";
    pub const UP: &str = "\u{E013}";
    pub const RIGHT: &str = "\u{E014}";
    pub const DOWN: &str = "\u{E015}";
    pub const F2: &str = "\u{E032}";
}
