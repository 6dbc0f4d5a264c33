//! Turns Trunk's release output (target/dist-release/) into one self-contained HTML file that works
//! from file://.
//!
//! From file:// Chromium refuses external module scripts, `import()` and `fetch()` of the wasm, but runs
//! an inline `<script type="module">` and `WebAssembly.instantiate(bytes)` (see
//! shared/reference/toolchain.md). So the wasm-bindgen `--target web` glue is pasted as-is into one inline
//! module script, followed by the wasm as base64, decoded to bytes and handed to the glue's init
//! function. Stylesheets become `<style>` elements, icons become data: URLs, and Trunk's preload links
//! and loader script go. Anything else that would load a file or reach the network is an error: the
//! file must stand alone.

use crate::html::{contains_ci, scan, Tag};
use base64::Engine as _;
use std::fs;
use std::path::{Path, PathBuf};

/// The bundled page and what went into it.
#[derive(Debug)]
pub struct Bundle {
    /// The self-contained page.
    pub html: String,
    /// The wasm module that was inlined (in Trunk's output), for the size report.
    pub wasm_path: PathBuf,
    /// Things worth telling the person building (dropped elements, …).
    pub notes: Vec<String>,
    /// The element that carries the import module (packed, never run), when the build has one: the
    /// page's start-up payload is the page without it.
    pub import_element: Option<String>,
}

/// The id of the element that carries the import module in the single file; the module script
/// defines `window.nianbaoImportModule` to unpack it (src/browser.rs calls that on first import).
pub const IMPORT_ELEMENT_ID: &str = "nianbao-import-module";

/// A single file without the element that carries the import module: what a browser reads and
/// runs at start (the size budget's measure, here and in `cargo xtask bench`).
pub fn without_import_module(page: &str) -> String {
    let open = format!("id=\"{}\">", IMPORT_ELEMENT_ID);
    let Some(at) = page.find(&open) else {
        return page.to_string();
    };
    let start = page[..at].rfind("<script").unwrap_or(at);
    let end = page[at..]
        .find("</script>")
        .map_or(page.len(), |e| at + e + "</script>".len());
    format!("{}{}", &page[..start], &page[end..])
}

/// The import module (`import_module::FILE`) packed as the app's wasm is, in an element the page
/// never runs: a `<script>` of a type no browser executes, read as text the first time someone
/// imports a report.
fn import_element(wasm: &[u8]) -> String {
    format!(
        "<script type=\"application/x-nianbao-lzma-base64\" id=\"{IMPORT_ELEMENT_ID}\">{}</script>",
        pack_wasm(wasm)
    )
}

