//! Minifies the scripts of the single file with terser (npm, pinned in package-lock.json).
//!
//! Why: the wasm-bindgen glue, the start-up check, the custom element and the wasm decoder are
//! readable source with comments: about 80 KB, 19 KB gzipped, a tenth of the page. terser, not
//! Trunk's own minifier: Trunk's (minify-js) is known to break wasm-bindgen glue (trunk-rs/trunk#761,
//! #1044), terser is what most of the web ships through. Every browser test runs the minified page.
//!
//! Classic scripts are kept to ES5 syntax where they were ES5 (`--ecma 5 --ie8`): boot/boot.js must
//! still run in the IE kernel of dual-engine browsers to say why the app cannot start there. terser
//! never introduces syntax newer than `--ecma`; the compat check (`compat.rs`) reads the result.

use crate::html::scan;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

/// What kind of script, for terser's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Classic,
    Module,
}

/// The page with each inline classic or module script minified; every other byte stays.
pub fn minify_scripts(html: &str, terser: &Path) -> Result<String, String> {
    let tags = scan(html).map_err(|e| format!("the page does not scan: {e}"))?;
    let mut out = html.to_string();
    let scripts = tags
        .iter()
        .filter(|t| t.name == "script" && t.attr("src").is_none());
    let mut edits = Vec::new();
    for tag in scripts {
        let kind = match tag.attr("type").map(str::to_ascii_lowercase).as_deref() {
            None | Some("" | "text/javascript") => Kind::Classic,
            Some("module") => Kind::Module,
            // Data blocks (JSON, templates) are not scripts.
            Some(_) => continue,
        };
        let Some((start, end)) = tag.content else {
            continue;
        };
        let minified = terse(&html[start..end], kind, terser)?;
        crate::bundle::check_script(&minified, "terser's output")?;
        edits.push((start, end, minified));
    }
    for (start, end, text) in edits.into_iter().rev() {
        out.replace_range(start..end, &text);
    }
    Ok(out)
}

/// One script through terser (read from stdin, written to stdout).
fn terse(js: &str, kind: Kind, terser: &Path) -> Result<String, String> {
    let mut args = vec!["--compress", "--mangle", "--comments", "false"];
    args.extend_from_slice(match kind {
        Kind::Classic => &["--ecma", "5", "--ie8"][..],
        Kind::Module => &["--module", "--ecma", "2017"][..],
    });
    let mut child = Command::new(terser)
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!(
                "cannot run {} ({e}); run `bash scripts/setup.sh` (npm terser, pinned in \
                 package.json)",
                terser.display()
            )
        })?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    // Write from another thread: terser may fill its stdout pipe before it has read all of stdin.
    let input = js.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("terser: {e}"))?;
    writer
        .join()
        .map_err(|_| "terser: the writer thread panicked".to_string())?
        .map_err(|e| format!("terser: cannot write the script to it: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "terser failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let text = String::from_utf8(output.stdout).map_err(|e| format!("terser: {e}"))?;
    Ok(text.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terser() -> std::path::PathBuf {
        let path = crate::root().join("node_modules/.bin/terser");
        assert!(
            path.exists(),
            "{} is missing: run `bash scripts/setup.sh`",
            path.display()
        );
        path
    }

    /// Scripts shrink and still compute the same; data blocks, styles and markup stay as they are;
    /// an ES5 script stays ES5 (no arrows, no let/const, no template strings).
    #[test]
    fn minifies_scripts_and_nothing_else() {
        let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\
            <style>/* kept */ body { color: red }</style>\
            <script>/* boot */ var answer = (function () { var first = 40; var second = 2; \
            return first + second; })(); window.nbAnswer = answer;</script>\
            <script type=\"application/json\">{ \"kept\" : true }</script>\
            </head><body><p>正文 <!-- note --></p>\
            <script type=\"module\">/* glue */ const longName = (value) => value * 2;\n\
            export function visible(x) { return longName(x); }\n\
            globalThis.nbModule = visible(21);</script></body></html>";
        let out = minify_scripts(page, &terser()).unwrap();
        assert!(out.len() < page.len(), "{out}");
        for kept in [
            "<style>/* kept */ body { color: red }</style>",
            "<script type=\"application/json\">{ \"kept\" : true }</script>",
            "<p>正文 <!-- note --></p>",
            "window.nbAnswer=",
            "export function visible",
        ] {
            assert!(out.contains(kept), "{kept} is gone: {out}");
        }
        for gone in ["/* boot */", "/* glue */", "longName"] {
            assert!(!out.contains(gone), "{gone} is still there: {out}");
        }
        let classic = &out[out.find("<script>").unwrap()..];
        let classic = &classic[..classic.find("</script>").unwrap()];
        for es2015 in ["=>", "let ", "const ", "`"] {
            assert!(!classic.contains(es2015), "{es2015} in {classic}");
        }
        let run = format!(
            "var window = globalThis;\n{}\nconsole.log(window.nbAnswer);",
            &classic[8..]
        );
        let node = Command::new("node")
            .args(["-e", &run])
            .output()
            .expect("node");
        assert_eq!(
            String::from_utf8_lossy(&node.stdout).trim(),
            "42",
            "{classic}"
        );
    }

    #[test]
    fn refuses_what_terser_cannot_parse() {
        let err = minify_scripts("<script>var = ;</script>", &terser()).unwrap_err();
        assert!(err.contains("terser failed"), "{err}");
    }
}
