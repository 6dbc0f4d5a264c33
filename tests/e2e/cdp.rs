//! A minimal Chrome DevTools Protocol client for the browser that has no WebDriver server here:
//! Chromium 92, the engine of the oldest 信创 browsers we support (npm `chrome-aws-lambda@10.1.0`
//! ships it; scripts/setup.sh unpacks it). chromedriver 156 refuses to drive it ("unable to discover
//! open window"), and there is no chromedriver 92 to install, so the tests talk to the browser directly:
//! one WebSocket to the browser, one page session (flat mode), commands answered in order.
//!
//! It acts like a user through the protocol's input domain: real mouse presses at the element's centre,
//! text committed with `Input.insertText` (input events as typing produces them), downloads saved by
//! the browser into a folder (`Browser.setDownloadBehavior`).

use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{json, Value};
use std::io::{BufRead as _, BufReader};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::{tungstenite::Message, MaybeTlsStream, WebSocketStream};

/// How long any single wait may take (as driver::WAIT).
pub const WAIT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(50);

/// Where scripts/setup.sh unpacks Chromium 92 (`$CHROMIUM_92` overrides).
pub fn chromium_92_binary(repo: &Path) -> PathBuf {
    std::env::var_os("CHROMIUM_92").map_or_else(
        || repo.join("node_modules/.chromium-92/chromium"),
        PathBuf::from,
    )
}

/// A running headless Chromium with one page attached, killed (with its process group) when dropped.
pub struct Browser {
    child: Child,
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    session: String,
    next_id: u64,
    log: PathBuf,
}