/// Builds the single page from the Trunk output directory `dist`.
pub fn bundle(dist: &Path) -> Result<Bundle, String> {
    // wasm-bindgen writes JS snippets (`#[wasm_bindgen(module = …)]`, `inline_js`) into snippets/, and
    // the glue imports them by relative path: that cannot work inside one inline script.
    let snippets = dist.join("snippets");
    if snippets.exists() {
        return Err(format!(
            "wasm-bindgen produced {}: the app uses JS snippets (#[wasm_bindgen(module = ...)] or \
             inline_js), which the single-file bundle cannot carry. Replace them with js-sys/web-sys \
             calls, or teach xtask/src/bundle.rs to inline them.",
            snippets.display()
        ));
    }
    let index = dist.join("index.html");
    let html = fs::read_to_string(&index).map_err(|e| {
        format!(
            "cannot read {} ({e}); run `trunk build --release` first (cargo xtask dist does)",
            index.display()
        )
    })?;
    let tags = scan(&html).map_err(|e| format!("{}: {e}", index.display()))?;

    let loaders: Vec<&Tag> = tags.iter().filter(|t| is_loader(t, &html)).collect();
    let loader = match loaders.as_slice() {
        [one] => *one,
        [] => {
            return Err(format!(
                "{} has no Trunk loader script (an inline <script type=\"module\"> that loads the \
                 .wasm); was it built by Trunk from an index.html with <link data-trunk rel=\"rust\">?",
                index.display()
            ))
        }
        _ => {
            return Err(format!(
                "{} has {} loader scripts; expected one",
                index.display(),
                loaders.len()
            ))
        }
    };
    let (js_ref, wasm_ref) = asset_refs(loader.text(&html), &tags).ok_or_else(|| {
        "cannot tell the glue .js and the .wasm from Trunk's loader script".to_string()
    })?;
    let js_path = resolve(dist, &js_ref)?;
    let wasm_path = resolve(dist, &wasm_ref)?;
    let glue = fs::read_to_string(&js_path).map_err(|e| format!("{}: {e}", js_path.display()))?;
    let wasm = fs::read(&wasm_path).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    let init = init_function(&glue).ok_or_else(|| {
        format!(
            "{} exports no default init function: is it wasm-bindgen --target web output?",
            js_path.display()
        )
    })?;
    if glue.contains("./snippets/") {
        return Err(format!(
            "{} imports from ./snippets/; the single-file bundle cannot carry JS snippets",
            js_path.display()
        ));
    }
    check_script(&glue, &js_path.display().to_string())?;

    let import_path = dist.join(crate::import_module::FILE);
    let import_element = match fs::read(&import_path) {
        Ok(module) => Some(import_element(&module)),
        Err(_) => None,
    };
    let mut notes = Vec::new();
    if import_element.is_none() {
        notes.push(format!(
            "{} is not in the build: the single file cannot import reports",
            import_path.display()
        ));
    }
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for tag in &tags {
        let replacement = if std::ptr::eq(tag, loader) {
            let script = module_script(&glue, &init, &wasm, import_element.is_some());
            Some(match &import_element {
                Some(element) => format!("{element}\n{script}"),
                None => script,
            })
        } else {
            rewrite(tag, &html, dist, &mut notes)?
        };
        if let Some(text) = replacement {
            edits.push((tag.start, tag.end, text));
        }
    }
    let mut out = html.clone();
    for (start, end, text) in edits.into_iter().rev() {
        out.replace_range(start..end, &text);
    }
    verify(&out)?;
    Ok(Bundle {
        html: out,
        wasm_path,
        notes,
        import_element,
    })
}

