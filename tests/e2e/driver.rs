//! The browser side of the end-to-end test: a chromedriver process owned by the test (started on a free
//! loopback port, stopped on drop, also when the test panics) and a headless Chromium session with a
//! fresh profile and a download folder, plus small helpers to act and wait like a user.

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

/// How long any single wait may take before the test fails (generous: CI machines are slow).
pub const WAIT: Duration = Duration::from_secs(30);
/// Between two looks at a condition that has no event to await across WebDriver.
const POLL: Duration = Duration::from_millis(50);

/// A running chromedriver, stopped when dropped.
pub struct Chromedriver {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Chromedriver {
    /// Starts `chromedriver` (from PATH, or `$CHROMEDRIVER`) and waits until `/status` says ready.
    pub fn start(log_dir: &Path) -> Chromedriver {
        let port = free_port();
        let log = log_dir.join("chromedriver.log");
        let out = File::create(&log).expect("create chromedriver.log");
        let err = out.try_clone().expect("clone log handle");
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            // Its own process group, so that stopping it can also reach the browsers it started.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {program} ({e}); install it with `bash scripts/setup.sh`")
            });
        let mut driver = Chromedriver { child, port, log };
        driver.wait_ready();
        driver
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
                    "chromedriver exited at start ({status}):\n{}",
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
                "chromedriver did not become ready within {WAIT:?}"
            );
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // Politely first: /shutdown makes chromedriver quit its browsers and exit.
        let _ = http_get(self.port, "/shutdown");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(POLL);
        }
        // Then by force, the whole group (the pgid is the child's pid, see process_group(0) above).
        let pid = self.child.id();
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pid}")])
            .stderr(Stdio::null())
            .status();
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

/// A headless Chromium session with a fresh profile and downloads going to `downloads`.
pub async fn session(driver: &Chromedriver, profile: &Path, downloads: &Path) -> Client {
    let mut options = json!({
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            "--disable-sync", "--window-size=1280,1000",
            format!("--user-data-dir={}", profile.display()),
        ],
        "prefs": {
            "download.default_directory": downloads.display().to_string(),
            "download.prompt_for_download": false,
            "download.directory_upgrade": true,
        },
    });
    if let Some(bin) = chromium() {
        options["binary"] = json!(bin);
    }
    let caps = json!({ "browserName": "chrome", "goog:chromeOptions": options });
    let caps = caps
        .as_object()
        .cloned()
        .expect("capabilities are an object");
    // Plain http to the local chromedriver: no TLS stack needed (see Cargo.toml).
    ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url())
        .await
        .unwrap_or_else(|e| panic!("cannot open a Chromium session: {e}"))
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
    // Ctrl+A then the text: replaces any earlier content with real key events.
    let keys = format!("{CONTROL}a{NULL_KEY}{text}");
    field
        .send_keys(&keys)
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

/// Saves a screenshot of the whole page: the window is made as tall as the page first.
pub async fn screenshot_full_page(c: &Client, path: &Path) {
    let size = c
        .execute(
            "const d = document.documentElement; \
             return [Math.max(d.scrollWidth, 1280), Math.max(d.scrollHeight, document.body.scrollHeight)];",
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

/// Waits for Chromium to finish a download named `name` in `dir` and returns its content. Chromium
/// writes to a hidden `.crdownload` file first and renames it when done, so the final name appearing
/// means the file is complete.
pub async fn downloaded(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    let deadline = Instant::now() + WAIT;
    while !path.is_file() {
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
