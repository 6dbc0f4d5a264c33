//! `cargo xtask portal`: the build for government portals that place the form in their own pages,
//! written to target/portal/ from the release build (target/dist-release/).
//!
//! A portal page has its own header, CSS and scripts, and often a strict Content-Security-Policy
//! (no inline scripts or styles, no eval). So this build is separate files loaded by relative URLs:
//!
//! - `nianbao.js`: the one script a page includes (`<script type="module" src=…>`). A stable name, so
//!   the webmaster's snippet stays the same from release to release; it is small and names the hashed
//!   files below. It starts the wasm, then defines the `<nianbao-report>` element (static/
//!   nianbao-element.js, appended as it is).
//! - `nianbao-glue-<hash>.js`: wasm-bindgen's glue, as it is; `nianbao-<hash>.wasm`: the module. Named
//!   by content, so they can be cached for ever.
//! - `nianbao-boot.js`, `nianbao-boot.css`: the start-up check and its box (boot/boot.js and
//!   boot/boot.css as they are), stable names too. A classic ES5 script that also runs where the app
//!   cannot (an IE kernel, no WebAssembly, a policy that forbids compiling it): it fills the box the
//!   host page places (`<div id="nianbao-boot">`) with what is wrong and what to do, in Chinese, and
//!   `nianbao.js` takes the box out once the form has started. External files: a CSP forbids inline ones.
//! - `example/`: the example host page (examples/portal/), to try it all out;
//!   `snippet.html`: what to paste into a page; `manifest.json`: the file names.
//!
//! The output is checked for Chromium 92 like the single file (compat::check_dist: the wasm's
//! features, the JavaScript's APIs, boot.js being ES5, the snippet and the example page keeping the
//! fallbacks), since it comes from the same release build and must start in the same browsers.
//!
//! There is no separate CSS file: the form's stylesheet is compiled into the wasm and adopted by each
//! form's shadow root as a constructable stylesheet (src/browser.rs), which `style-src 'self'` allows
//! and which neither reaches the host page nor is reached by it.
//!
//! `cargo xtask portal --serve` serves target/portal/ on 127.0.0.1 with that strict policy, so the
//! example can be tried as a portal would run it.

use std::fs;
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// The Content-Security-Policy the form needs at least (and what `--serve` and the tests send).
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// The start-up check (boot/boot.js) and its box's stylesheet (boot/boot.css) in the portal build:
/// stable names, as the host page names them itself.
const BOOT_JS: &str = "nianbao-boot.js";
const BOOT_CSS: &str = "nianbao-boot.css";

/// Where the portal build goes, below the workspace root.
const OUT: &str = "target/portal";

const USAGE: &str = "usage: cargo xtask portal [--no-build] [--dist DIR] [--out DIR]
       cargo xtask portal --serve [--port PORT] [--out DIR]

  (no option)   trunk build --release, then write target/portal/ (the files a portal serves)
  --no-build    only write target/portal/ from the existing release build (target/dist-release/)
  --serve       serve target/portal/ on http://127.0.0.1:PORT/ (default 8090) with the strict
                Content-Security-Policy; the example page is /example/";

/// Runs the task. `build` is the release build (xtask's `dist` first step); `root` the workspace.
pub fn run(args: &[String], build: fn() -> Result<(), String>, root: &Path) -> Result<(), String> {
    let mut no_build = false;
    let mut serve_it = false;
    let mut port: u16 = 8090;
    let mut dist = root.join("target/dist-release");
    let mut out = root.join(OUT);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))
        };
        match flag.as_str() {
            "--no-build" => no_build = true,
            "--serve" => serve_it = true,
            "--port" => {
                port = value()?
                    .parse()
                    .map_err(|_| format!("--port needs a number\n\n{USAGE}"))?
            }
            "--dist" => dist = PathBuf::from(value()?),
            "--out" => out = PathBuf::from(value()?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ => return Err(format!("unknown option {flag}\n\n{USAGE}")),
        }
    }
    if serve_it {
        return serve(&out, port);
    }
    if !no_build {
        build()?;
    }
    let files = package(&dist, root)?;
    write(&out, &files)?;
    check(&out)?;
    println!("xtask: wrote {}", out.display());
    for (name, content) in &files {
        if !name.contains('/') {
            println!("  {name:<40} {:>9} bytes", content.len());
        }
    }
    println!(
        "  the page that embeds it needs at least this Content-Security-Policy:\n    {CSP}\n  \
         (browsers before Chromium 97, e.g. some 信创 browsers: 'unsafe-eval' in place of \
         'wasm-unsafe-eval')\n  try it: cargo xtask portal --serve, then open http://127.0.0.1:8090/example/"
    );
    Ok(())
}

