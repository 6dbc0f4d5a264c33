//! The browser-compatibility gate of a release build: nothing in it may need more than Chromium 92
//! (the oldest engine of the 信创 browsers we support: 奇安信可信浏览器 ≈ Chrome 90–92, UOS ≈ 93).
//!
//! - The wasm is validated with only the WebAssembly features Chromium 92 has. Rust ≥ 1.82 turns on
//!   reference types by default and wasm-bindgen then uses `externref`, which Chromium < 96 refuses
//!   with a CompileError: the build environment in main.rs (`release_env`) avoids it, this proves it.
//! - The JavaScript (the wasm-bindgen glue and our own) is searched for APIs and syntax that came after
//!   Chromium 92. A deny list, so it catches what we know of; the real Chromium 92 test
//!   (tests/browsers.rs) catches the rest.
//! - boot/boot.js must stay ES5: it has to run in the IE kernel of dual-engine browsers to tell the
//!   user to switch to 极速模式.
//! - The page keeps the markup that makes dual-engine browsers use their modern engine and that shows
//!   a message where the app cannot start.

use crate::html::{scan, Tag};
use std::fs;
use std::path::Path;
use wasmparser::{Validator, WasmFeatures};

/// The WebAssembly features Chromium 92 ships: the 1.0 spec with mutable-global import/export, sign
/// extension, non-trapping float-to-int, bulk memory and multi-value. Not reference types (96),
/// exception handling (95), tail calls (112), GC, memory64, threads or SIMD (91, but the app has no
/// use for it and some 信创 builds turn it off).
pub fn chromium_92_features() -> WasmFeatures {
    WasmFeatures::WASM1
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::SATURATING_FLOAT_TO_INT
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::MULTI_VALUE
}

/// Validates a wasm module against [`chromium_92_features`].
pub fn check_wasm(bytes: &[u8], what: &str) -> Result<(), String> {
    Validator::new_with_features(chromium_92_features())
        .validate_all(bytes)
        .map(|_| ())
        .map_err(|e| {
            format!(
                "{what} does not validate with Chromium 92's WebAssembly features: {e}. \
                 Was it built with the old-Chromium environment (xtask's release_env: pinned \
                 nightly, -Zbuild-std, -Ctarget-cpu=mvp)? Reference types (externref) need Chromium 96."
            )
        })
}

/// APIs and syntax that Chromium 92 lacks: (text to look for, what it is, first Chromium with it).
const NEWER_THAN_CHROMIUM_92: &[(&str, &str, u32)] = &[
    ("Object.hasOwn(", "Object.hasOwn", 93),
    ("static {", "class static initialization blocks", 94),
    ("WebAssembly.Tag", "WebAssembly exception handling", 95),
    (
        "WebAssembly.Exception",
        "WebAssembly exception handling",
        95,
    ),
    (".findLast(", "Array.prototype.findLast", 97),
    (".findLastIndex(", "Array.prototype.findLastIndex", 97),
    ("structuredClone(", "structuredClone", 98),
    ("AbortSignal.timeout(", "AbortSignal.timeout", 103),
    ("import.meta.resolve(", "import.meta.resolve", 105),
    (".toSorted(", "Array.prototype.toSorted", 110),
    (".toReversed(", "Array.prototype.toReversed", 110),
    (".toSpliced(", "Array.prototype.toSpliced", 110),
    (".isWellFormed(", "String.prototype.isWellFormed", 111),
    (".toWellFormed(", "String.prototype.toWellFormed", 111),
    ("AbortSignal.any(", "AbortSignal.any", 116),
    ("Object.groupBy(", "Object.groupBy", 117),
    ("Map.groupBy(", "Map.groupBy", 117),
    ("Promise.withResolvers(", "Promise.withResolvers", 119),
    ("Array.fromAsync(", "Array.fromAsync", 121),
    ("Iterator.from(", "iterator helpers", 122),
    (".isSubsetOf(", "Set methods", 122),
    (".symmetricDifference(", "Set methods", 122),
    ("Promise.try(", "Promise.try", 128),
    ("Symbol.dispose", "explicit resource management", 134),
    ("Symbol.asyncDispose", "explicit resource management", 134),
    ("Float16Array", "Float16Array", 135),
    ("RegExp.escape(", "RegExp.escape", 136),
    ("WebAssembly.Suspending", "WebAssembly JSPI", 137),
    ("WebAssembly.promising", "WebAssembly JSPI", 137),
    ("Uint8Array.fromBase64", "Uint8Array base64", 140),
    ("Uint8Array.fromHex", "Uint8Array hex", 140),
    (".toBase64(", "Uint8Array.prototype.toBase64", 140),
    ("Error.isError(", "Error.isError", 0),
    ("Math.sumPrecise(", "Math.sumPrecise", 0),
];