/// Trunk's loader: an inline module script that imports the glue and names the .wasm.
fn is_loader(tag: &Tag, html: &str) -> bool {
    tag.name == "script"
        && tag
            .attr("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("module"))
        && tag.attr("src").is_none()
        && tag.text(html).contains(".wasm")
}

/// The glue and wasm references: from the loader's string literals, else from the preload links.
fn asset_refs(loader: &str, tags: &[Tag]) -> Option<(String, String)> {
    let literals = string_literals(loader);
    let pick = |ext: &str| -> Option<String> {
        literals
            .iter()
            .find(|s| strip_query(s).ends_with(ext))
            .cloned()
            .or_else(|| {
                tags.iter()
                    .filter(|t| t.name == "link")
                    .filter_map(|t| t.attr("href"))
                    .find(|h| strip_query(h).ends_with(ext))
                    .map(str::to_string)
            })
    };
    Some((pick(".js")?, pick(".wasm")?))
}

/// The contents of the '…' and "…" literals in a piece of JS (no escapes are expected in paths).
fn string_literals(js: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = js;
    while let Some(open) = rest.find(['\'', '"']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        let after = &rest[open + 1..];
        match after.find(quote) {
            Some(close) => {
                out.push(after[..close].to_string());
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// A reference is local when it names a file next to the page (not a data:, blob:, fragment, … URL).
fn is_local(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    !(u.is_empty()
        || u.starts_with('#')
        || u.starts_with("//")
        || u.contains("://")
        || ["data:", "blob:", "javascript:", "mailto:", "tel:", "about:"]
            .iter()
            .any(|s| u.starts_with(s)))
}

/// Maps a URL from Trunk's page (`/x.js`, `./x.js`, `/public/url/x.js`) to the file in `dist`.
fn resolve(dist: &Path, url: &str) -> Result<PathBuf, String> {
    let path = strip_query(url)
        .trim_start_matches("./")
        .trim_start_matches('/');
    let direct = dist.join(path);
    if direct.is_file() {
        return Ok(direct);
    }
    // A public_url prefix (e.g. /nianbao/) is not a folder in dist: fall back to the file name.
    let name = path.rsplit('/').next().unwrap_or(path);
    let by_name = dist.join(name);
    if by_name.is_file() {
        return Ok(by_name);
    }
    Err(format!(
        "the page refers to {url}, which is not in {}",
        dist.display()
    ))
}

/// The name of the glue's init function: what it exports as default, either as
/// `export { initSync, __wbg_init as default };` (wasm-bindgen 0.2.130) or `export default __wbg_init;`.
fn init_function(glue: &str) -> Option<String> {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let name: String = if let Some(at) = glue.rfind(" as default") {
        let before: String = glue[..at].chars().rev().take_while(|&c| ident(c)).collect();
        before.chars().rev().collect()
    } else {
        let at = glue.rfind("export default ")? + "export default ".len();
        glue[at..].chars().take_while(|&c| ident(c)).collect()
    };
    (!name.is_empty()).then_some(name)
}

/// Text pasted into a `<script>` must not end it early (`</script`) nor enter the HTML parser's
/// "escaped" states (`<!--`), or the page would silently break.
pub(crate) fn check_script(text: &str, what: &str) -> Result<(), String> {
    for bad in ["</script", "<!--"] {
        if contains_ci(text, bad) {
            return Err(format!(
                "{what} contains `{bad}`, which would break the inline <script> it is pasted into"
            ));
        }
    }
    Ok(())
}

/// The LZMA decoder the page uses on the embedded wasm (tested against this module's packer at every
/// preset and other literal/position settings, with node).
pub const UNLZMA_JS: &str = include_str!("unlzma.js");

/// The wasm as it travels in the page: LZMA (the ".lzma" format with the size in its header), then
/// base64. LZMA packs the app's module about 17 % smaller than DEFLATE at its best (zopfli), and base64
/// of packed bytes does not shrink again when the page is gzipped, so that gain is the page's too, in
/// transfer and on disk. Uncompressed base64 would make the page 742 KB, which hurts where it counts:
/// mail attachments and USB sticks carry the file as it is, not gzipped.
pub fn pack_wasm(wasm: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(lzma(wasm, &lzma_options()))
}

/// xz's preset 9 with the longest match search: each step here is worth a few hundred bytes.
fn lzma_options() -> lzma_rust2::LzmaOptions {
    let mut options = lzma_rust2::LzmaOptions::with_preset(9);
    options.nice_len = 273;
    options
}

fn lzma(data: &[u8], options: &lzma_rust2::LzmaOptions) -> Vec<u8> {
    use std::io::Write as _;
    let size = u64::try_from(data.len()).expect("a wasm module fits in u64");
    let mut writer = lzma_rust2::LzmaWriter::new_use_header(Vec::new(), options, Some(size))
        .expect("valid LZMA options");
    writer
        .write_all(data)
        .expect("compressing into a Vec cannot fail");
    writer
        .finish()
        .expect("the whole input was written, so the sizes match")
}

/// The attribute that marks the module script of the single file, which the app looks for
/// (src/browser.rs, `is_single_file`): only that page still works when saved to disk. An attribute,
/// because minifying renames everything in the script's text.
pub const SINGLE_FILE_MARK: &str = "data-nianbao=\"single-file\"";

/// The one inline module script: the glue as-is, then the wasm unpacked and started. No top-level
/// await (Chromium 89+): a promise chain, so that a failure lands in the catch below, which shows it in
/// the page through boot/boot.js (`window.nianbaoBoot.fail`) instead of leaving it blank.
fn module_script(glue: &str, init: &str, wasm: &[u8], with_import: bool) -> String {
    let packed = pack_wasm(wasm);
    // The import module is unpacked only when asked for (src/browser.rs, `import_module`).
    let import = if with_import {
        format!(
            "window.nianbaoImportModule = () => new Promise((resolve) => {{\n\
               const bin = atob(document.getElementById(\"{IMPORT_ELEMENT_ID}\").textContent.trim());\n\
               const packed = new Uint8Array(bin.length);\n\
               for (let i = 0; i < bin.length; i++) packed[i] = bin.charCodeAt(i);\n\
               resolve(nbUnlzma(packed));\n\
             }});\n"
        )
    } else {
        String::new()
    };
    // atob + a loop rather than Uint8Array.fromBase64: that one is missing from the older Chromium-based
    // browsers civil servants use. A block scope keeps these names clear of the glue's own (`wasm`, …).
    format!(
        "<script type=\"module\" {SINGLE_FILE_MARK}>\n{glue}\n\
         // nianbao: the wasm module travels inside this page (file:// forbids fetching it).\n\
         {{\n\
         {UNLZMA_JS}\
         {import}\
         const boot = window.nianbaoBoot;\n\
         const fail = (error) => {{\n\
           console.error(\"nianbao: the app could not start:\", error);\n\
           if (boot) boot.fail(error);\n\
         }};\n\
         try {{\n\
           const bin = atob(\"{packed}\");\n\
           const packed = new Uint8Array(bin.length);\n\
           for (let i = 0; i < bin.length; i++) packed[i] = bin.charCodeAt(i);\n\
           const bytes = nbUnlzma(packed);\n\
           {init}({{ module_or_path: bytes }}).then((wasm) => {{\n\
             if (boot) boot.started();\n\
             dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {{ detail: {{ wasm }} }}));\n\
           }}, fail);\n\
         }} catch (error) {{\n\
           fail(error);\n\
         }}\n\
         }}\n\
         </script>"
    )
}

/// What becomes of one element of Trunk's page: `None` keeps it, `Some(text)` replaces it.
fn rewrite(
    tag: &Tag,
    html: &str,
    dist: &Path,
    notes: &mut Vec<String>,
) -> Result<Option<String>, String> {
    let source = &html[tag.start..tag.end.min(tag.start + 200)];
    match tag.name.as_str() {
        "link" => {
            let rel = tag.rel();
            let href = tag.attr("href").unwrap_or("");
            let has = |r: &str| rel.iter().any(|x| x == r);
            if has("modulepreload") || has("preload") || has("prefetch") {
                // Trunk's preloads of the glue and the wasm: both are inlined now.
                return Ok(Some(String::new()));
            }
            if !is_local(href) {
                return if href.is_empty() || href.starts_with('#') || href.starts_with("data:") {
                    Ok(None)
                } else {
                    Err(format!(
                        "{source} would make a network request; the single file must work offline"
                    ))
                };
            }
            let path = resolve(dist, href)?;
            if has("stylesheet") {
                let css =
                    fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                if contains_ci(&css, "</style") {
                    return Err(format!(
                        "{} contains `</style`, which would end the inline <style> early",
                        path.display()
                    ));
                }
                let media = tag
                    .attr("media")
                    .map(|m| format!(" media=\"{m}\""))
                    .unwrap_or_default();
                return Ok(Some(format!("<style{media}>\n{css}\n</style>")));
            }
            if has("icon") || has("apple-touch-icon") {
                let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let data = base64::engine::general_purpose::STANDARD.encode(bytes);
                let mime = mime_of(&path);
                let mut kept: String = tag
                    .attrs
                    .iter()
                    .filter(|(n, _)| !matches!(n.as_str(), "href" | "integrity" | "crossorigin"))
                    .map(|(n, v)| format!(" {n}=\"{v}\""))
                    .collect();
                kept.push_str(&format!(" href=\"data:{mime};base64,{data}\""));
                return Ok(Some(format!("<link{kept}>")));
            }
            Err(format!(
                "{source} refers to {href}, which the single file cannot carry"
            ))
        }
        "script" => match tag.attr("src") {
            None => {
                check_script(tag.text(html), &format!("the inline script {source}"))?;
                Ok(None)
            }
            Some(src) if !is_local(src) => Err(format!(
                "{source} would load a script from the network; the single file must work offline"
            )),
            Some(src) => {
                let module = tag
                    .attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("module"));
                if module || tag.attr("defer").is_some() || tag.attr("async").is_some() {
                    return Err(format!(
                        "{source}: external module/defer/async scripts cannot be inlined faithfully"
                    ));
                }
                let path = resolve(dist, src)?;
                let js =
                    fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                check_script(&js, &path.display().to_string())?;
                Ok(Some(format!("<script>\n{js}\n</script>")))
            }
        },
        "style" => {
            if contains_ci(tag.text(html), "<!--") {
                notes.push(format!("{source}: contains `<!--`"));
            }
            Ok(None)
        }
        "base" => {
            // Trunk's public URL (<base href="/">) would send every relative link to file:///.
            notes.push(format!("dropped {source}"));
            Ok(Some(String::new()))
        }
        "a" | "area" => Ok(None),
        _ => {
            for attr in ["src", "href", "srcset", "poster", "data"] {
                if let Some(url) = tag.attr(attr) {
                    if attr == "data" && tag.name != "object" {
                        continue;
                    }
                    if is_local(url) || url.contains("://") || url.starts_with("//") {
                        return Err(format!(
                            "{source} loads {url}; the single file cannot carry it and must not \
                             reach the network"
                        ));
                    }
                }
            }
            Ok(None)
        }
    }
}

fn mime_of(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("jpg" | "jpeg") => "image/jpeg",
        _ => "application/octet-stream",
    }
}

/// Final checks on the result: one module script (ours), no leftover links to files, and the charset
/// declared early enough (file:// has no HTTP header to say UTF-8; the browser only looks at the first
/// 1024 bytes for `<meta charset>`).
fn verify(out: &str) -> Result<(), String> {
    let tags = scan(out).map_err(|e| format!("the bundled page does not scan: {e}"))?;
    let modules = tags
        .iter()
        .filter(|t| {
            t.name == "script"
                && t.attr("type")
                    .is_some_and(|x| x.eq_ignore_ascii_case("module"))
        })
        .count();
    if modules != 1 {
        return Err(format!(
            "the bundled page has {modules} module scripts; expected exactly one"
        ));
    }
    if let Some(t) = tags.iter().find(|t| {
        (t.name == "link" || t.name == "script")
            && t.attr("href").or(t.attr("src")).is_some_and(is_local)
    }) {
        return Err(format!(
            "the bundled page still refers to a file: {}",
            &out[t.start..t.end.min(t.start + 200)]
        ));
    }
    let charset = tags.iter().find(|t| {
        t.name == "meta"
            && (t.attr("charset").is_some()
                || t.attr("content")
                    .is_some_and(|c| c.to_ascii_lowercase().contains("charset")))
    });
    match charset {
        Some(t) if t.end <= 1024 => Ok(()),
        Some(_) => Err(
            "<meta charset> is not within the first 1024 bytes of the bundled page; put it first \
             in <head> of index.html (file:// pages have no HTTP header to declare UTF-8)"
                .to_string(),
        ),
        None => Err(
            "index.html has no <meta charset=\"utf-8\">; from file:// the Chinese text would be \
             decoded with a guessed encoding"
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Trunk 0.21 writes for a release build (shape copied from a real dist/index.html).
    const TRUNK_INDEX: &str = r#"<!DOCTYPE html><html lang="zh-CN"><head>
<meta charset="utf-8">
<title>年报</title>
<link rel="stylesheet" href="/style-4f3a.css" integrity="sha384-abc">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="modulepreload" href="/nianbao-9c1e.js" crossorigin="anonymous" integrity="sha384-def"><link rel="preload" href="/nianbao-9c1e_bg.wasm" crossorigin="anonymous" integrity="sha384-ghi" as="fetch" type="application/wasm"></head>
<body><div id="nianbao-app"></div>
<script type="module" nonce="xyz">
import init, * as bindings from '/nianbao-9c1e.js';
const wasm = await init({ module_or_path: '/nianbao-9c1e_bg.wasm' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script></body></html>"#;

    /// The shape of wasm-bindgen 0.2.130 `--target web` glue.
    const GLUE: &str = "let wasmModule, wasmInstance, wasm;\n\
                        async function __wbg_init(module_or_path) { return 1 }\n\
                        export { initSync, __wbg_init as default };\n";

    fn dist_with(index: &str, glue: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("index.html"), index).unwrap();
        fs::write(d.join("nianbao-9c1e.js"), glue).unwrap();
        fs::write(d.join("nianbao-9c1e_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        fs::write(d.join("style-4f3a.css"), "body { color: #333 }").unwrap();
        fs::write(d.join("favicon.svg"), "<svg/>").unwrap();
        dir
    }

    #[test]
    fn bundles_trunk_output_into_one_page() {
        let dist = dist_with(TRUNK_INDEX, GLUE);
        let b = bundle(dist.path()).unwrap();
        let html = &b.html;
        assert!(!html.contains("modulepreload"), "{html}");
        assert!(!html.contains("rel=\"preload\""));
        assert!(!html.contains("/nianbao-9c1e.js"));
        assert!(!html.contains("import init"));
        assert!(!html.contains("integrity"));
        assert!(html.contains("<style>\nbody { color: #333 }\n</style>"));
        assert!(html.contains("href=\"data:image/svg+xml;base64,PHN2Zy8+\""));
        assert!(html.contains("type=\"image/svg+xml\""));
        assert!(html.contains("async function __wbg_init(module_or_path)"));
        assert!(html.contains("<script type=\"module\" data-nianbao=\"single-file\">"));
        assert!(html.contains(&format!("atob(\"{}\")", pack_wasm(b"\0asm\x01\0\0\0"))));
        assert!(html.contains("const bytes = nbUnlzma(packed);"));
        assert!(html.contains("__wbg_init({ module_or_path: bytes }).then("));
        // No top-level await (Chromium 89+), and failures go to the page's boot box.
        assert!(!html.contains("await __wbg_init"));
        assert!(html.contains("boot.fail(error)"));
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains("<div id=\"nianbao-app\"></div>"));
        assert!(b.wasm_path.ends_with("nianbao-9c1e_bg.wasm"));
    }

    #[test]
    fn refuses_a_closing_script_tag_in_the_glue() {
        let dist = dist_with(TRUNK_INDEX, &format!("{GLUE}const s = '</Script>';"));
        let err = bundle(dist.path()).unwrap_err();
        assert!(err.contains("</script"), "{err}");
    }

    #[test]
    fn refuses_snippets() {
        let dist = dist_with(TRUNK_INDEX, GLUE);
        fs::create_dir(dist.path().join("snippets")).unwrap();
        let err = bundle(dist.path()).unwrap_err();
        assert!(err.contains("snippets"), "{err}");
    }

    #[test]
    fn refuses_network_resources() {
        let index = TRUNK_INDEX.replace(
            "<title>",
            "<link rel=\"stylesheet\" href=\"https://cdn.example/x.css\"><title>",
        );
        let err = bundle(dist_with(&index, GLUE).path()).unwrap_err();
        assert!(err.contains("network"), "{err}");
        let index = TRUNK_INDEX.replace("<body>", "<body><img src=\"logo.png\">");
        let err = bundle(dist_with(&index, GLUE).path()).unwrap_err();
        assert!(err.contains("logo.png"), "{err}");
    }

    #[test]
    fn requires_an_early_charset() {
        let index = TRUNK_INDEX.replace("<meta charset=\"utf-8\">", "");
        let err = bundle(dist_with(&index, GLUE).path()).unwrap_err();
        assert!(err.contains("charset"), "{err}");
    }

    /// The page's LZMA decoder (unlzma.js, run by node) gives back exactly what the bundle packs, and
    /// what other settings pack: the fast and normal encoders (presets 0 and 6), other literal context
    /// and position bits, long matches, noise, the empty input. Corrupt and cut-off input is refused
    /// with the page's message, never read past.
    #[test]
    fn the_page_unpacks_what_the_bundle_packs() {
        let noise = crate::tests::noise(0x9e37_79b9, 70_000);
        let text = "政府信息公开工作年度报告 (function () { return 42; }) ".repeat(3000);
        let mut mixed = text.as_bytes()[..20_000].to_vec();
        mixed.extend_from_slice(&noise[..5_000]);
        mixed.extend_from_slice(&text.as_bytes()[..40_000]);
        let inputs: Vec<(&str, Vec<u8>)> = vec![
            ("empty", Vec::new()),
            ("tiny", b"a".to_vec()),
            ("short text", b"hello hello hello hello".to_vec()),
            ("noise", noise),
            ("text", text.into_bytes()),
            ("mixed", mixed),
        ];
        let other_settings = |preset: u32, lc: u32, lp: u32, pb: u32| {
            let mut options = lzma_rust2::LzmaOptions::with_preset(preset);
            (options.lc, options.lp, options.pb) = (lc, lp, pb);
            (format!("preset {preset}, lc {lc} lp {lp} pb {pb}"), options)
        };
        let settings = [
            other_settings(0, 3, 0, 2),
            other_settings(6, 0, 2, 0),
            other_settings(6, 4, 0, 4),
            other_settings(3, 1, 1, 1),
        ];
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        let dir = tempfile::tempdir().unwrap();
        let mut cases = Vec::new();
        for (name, data) in &inputs {
            let mut packs = vec![("the bundle's".to_string(), pack_wasm(data))];
            for (how, options) in &settings {
                packs.push((how.clone(), b64(&lzma(data, options))));
            }
            for (how, packed) in packs {
                cases.push(format!(
                    "[{:?}, {}, {packed:?}, {:?}]",
                    format!("{name}, {how}"),
                    data.len(),
                    b64(data)
                ));
            }
        }
        let packed_text = lzma(b"hello hello hello hello", &lzma_options());
        let mut flipped = packed_text.clone();
        flipped[20] ^= 0x55;
        let mut says_longer = packed_text.clone();
        says_longer[5] = 40;
        let mut says_huge = packed_text.clone();
        says_huge[5..13].fill(0xff);
        let refusals = [
            ("garbage", vec![0xffu8; 20]),
            ("cut off", packed_text[..packed_text.len() - 4].to_vec()),
            ("flipped", flipped),
            ("says it is longer", says_longer),
            ("unknown size", says_huge),
        ];
        let refusals: Vec<String> = refusals
            .iter()
            .map(|(name, bytes)| format!("[{name:?}, {:?}]", b64(bytes)))
            .collect();
        // A flipped byte may still decode (LZMA has no checksum): then it must give other bytes, and
        // the wasm compiler refuses those in the page. What must never happen is reading past the end.
        let script = format!(
            "{UNLZMA_JS}\nconst cases = [{}];\nlet bad = 0;\n\
             for (const [name, len, packed, expected] of cases) {{\n\
               const out = nbUnlzma(Buffer.from(packed, 'base64'));\n\
               if (out.length !== len) {{ bad++; console.log('wrong size: ' + name); }}\n\
               if (Buffer.from(out).toString('base64') !== expected) {{ bad++; console.log('wrong: ' + name); }}\n\
             }}\n\
             const refusals = [{}];\n\
             for (const [name, packed] of refusals) {{\n\
               let refused = false;\n\
               try {{ nbUnlzma(Buffer.from(packed, 'base64')); }} catch (e) {{ refused = /corrupt/.test(e.message); }}\n\
               if (!refused && name !== 'flipped') {{ bad++; console.log('not refused: ' + name); }}\n\
             }}\n\
             console.log(bad ? 'FAILED' : 'ok ' + cases.length);\n",
            cases.join(",\n"),
            refusals.join(",\n")
        );
        let file = dir.path().join("unlzma-test.js");
        fs::write(&file, script).unwrap();
        let out = std::process::Command::new("node")
            .arg(&file)
            .output()
            .expect("node (Node.js, needed by the build anyway; scripts/setup.sh checks it)");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success()
                && stdout
                    .trim_end()
                    .ends_with(&format!("ok {}", inputs.len() * (settings.len() + 1))),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn the_start_up_page_leaves_out_the_import_module_only() {
        let element = import_element(b"\0asm");
        let page = format!("<p>a</p>{element}\n<script type=\"module\">go()</script>");
        assert_eq!(
            without_import_module(&page),
            "<p>a</p>\n<script type=\"module\">go()</script>"
        );
        assert_eq!(without_import_module("<p>a</p>"), "<p>a</p>");
    }

    #[test]
    fn finds_the_init_function_and_literals() {
        assert_eq!(init_function(GLUE).as_deref(), Some("__wbg_init"));
        let current =
            "async function __wbg_init(m) {}\nexport { initSync, __wbg_init as default };\n";
        assert_eq!(init_function(current).as_deref(), Some("__wbg_init"));
        assert_eq!(init_function("export default f;").as_deref(), Some("f"));
        assert_eq!(init_function("function f(){}"), None);
        assert_eq!(
            string_literals("import a from '/a.js'; f({ p: \"b.wasm\" })"),
            ["/a.js", "b.wasm"]
        );
        assert!(is_local("/x.css") && is_local("x.css") && is_local("./a/b.png"));
        assert!(!is_local("#top") && !is_local("data:,") && !is_local("https://a/b"));
    }
}