/// The Chromium 92 gate of the written build (as `cargo xtask dist` has for the single file): the
/// wasm, the JavaScript and the pages at the top (snippet.html) and in example/.
fn check(out: &Path) -> Result<(), String> {
    crate::compat::check_dist(out)?;
    crate::compat::check_dist(&out.join("example"))?;
    println!("xtask: {} passes the Chromium 92 checks", out.display());
    Ok(())
}

/// FNV-1a, 64 bits, as 16 hex digits: a content name for cache busting (not a security hash).
fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The files of the portal build, by path below the output folder.
fn package(dist: &Path, root: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let (glue_path, wasm_path) = find_build(dist)?;
    let glue =
        fs::read_to_string(&glue_path).map_err(|e| format!("{}: {e}", glue_path.display()))?;
    let wasm = fs::read(&wasm_path).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    if glue.contains("./snippets/") {
        return Err(format!(
            "{} imports JS snippets (./snippets/), which the portal build does not carry",
            glue_path.display()
        ));
    }
    if !(glue.contains(" as default") || glue.contains("export default ")) {
        return Err(format!(
            "{} exports no default init function: is it wasm-bindgen --target web output?",
            glue_path.display()
        ));
    }
    let element_path = root.join("static/nianbao-element.js");
    let element = fs::read_to_string(&element_path)
        .map_err(|e| format!("{}: {e}", element_path.display()))?;
    let read = |path: &str| {
        let path = root.join(path);
        fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let boot_js = read("boot/boot.js")?;
    let boot_css = read("boot/boot.css")?;

    let wasm_name = format!("nianbao-{}.wasm", content_hash(&wasm));
    let glue_name = format!("nianbao-glue-{}.js", content_hash(glue.as_bytes()));
    // The import module, fetched the first time someone imports a report.
    let import_module = fs::read(dist.join(crate::import_module::FILE)).ok();
    let import_name = import_module
        .as_ref()
        .map(|bytes| format!("nianbao-import-{}.wasm", content_hash(bytes)));
    let entry = entry_script(&glue_name, &wasm_name, import_name.as_deref(), &element);

    let mut files = vec![
        ("nianbao.js".to_string(), entry.into_bytes()),
        (glue_name.clone(), glue.into_bytes()),
        (wasm_name.clone(), wasm),
        (BOOT_JS.to_string(), boot_js),
        (BOOT_CSS.to_string(), boot_css),
        ("snippet.html".to_string(), snippet().into_bytes()),
        (
            "manifest.json".to_string(),
            format!(
                "{{\n  \"entry\": \"nianbao.js\",\n  \"glue\": \"{glue_name}\",\n  \"wasm\": \"{wasm_name}\",\n  \
                 \"boot\": \"{BOOT_JS}\",\n  \"bootCss\": \"{BOOT_CSS}\",\n  \"bootBox\": \"nianbao-boot\",\n  \
                 \"element\": \"nianbao-report\",\n  \"global\": \"nianbao\",\n  \"csp\": \"{}\"\n}}\n",
                CSP.replace('"', "\\\"")
            )
            .into_bytes(),
        ),
    ];
    if let (Some(name), Some(bytes)) = (import_name, import_module) {
        files.push((name, bytes));
    }
    let examples = root.join("examples/portal");
    let mut entries: Vec<_> = fs::read_dir(&examples)
        .map_err(|e| format!("{}: {e}", examples.display()))?
        .flatten()
        .filter(|e| e.path().is_file())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let bytes =
            fs::read(entry.path()).map_err(|e| format!("{}: {e}", entry.path().display()))?;
        files.push((
            format!("example/{}", entry.file_name().to_string_lossy()),
            bytes,
        ));
    }
    Ok(files)
}