impl Browser {
    /// Starts `binary` headless with a fresh profile in `dir` and attaches to its first page.
    pub async fn launch(binary: &Path, dir: &Path) -> Browser {
        assert!(
            binary.is_file(),
            "{} is missing: run `bash scripts/setup.sh` (it unpacks Chromium 92 from npm \
             chrome-aws-lambda@10.1.0)",
            binary.display()
        );
        let log = dir.join("chromium-92.log");
        let mut command = Command::new(binary);
        crate::driver::pin_locale(&mut command);
        let mut child = command
            .arg(format!("--lang={}", crate::driver::LOCALE))
            .args([
                // The flags it is known to run with here (shared/reference/toolchain.md).
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--no-zygote",
                "--single-process",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--no-first-run",
                "--window-size=1280,1000",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", dir.join("profile").display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {} ({e})", binary.display()));
        // The browser prints its WebSocket address on stderr; keep reading the rest into the log so
        // that a full pipe never blocks it.
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        let log_path = log.clone();
        std::thread::spawn(move || {
            let mut out = std::fs::File::create(&log_path).ok();
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(out) = out.as_mut() {
                    use std::io::Write as _;
                    let _ = writeln!(out, "{line}");
                }
                if !sent {
                    if let Some(url) = line.strip_prefix("DevTools listening on ") {
                        let _ = tx.send(url.trim().to_string());
                        sent = true;
                    }
                }
            }
        });
        let url = rx.recv_timeout(WAIT).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!(
                "Chromium 92 did not open its DevTools port within {WAIT:?}:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            )
        });
        let (ws, _) = tokio_tungstenite::connect_async(url.as_str())
            .await
            .unwrap_or_else(|e| panic!("connect to {url}: {e}"));
        let mut browser = Browser {
            child,
            ws,
            session: String::new(),
            next_id: 0,
            log,
        };
        // A page of our own, attached and enabled. Once in a while (seen once in some ten starts on
        // the 2-core test machine, with the browser's first page) a page never answers Page.enable:
        // that page is closed and another one taken, instead of failing the test.
        for attempt in 1..=3 {
            let created = browser
                .browser_call("Target.createTarget", json!({ "url": "about:blank" }))
                .await;
            let page = created["targetId"]
                .as_str()
                .expect("a page target")
                .to_string();
            let attached = browser
                .browser_call(
                    "Target.attachToTarget",
                    json!({ "targetId": page, "flatten": true }),
                )
                .await;
            browser.session = attached["sessionId"]
                .as_str()
                .expect("a session id")
                .to_string();
            let session = Some(browser.session.clone());
            let enabled = browser
                .try_send("Page.enable", json!({}), session, Duration::from_secs(10))
                .await;
            if enabled.is_some() {
                browser.call("Runtime.enable", json!({})).await;
                // Headless Chromium 92 takes its locale from the C library's (`en-US@posix` under
                // C.UTF-8) whatever --lang says; the DevTools protocol pins it for the page: the
                // language (navigator.language) and ICU's locale (Intl).
                let agent = browser
                    .eval("navigator.userAgent")
                    .await
                    .expect("navigator.userAgent");
                browser
                    .call(
                        "Emulation.setUserAgentOverride",
                        json!({ "userAgent": agent, "acceptLanguage": crate::driver::LOCALE }),
                    )
                    .await;
                browser
                    .call(
                        "Emulation.setLocaleOverride",
                        json!({ "locale": crate::driver::LOCALE }),
                    )
                    .await;
                let language = browser
                    .eval("navigator.language")
                    .await
                    .expect("navigator.language");
                crate::driver::expect_pinned_locale("Chromium 92", &language);
                return browser;
            }
            eprintln!("Chromium 92: a new page did not answer Page.enable (attempt {attempt})");
            browser
                .browser_call("Target.closeTarget", json!({ "targetId": page }))
                .await;
        }
        panic!(
            "Chromium 92 never answered Page.enable:\n{}",
            std::fs::read_to_string(&browser.log).unwrap_or_default()
        )
    }

    /// A command to the browser itself (no page session).
    pub async fn browser_call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, None).await
    }

    /// A command to the page.
    pub async fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(method, params, Some(session)).await
    }

    /// Sends one command and reads messages until its answer (events in between are not needed:
    /// the tests poll the page instead).
    async fn send(&mut self, method: &str, params: Value, session: Option<String>) -> Value {
        self.try_send(method, params, session, WAIT)
            .await
            .unwrap_or_else(|| panic!("no answer to {method} within {WAIT:?}"))
    }

    /// [`Self::send`] that gives up after `wait`: `None`.
    async fn try_send(
        &mut self,
        method: &str,
        params: Value,
        session: Option<String>,
        wait: Duration,
    ) -> Option<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.ws
            .send(Message::text(message.to_string()))
            .await
            .unwrap_or_else(|e| panic!("send {method}: {e}"));
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let next = tokio::time::timeout(left, self.ws.next()).await.ok()?;
            let Some(Ok(Message::Text(text))) = next else {
                match next {
                    Some(Ok(_)) => continue,
                    other => panic!(
                        "the DevTools connection ended during {method}: {other:?}\n{}",
                        std::fs::read_to_string(&self.log).unwrap_or_default()
                    ),
                }
            };
            let answer: Value = serde_json::from_str(&text).expect("DevTools sends JSON");
            if answer["id"] != json!(id) {
                continue;
            }
            if let Some(error) = answer.get("error") {
                panic!("{method} failed: {error}");
            }
            return Some(answer["result"].clone());
        }
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its value, or the
    /// exception's description.
    pub async fn eval(&mut self, expression: &str) -> Result<Value, String> {
        let result = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            )
            .await;
        if let Some(exception) = result.get("exceptionDetails") {
            return Err(exception["exception"]["description"]
                .as_str()
                .map_or_else(|| exception.to_string(), str::to_string));
        }
        Ok(result["result"]["value"].clone())
    }

    /// Navigates and waits for the document to have loaded.
    pub async fn goto(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url })).await;
        self.wait_for(
            &format!("{url} to load"),
            "document.readyState === 'complete' && document.URL !== 'about:blank'",
        )
        .await;
    }

    /// Reloads the page and waits for it to have loaded.
    pub async fn reload(&mut self) {
        self.eval("window.__nbBeforeReload = true").await.ok();
        self.call("Page.reload", json!({})).await;
        self.wait_for(
            "the reload",
            "!window.__nbBeforeReload && document.readyState === 'complete'",
        )
        .await;
    }

    /// Waits until `condition` (a JS expression) is truthy; returns its value.
    pub async fn wait_for(&mut self, what: &str, condition: &str) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(value) = self.eval(condition).await {
                let truthy = match &value {
                    Value::Null => false,
                    Value::Bool(b) => *b,
                    Value::String(s) => !s.is_empty(),
                    Value::Number(n) => n.as_f64() != Some(0.0),
                    _ => true,
                };
                if truthy {
                    return value;
                }
            }
            assert!(
                Instant::now() < deadline,
                "timed out after {WAIT:?} waiting for {what} ({condition})"
            );
            tokio::time::sleep(POLL).await;
        }
    }

    /// The centre of `#id` in the viewport, after scrolling it to the middle as a user would.
    async fn centre(&mut self, id: &str) -> (f64, f64) {
        let js = format!(
            "(() => {{ const e = document.getElementById({id:?}); if (!e) return null; \
             e.scrollIntoView({{block: 'center', inline: 'nearest'}}); \
             const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
        );
        let at = self.wait_for(&format!("#{id}"), &js).await;
        (at[0].as_f64().expect("x"), at[1].as_f64().expect("y"))
    }

    /// Clicks `#id` with the mouse.
    pub async fn click(&mut self, id: &str) {
        let (x, y) = self.centre(id).await;
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            )
            .await;
        }
    }

    /// Clicks into `#id`, selects what is there and types `text` over it.
    pub async fn type_into(&mut self, id: &str, text: &str) {
        self.click(id).await;
        self.eval(&format!(
            "(() => {{ const e = document.getElementById({id:?}); e.focus(); e.select(); }})()"
        ))
        .await
        .unwrap_or_else(|e| panic!("select in #{id}: {e}"));
        self.call("Input.insertText", json!({ "text": text })).await;
    }

    /// The `value` of `#id`.
    pub async fn value_of(&mut self, id: &str) -> String {
        let v = self
            .eval(&format!("document.getElementById({id:?}).value"))
            .await
            .unwrap_or_else(|e| panic!("#{id}.value: {e}"));
        v.as_str().unwrap_or_default().to_string()
    }

    /// Whether `#id` exists and is rendered.
    pub async fn shown(&mut self, id: &str) -> bool {
        let js = format!(
            "(() => {{ const e = document.getElementById({id:?}); \
             return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'; }})()"
        );
        self.eval(&js).await.ok() == Some(json!(true))
    }

    /// Chooses `file` in the file input `#id`, as the file dialog would.
    pub async fn choose_file(&mut self, id: &str, file: &Path) {
        let element = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": format!("document.getElementById({id:?})") }),
            )
            .await;
        let object = element["result"]["objectId"]
            .as_str()
            .unwrap_or_else(|| panic!("no #{id}"))
            .to_string();
        self.call(
            "DOM.setFileInputFiles",
            json!({ "files": [file.display().to_string()], "objectId": object }),
        )
        .await;
    }

    /// Saves a PNG of the whole page (from the top: a sticky toolbar stays where it belongs).
    pub async fn screenshot(&mut self, path: &Path) {
        let _ = self.eval("window.scrollTo(0, 0)").await;
        let size = self
            .eval("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            .await
            .expect("page size");
        let width = size[0].as_u64().unwrap_or(1280).max(1280);
        let height = size[1].as_u64().unwrap_or(1000).min(16_000);
        let shot = self
            .call(
                "Page.captureScreenshot",
                json!({ "format": "png", "captureBeyondViewport": true,
                        "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 } }),
            )
            .await;
        let png = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            shot["data"].as_str().expect("screenshot data"),
        )
        .expect("base64 screenshot");
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(path, png).expect("write screenshot");
        eprintln!("chromium 92: screenshot {}", path.display());
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The whole group: --single-process keeps it to one process, but be sure.
        crate::driver::kill_group(&mut self.child);
    }
}
