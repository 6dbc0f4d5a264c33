//! A tiny HTTP server on a loopback port for tests of the portal build (target/portal/): it serves a
//! folder with a given Content-Security-Policy on every response, as a government portal would, and
//! puts a CSP watcher first in the example page's `<head>` (`window.__cspViolations`, every
//! `securitypolicyviolation` from then on), optionally with a hostile stylesheet last in `<head>`.
//! std only: a thread per connection, ending with the test process.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// Loaded first in the example page: records every CSP violation from then on.
const CSP_WATCH_JS: &str = "window.__cspViolations = [];\n\
    document.addEventListener('securitypolicyviolation', function (e) {\n\
      window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);\n\
    });\n";

/// A request with a body that a page sent (`POST`).
#[derive(Debug, Clone)]
#[allow(dead_code)] // each test binary reads what it needs
pub struct Received {
    pub path: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

#[allow(dead_code)]
impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every `POST` the servers of this test process received, in order.
static RECEIVED: std::sync::Mutex<Vec<Received>> = std::sync::Mutex::new(Vec::new());

/// What pages sent so far (`POST`s).
#[allow(dead_code)]
pub fn received() -> Vec<Received> {
    RECEIVED.lock().expect("received").clone()
}

/// Serves `dir` on a free 127.0.0.1 port with `csp`; returns the port.
#[allow(dead_code)] // each test binary uses one of the two
pub fn serve(dir: PathBuf, csp: &'static str) -> u16 {
    serve_with(dir, csp, None)
}

/// Like [`serve`], and adds `hostile_css` as the example page's last stylesheet (served as
/// `/test/hostile.css`), as a portal's own CSS would come after ours.
pub fn serve_with(dir: PathBuf, csp: &'static str, hostile_css: Option<&'static str>) -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("local address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let _ = respond(stream, &dir, csp, hostile_css);
            });
        }
    });
    port
}

fn respond(
    mut stream: TcpStream,
    dir: &Path,
    csp: &str,
    hostile_css: Option<&'static str>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // The rest of the request head, so the browser is not answered mid-request.
    let mut headers = Vec::new();
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        if let Some((name, value)) = line.trim_end().split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/").to_string();
    if request.starts_with("POST ") {
        // A report the page sends (the example portal's 提交): kept for the test to read.
        let length = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        std::io::Read::read_exact(&mut reader, &mut body)?;
        RECEIVED.lock().expect("received").push(Received {
            path,
            headers,
            body,
        });
        let answer = br#"{"ok":true}"#;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nConnection: close\r\n\r\n",
            answer.len()
        )?;
        return stream.write_all(answer);
    }
    let (status, kind, body): (&str, &str, Vec<u8>) = if path == "/test/csp-watch.js" {
        ("200 OK", "text/javascript", CSP_WATCH_JS.into())
    } else if let (Some(css), "/test/hostile.css") = (hostile_css, path.as_str()) {
        ("200 OK", "text/css", css.into())
    } else {
        match file(dir, &path) {
            Some((file, bytes)) => {
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("js") => "text/javascript; charset=utf-8",
                    Some("css") => "text/css; charset=utf-8",
                    Some("wasm") => "application/wasm",
                    _ => "application/octet-stream",
                };
                let bytes = if path.starts_with("/example/") && kind.starts_with("text/html") {
                    watched(bytes, hostile_css.is_some())
                } else {
                    bytes
                };
                ("200 OK", kind, bytes)
            }
            None => ("404 Not Found", "text/plain", b"not found".to_vec()),
        }
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Content-Security-Policy: {csp}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)
}

/// The file a URL path names inside `dir`; folders give their index.html.
fn file(dir: &Path, url_path: &str) -> Option<(PathBuf, Vec<u8>)> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut path = dir.join(relative);
    if path.is_dir() {
        path = path.join("index.html");
    }
    let bytes = std::fs::read(&path).ok()?;
    Some((path, bytes))
}

/// The page with the CSP watcher as the first script of `<head>` (after the meta tags, which must
/// come first for dual-engine browsers), and the hostile stylesheet last if asked.
fn watched(page: Vec<u8>, hostile: bool) -> Vec<u8> {
    let page = String::from_utf8(page).expect("UTF-8 page");
    let at = page
        .find("<link")
        .or_else(|| page.find("<script"))
        .expect("a stylesheet or script in the page");
    let page = format!(
        "{}<script src=\"/test/csp-watch.js\"></script>\n  {}",
        &page[..at],
        &page[at..]
    );
    if hostile {
        page.replacen(
            "</head>",
            "  <link rel=\"stylesheet\" href=\"/test/hostile.css\">\n</head>",
            1,
        )
        .into_bytes()
    } else {
        page.into_bytes()
    }
}