/// Trunk's glue and wasm in `dist`: the one `*_bg.wasm` and the `.js` of the same stem.
fn find_build(dist: &Path) -> Result<(PathBuf, PathBuf), String> {
    let missing = || {
        format!(
            "no release build in {}: run `cargo xtask dist` (or `cargo xtask portal` without --no-build)",
            dist.display()
        )
    };
    let wasm: Vec<PathBuf> = fs::read_dir(dist)
        .map_err(|_| missing())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with("_bg.wasm"))
        .collect();
    let wasm = match wasm.as_slice() {
        [one] => one.clone(),
        [] => return Err(missing()),
        _ => return Err(format!("{} holds more than one *_bg.wasm", dist.display())),
    };
    let stem = wasm
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix("_bg.wasm"))
        .ok_or_else(missing)?;
    let glue = dist.join(format!("{stem}.js"));
    if !glue.is_file() {
        return Err(format!(
            "{} has no {stem}.js next to its wasm",
            dist.display()
        ));
    }
    Ok((glue, wasm))
}

/// The module a page includes: starts the wasm (found next to this file, whatever folder the portal
/// serves it from), then the element code, which defines `<nianbao-report>` once the API is there
/// (`nianbao-ready`). No top-level `await`, as in the single file's loader: a failure is caught, said
/// plainly in the console and shown in the page's start-up box by nianbao-boot.js
/// (`window.nianbaoBoot.fail`), which also takes that box out once the form has started.
fn entry_script(glue: &str, wasm: &str, import: Option<&str>, element: &str) -> String {
    // src/browser.rs asks for the import module through this the first time it is needed.
    let import = import.map_or(String::new(), |name| {
        format!(
            "window.nianbaoImportModule = () =>\n\
             \x20 fetch(new URL(\"./{name}\", import.meta.url)).then((response) => {{\n\
             \x20   if (!response.ok) throw new Error(\"{name}: HTTP \" + response.status);\n\
             \x20   return response.arrayBuffer();\n\
             \x20 }});\n\n"
        )
    });
    format!(
        "// nianbao, portal build: the one script a page includes, as\n\
         //   <script type=\"module\" src=\".../nianbao.js\"></script>\n\
         // It starts the form's WebAssembly (window.nianbao, event \"nianbao-ready\") and defines the\n\
         // <nianbao-report> element. The files it names sit next to it and may be cached for ever.\n\
         // The page's start-up box (#nianbao-boot, with {BOOT_JS}) is taken out once the form has\n\
         // started, and says why when it cannot.\n\
         import init from \"./{glue}\";\n\
         \n\
         {import}\
         init({{ module_or_path: new URL(\"./{wasm}\", import.meta.url) }}).then(\n\
         \x20 () => {{\n\
         \x20   if (window.nianbaoBoot) window.nianbaoBoot.started();\n\
         \x20 }},\n\
         \x20 (error) => {{\n\
         \x20   console.error(\n\
         \x20     \"nianbao：填报工具未能启动。请确认网站的 Content-Security-Policy 的 script-src 含有 'wasm-unsafe-eval'\" +\n\
         \x20     \"（Chromium 97 以前的浏览器：'unsafe-eval'），且 .wasm 文件可以访问。（nianbao: the form could not start)\",\n\
         \x20     error\n\
         \x20   );\n\
         \x20   if (window.nianbaoBoot) window.nianbaoBoot.fail(error);\n\
         \x20 }}\n\
         );\n\
         \n\
         {element}"
    )
}