/// Finds APIs newer than Chromium 92 in a piece of JavaScript.
pub fn check_js(js: &str, what: &str) -> Result<(), String> {
    let found: Vec<String> = NEWER_THAN_CHROMIUM_92
        .iter()
        .filter(|(needle, _, _)| js.contains(needle))
        .map(|(needle, name, version)| match version {
            0 => format!("`{needle}` ({name}, not in Chromium yet)"),
            v => format!("`{needle}` ({name}, Chromium {v})"),
        })
        .collect();
    if found.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{what} uses what Chromium 92 does not have: {}",
            found.join(", ")
        ))
    }
}

/// Checks that a script is ES5: the IE kernel of a dual-engine browser must be able to run it.
/// Looks at the code outside comments and string literals for ES2015+ keywords and tokens.
pub fn check_es5(js: &str, what: &str) -> Result<(), String> {
    let code = code_only(js);
    let mut found = Vec::new();
    for token in ["=>", "`", "...", "?.", "??", "**"] {
        if code.contains(token) {
            found.push(token.to_string());
        }
    }
    let words = code
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .filter(|w| !w.is_empty());
    for word in words {
        if [
            "let", "const", "class", "async", "await", "import", "export", "yield",
        ]
        .contains(&word)
            && !found.iter().any(|f| f == word)
        {
            found.push(word.to_string());
        }
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{what} must be ES5 (it runs in the IE kernel of dual-engine browsers to say what to \
             do) but uses: {}",
            found.join(" ")
        ))
    }
}

/// The code of an ES5 script with block comments, line comments (at the start of a line) and the
/// contents of string literals blanked out (regex literals are left: ours hold no keywords).
fn code_only(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut chars = js.chars().peekable();
    let mut at_line_start = true;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
                out.push(' ');
            }
            '/' if at_line_start && chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
                out.push('\n');
                at_line_start = true;
                continue;
            }
            '\'' | '"' => {
                let mut escaped = false;
                for s in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if s == '\\' {
                        escaped = true;
                    } else if s == c {
                        break;
                    }
                }
                out.push_str("''");
            }
            _ => out.push(c),
        }
        if c == '\n' {
            at_line_start = true;
        } else if !c.is_whitespace() {
            at_line_start = false;
        }
    }
    out
}

/// Checks a built page: the markup for dual-engine browsers and the start-up fallbacks, and the
/// inline scripts against [`check_js`].
pub fn check_page(html: &str, what: &str) -> Result<(), String> {
    let tags = scan(html).map_err(|e| format!("{what}: {e}"))?;
    let meta = |name: &str, key: &str, value: &str| {
        tags.iter().any(|t: &Tag| {
            t.name == "meta"
                && t.attr(name).is_some_and(|n| n.eq_ignore_ascii_case(key))
                && t.attr("content")
                    .is_some_and(|c| c.eq_ignore_ascii_case(value))
        })
    };
    let mut missing = Vec::new();
    if !meta("name", "renderer", "webkit") {
        missing.push("<meta name=\"renderer\" content=\"webkit\"> (360/QQ/搜狗: modern engine)");
    }
    if !meta("http-equiv", "X-UA-Compatible", "IE=edge") {
        missing.push("<meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\">");
    }
    if !tags.iter().any(|t| t.attr("id") == Some("nianbao-boot")) {
        missing.push("the start-up box <div id=\"nianbao-boot\">");
    }
    if !tags.iter().any(|t| t.name == "noscript") {
        missing.push("a <noscript> message");
    }
    if !missing.is_empty() {
        return Err(format!("{what} lacks {}", missing.join(", ")));
    }
    for tag in tags.iter().filter(|t| t.name == "script") {
        check_js(tag.text(html), &format!("an inline script of {what}"))?;
    }
    Ok(())
}