/// What a webmaster pastes (also in README): the head part (the dual-engine meta tags, the start-up
/// check, the module) and the body part (the start-up box, the `<noscript>` text, the element).
fn snippet() -> String {
    format!(
        "<!-- nianbao: 政府信息公开工作年度报告 填报表单。把 target/portal/ 中的文件放到网站的一个目录下（例如 /static/nianbao/），\n\
         \x20    在页面中加入下面两段。网站须发送的 Content-Security-Policy 至少允许：\n\
         \x20    {CSP}\n\
         \x20    Chromium 97 以前的浏览器（部分信创浏览器）不认识 'wasm-unsafe-eval'，须改用 'unsafe-eval'。\n\
         \x20    .wasm 文件请以 Content-Type: application/wasm 发送。 -->\n\
         \n\
         <!-- 一、放在 <head> 中，紧跟 <meta charset> 之后（360、QQ 等双核浏览器使用极速模式）： -->\n\
         <meta name=\"renderer\" content=\"webkit\">\n\
         <meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\">\n\
         <link rel=\"stylesheet\" href=\"/static/nianbao/{BOOT_CSS}\">\n\
         <script src=\"/static/nianbao/{BOOT_JS}\"></script>\n\
         <script type=\"module\" src=\"/static/nianbao/nianbao.js\"></script>\n\
         \n\
         <!-- 二、放在 <body> 中表单的位置。#nianbao-boot 在表单启动后隐藏；浏览器无法运行表单时\n\
         \x20    （IE 内核/兼容模式、没有 WebAssembly、安全策略不允许等），其中显示原因和解决办法。 -->\n\
         <noscript><p>本填报工具需要浏览器的 JavaScript 功能，请允许本页面运行脚本。</p></noscript>\n\
         <div id=\"nianbao-boot\" class=\"nb-boot\">\n\
         \x20 <h1>正在启动填报工具……</h1>\n\
         \x20 <p class=\"nb-boot-hint\">如果这段文字一直不消失，说明这个浏览器无法运行本工具。360、QQ、搜狗等双核浏览器请切换到“极速模式”；或者换用新版 Chrome、Edge、Firefox，或较新版本的国产（信创）浏览器。</p>\n\
         </div>\n\
         <nianbao-report agency=\"某某市某某局\" year=\"2024\" fixed autosave-prefix=\"portal-report\">\n\
         \x20 正在加载填报工具……\n\
         </nianbao-report>\n"
    )
}

/// Writes the files into `out`, which is ours alone: emptied first, so nothing stale stays.
fn write(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    if out.exists() {
        fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    for (name, bytes) in files {
        let path = out.join(name);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Serves `dir` on 127.0.0.1:`port` with the strict policy, until stopped (Ctrl-C).
fn serve(dir: &Path, port: u16) -> Result<(), String> {
    if !dir.join("nianbao.js").is_file() {
        return Err(format!(
            "{} has no portal build; run `cargo xtask portal` first",
            dir.display()
        ));
    }
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    println!(
        "xtask: serving {} at http://127.0.0.1:{port}/ with Content-Security-Policy: {CSP}\n\
         xtask: the example page: http://127.0.0.1:{port}/example/  (Ctrl-C to stop)",
        dir.display()
    );
    for stream in listener.incoming().flatten() {
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            let _ = respond(stream, &dir);
        });
    }
    Ok(())
}

/// Answers one GET request with a file of `dir` (or 404).
fn respond(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let file = file_for(dir, path);
    let (status, kind, body) = match file.and_then(|f| fs::read(&f).ok().map(|b| (f, b))) {
        Some((file, body)) => ("200 OK", content_type(&file), body),
        None => (
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n".to_vec(),
        ),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Content-Security-Policy: {CSP}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)
}

/// The file a URL path names inside `dir` (`/` and folders: their index.html); `None` for anything
/// that would leave `dir`.
fn file_for(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let path = dir.join(relative);
    Some(if path.is_dir() {
        path.join("index.html")
    } else {
        path
    })
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str =
        "async function __wbg_init(m) {}\nexport { initSync, __wbg_init as default };\n";

    fn fake_repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("target/dist-release")).unwrap();
        fs::create_dir_all(d.join("static")).unwrap();
        fs::create_dir_all(d.join("examples/portal")).unwrap();
        fs::create_dir_all(d.join("boot")).unwrap();
        fs::write(d.join("boot/boot.js"), "var nianbaoBoot = {};\n").unwrap();
        fs::write(d.join("boot/boot.css"), ".nb-boot {}\n").unwrap();
        fs::write(d.join("target/dist-release/nianbao-9c1e.js"), GLUE).unwrap();
        fs::write(
            d.join("target/dist-release/nianbao-9c1e_bg.wasm"),
            b"\0asm\x01\0\0\0",
        )
        .unwrap();
        fs::write(d.join("target/dist-release/index.html"), "<!DOCTYPE html>").unwrap();
        fs::write(d.join("static/nianbao-element.js"), "// the element\n").unwrap();
        fs::write(d.join("examples/portal/index.html"), "<p>host</p>").unwrap();
        dir
    }

    #[test]
    fn packages_hashed_files_behind_a_stable_entry() {
        let repo = fake_repo();
        let files = package(&repo.path().join("target/dist-release"), repo.path()).unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        let wasm = format!("nianbao-{}.wasm", content_hash(b"\0asm\x01\0\0\0"));
        let glue = format!("nianbao-glue-{}.js", content_hash(GLUE.as_bytes()));
        assert_eq!(
            names,
            [
                "nianbao.js",
                glue.as_str(),
                wasm.as_str(),
                "nianbao-boot.js",
                "nianbao-boot.css",
                "snippet.html",
                "manifest.json",
                "example/index.html"
            ]
        );
        let entry = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(
            entry.contains(&format!("import init from \"./{glue}\";")),
            "{entry}"
        );
        assert!(
            entry.contains(&format!("new URL(\"./{wasm}\", import.meta.url)")),
            "{entry}"
        );
        assert!(entry.ends_with("// the element\n"), "{entry}");
        // The start-up box is told both outcomes.
        assert!(entry.contains("window.nianbaoBoot.started()"), "{entry}");
        assert!(entry.contains("window.nianbaoBoot.fail(error)"), "{entry}");
        let manifest: String = String::from_utf8(files[6].1.clone()).unwrap();
        assert!(manifest.contains("'wasm-unsafe-eval'"), "{manifest}");
        assert!(
            manifest.contains("\"boot\": \"nianbao-boot.js\""),
            "{manifest}"
        );
        let snippet = String::from_utf8(files[5].1.clone()).unwrap();
        for part in [
            "<script src=\"/static/nianbao/nianbao-boot.js\"></script>",
            "<link rel=\"stylesheet\" href=\"/static/nianbao/nianbao-boot.css\">",
            "<div id=\"nianbao-boot\" class=\"nb-boot\">",
            "'unsafe-eval'",
        ] {
            assert!(snippet.contains(part), "{part} in {snippet}");
        }
    }

    #[test]
    fn the_written_build_is_checked_for_chromium_92() {
        let repo = fake_repo();
        let dist = repo.path().join("target/dist-release");
        let out = repo.path().join("target/portal");
        write(&out, &package(&dist, repo.path()).unwrap()).unwrap();
        // The snippet (a page fragment with the fallbacks) and the fake build pass.
        check(&out).unwrap();
        // A boot script that is not ES5 is refused …
        fs::write(out.join(BOOT_JS), "let boot = 1;\n").unwrap();
        assert!(check(&out).unwrap_err().contains("ES5"));
        // … and so is a wasm with reference types (a function type with an externref parameter).
        write(&out, &package(&dist, repo.path()).unwrap()).unwrap();
        let wasm = fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "wasm"))
            .unwrap();
        fs::write(&wasm, b"\0asm\x01\0\0\0\x01\x05\x01\x60\x01\x6f\x00").unwrap();
        assert!(check(&out).unwrap_err().contains("Chromium 92"));
        // An example page that has the start-up box must keep the other fallbacks.
        write(&out, &package(&dist, repo.path()).unwrap()).unwrap();
        fs::write(
            out.join("example/index.html"),
            "<html><body><div id=\"nianbao-boot\"></div></body></html>",
        )
        .unwrap();
        assert!(check(&out).unwrap_err().contains("renderer"));
    }

    #[test]
    fn refuses_snippets_and_missing_builds() {
        let repo = fake_repo();
        let dist = repo.path().join("target/dist-release");
        fs::write(
            dist.join("nianbao-9c1e.js"),
            format!("import './snippets/x.js';\n{GLUE}"),
        )
        .unwrap();
        assert!(package(&dist, repo.path())
            .unwrap_err()
            .contains("snippets"));
        let empty = tempfile::tempdir().unwrap();
        assert!(package(empty.path(), repo.path())
            .unwrap_err()
            .contains("cargo xtask dist"));
    }

    #[test]
    fn serves_only_inside_its_folder() {
        let dir = Path::new("/srv/portal");
        assert_eq!(file_for(dir, "/nianbao.js"), Some(dir.join("nianbao.js")));
        assert_eq!(file_for(dir, "/../etc/passwd"), None);
        assert_eq!(file_for(dir, "/example/../../x"), None);
        assert_eq!(content_type(Path::new("a.wasm")), "application/wasm");
        assert_eq!(content_hash(b"").len(), 16);
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
    }
}