/// Checks every .wasm, .js and .html file directly in a build folder (Trunk's output).
pub fn check_dist(dir: &Path) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut checked = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.display().to_string();
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        match ext {
            "wasm" => {
                let bytes = fs::read(&path).map_err(|e| format!("{name}: {e}"))?;
                check_wasm(&bytes, &name)?;
            }
            "js" | "mjs" => {
                let js = fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
                check_js(&js, &name)?;
                // boot/boot.js: Trunk's `boot-<hash>.js`, the portal build's `nianbao-boot.js`.
                let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                if stem.starts_with("boot") || stem.starts_with("nianbao-boot") {
                    check_es5(&js, &name)?;
                }
            }
            "html" => {
                let html = fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
                // Only app pages: other HTML (an embedding example) need not carry the fallbacks.
                if html.contains("nianbao-boot") {
                    check_page(&html, &name)?;
                }
            }
            _ => continue,
        }
        checked += 1;
    }
    if checked == 0 {
        return Err(format!("{} holds no build output to check", dir.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest module: MVP only.
    const EMPTY: &[u8] = b"\0asm\x01\0\0\0";

    /// boot/boot.js's FEATURES_WASM bytes, read from the script itself.
    fn boot_probe() -> Vec<u8> {
        let js = include_str!("../../boot/boot.js");
        let start = js
            .find("FEATURES_WASM = [")
            .expect("FEATURES_WASM in boot.js")
            + 17;
        let end = start + js[start..].find(']').expect("end of FEATURES_WASM");
        js[start..end]
            .split(',')
            .map(|b| b.trim())
            .filter(|b| !b.is_empty())
            .map(|b| u8::from_str_radix(b.trim_start_matches("0x"), 16).expect("a hex byte"))
            .collect()
    }

    #[test]
    fn wasm_features_of_chromium_92() {
        check_wasm(EMPTY, "empty").unwrap();
        // A table of externref: reference types, refused like Chromium 92 does.
        let externref_table = b"\0asm\x01\0\0\0\x04\x04\x01\x6f\x00\x00";
        let err = check_wasm(externref_table, "t.wasm").unwrap_err();
        assert!(err.contains("Chromium 92"), "{err}");
        // boot.js's probe uses exactly the features the app is built with: valid for Chromium 92,
        // invalid without bulk memory (so an older browser is told before the app fails).
        let probe = boot_probe();
        check_wasm(&probe, "boot probe").unwrap();
        let without_bulk = chromium_92_features() - WasmFeatures::BULK_MEMORY;
        assert!(Validator::new_with_features(without_bulk)
            .validate_all(&probe)
            .is_err());
        let without_sign_ext = chromium_92_features() - WasmFeatures::SIGN_EXTENSION;
        assert!(Validator::new_with_features(without_sign_ext)
            .validate_all(&probe)
            .is_err());
    }

    #[test]
    fn newer_js_apis_are_named() {
        check_js("const a = [1].at(-1); Object.entries(x);", "ok.js").unwrap();
        let err = check_js("if (Object.hasOwn(o, k)) structuredClone(v);", "glue.js").unwrap_err();
        assert!(err.contains("Object.hasOwn") && err.contains("93"), "{err}");
        assert!(
            err.contains("structuredClone") && err.contains("98"),
            "{err}"
        );
    }

    #[test]
    fn es5_only_in_the_boot_script() {
        check_es5(include_str!("../../boot/boot.js"), "boot.js").unwrap();
        check_es5(
            "var a = 'let const =>'; /* class */\n// async\nvar b = 1;",
            "x",
        )
        .unwrap();
        for bad in [
            "let a = 1;",
            "var f = () => 1;",
            "var s = `x`;",
            "f(...a);",
            "a?.b",
        ] {
            assert!(check_es5(bad, "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn pages_carry_the_fallbacks() {
        let page = "<html><head><meta charset=utf-8><meta name=\"renderer\" content=\"webkit\">\
                    <meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\"></head><body>\
                    <noscript>JS</noscript><div id=\"nianbao-app\"><div id=\"nianbao-boot\">…</div>\
                    </div><script type=\"module\">f();</script></body></html>";
        check_page(page, "page").unwrap();
        let err = check_page(&page.replace("renderer", "x"), "page").unwrap_err();
        assert!(err.contains("renderer"), "{err}");
        let err = check_page(&page.replace("f();", "structuredClone(1);"), "page").unwrap_err();
        assert!(err.contains("structuredClone"), "{err}");
        let err = check_page(&page.replace("<noscript>JS</noscript>", ""), "page").unwrap_err();
        assert!(err.contains("noscript"), "{err}");
    }

    #[test]
    fn the_project_index_carries_the_fallbacks() {
        // index.html is Trunk's input: the meta tags and boxes go through to every build.
        let index = include_str!("../../index.html");
        check_page(index, "index.html").unwrap();
    }
}
