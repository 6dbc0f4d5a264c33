//! The app's stylesheet as it is used inside a shadow root (the `<nianbao-report>` element and
//! `nianbao.mount`). Pure string work, tested on the host.
//!
//! static/app.css is written for a page of its own: custom properties on `:root`, the base font on
//! `html` and `body`, sizes in `rem`. In a shadow root none of that holds: `:root`, `html` and `body`
//! match nothing there, and `rem` is the *host page's* root font size (10 px on the many portals built
//! on Bootstrap 3). So the embedded copy is rewritten once, at start:
//!
//! - `:root`, `html`, `body` become `.nb-root`, the wrapper the app renders into; it starts with
//!   `all: initial`, so nothing the host page sets on the element (fonts, colours, `* { all: unset }`)
//!   is inherited into the form;
//! - `N rem` becomes `calc(N * var(--nb-rem))`, with `--nb-rem` the font size app.css gives `html`
//!   (media queries keep theirs: `var()` is not allowed there, and there `rem` never meant the page's
//!   root anyway).
//!
//! The page of the app gets the same `rem` rewrite ([`page_css`]), its selectors untouched: the whole
//! form is then sized by `--nb-rem`, which large text (大字, `.nb-large` in static/app.css) sets on
//! the form's root element, in the page and in shadow roots alike.
//!
//! Selectors of the host page cannot reach into a shadow root, and this stylesheet cannot reach out of
//! it: it is adopted by the shadow root as a constructable stylesheet (src/browser.rs), which a strict
//! `style-src 'self'` also allows.

/// The app's stylesheet, static/app.css minified by build.rs: the only copy the app carries. The page
/// of the app (index.html, the single file) adopts its [`page_css`] form at start (src/browser.rs);
/// shadow roots adopt its [`shadow_css`] form.
pub const APP_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/app.min.css"));

/// The class of the element the app renders into inside a shadow root.
pub const ROOT_CLASS: &str = "nb-root";

/// What the wrapper starts from: nothing inherited from the host page.
const PRELUDE: &str = ":host { display: block; }\n.nb-root { all: initial; display: block; }\n";

/// The shadow-root version of `css` (static/app.css).
pub fn shadow_css(css: &str) -> String {
    rewrite(css, true)
}

/// The page's version of `css`: its selectors as they are, its `rem` lengths in the form's own unit
/// as in a shadow root, `--nb-rem` (given on `html`). One unit everywhere is what lets large text
/// (`.nb-large`, static/app.css) scale the whole form by setting `--nb-rem` on the form's root,
/// in the page and in shadow roots alike.
pub fn page_css(css: &str) -> String {
    rewrite(css, false)
}

/// `css` with its `rem` lengths in `--nb-rem`; in a `shadow` root, its page selectors made the
/// wrapper's and the [`PRELUDE`] first.
fn rewrite(css: &str, shadow: bool) -> String {
    let mut out = String::with_capacity(css.len() + css.len() / 4 + PRELUDE.len());
    if shadow {
        out.push_str(PRELUDE);
    }
    // Depth of `{` blocks, and for each open block whether it holds declarations (a style rule) or
    // further rules (`@media`).
    let mut blocks: Vec<bool> = Vec::new();
    let mut prelude = String::new();
    let mut chars = css.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // Comments are copied as they are, wherever they are.
        if c == '/' && css[i..].starts_with("/*") {
            let end = css[i + 2..].find("*/").map_or(css.len(), |e| i + 2 + e + 2);
            let comment = &css[i..end];
            // Between rules, a comment goes out before the selector it precedes, so that the
            // selector itself is read bare.
            if blocks.last() == Some(&true) || prelude.trim().is_empty() {
                out.push_str(&prelude);
                prelude.clear();
                out.push_str(comment);
            } else {
                prelude.push_str(comment);
            }
            while chars.peek().is_some_and(|&(j, _)| j < end) {
                chars.next();
            }
            continue;
        }
        let in_declarations = blocks.last() == Some(&true);
        match c {
            '{' if !in_declarations => {
                let (text, declarations) = rewrite_prelude(&prelude, shadow);
                out.push_str(&text);
                out.push('{');
                if declarations && is_html_rule(&prelude) {
                    // The rem unit of the embedded copy: the font size app.css gives `html`.
                    let body = &css[i + 1..];
                    if let Some(size) = declared(body, "font-size") {
                        out.push_str(&format!("\n  --nb-rem: {size};"));
                    }
                }
                blocks.push(declarations);
                prelude.clear();
            }
            '{' => {
                // A nested block inside declarations does not occur in app.css; copy it through.
                out.push(c);
                blocks.push(true);
            }
            '}' => {
                if !in_declarations {
                    out.push_str(&prelude);
                    prelude.clear();
                }
                out.push(c);
                blocks.pop();
            }
            _ if in_declarations => {
                // Declarations are copied, with `rem` lengths rewritten as they pass.
                if let Some((len, text)) = rem_length(css, i) {
                    out.push_str(&text);
                    while chars.peek().is_some_and(|&(j, _)| j < i + len) {
                        chars.next();
                    }
                } else {
                    out.push(c);
                }
            }
            _ => prelude.push(c),
        }
    }
    out.push_str(&prelude);
    out
}

/// Rewrites a rule's prelude (in a `shadow` root: the page's selectors become the wrapper's); says
/// whether the block that follows holds declarations (not an at-rule's nested rules). At-rule
/// preludes (`@media (min-width: 900px)`) are kept as they are.
fn rewrite_prelude(prelude: &str, shadow: bool) -> (String, bool) {
    let trimmed = prelude.trim_start();
    if trimmed.starts_with('@') {
        // `@font-face`, `@page` hold declarations; `@media`, `@supports` hold rules.
        let declarations = trimmed.starts_with("@font-face") || trimmed.starts_with("@page");
        return (prelude.to_string(), declarations);
    }
    let lead = &prelude[..prelude.len() - trimmed.len()];
    let mut selectors: Vec<String> = Vec::new();
    for selector in trimmed.split(',') {
        let s = selector.trim();
        let s = match s {
            ":root" | "html" | "body" if shadow => format!(".{ROOT_CLASS}"),
            other => other.to_string(),
        };
        if !selectors.contains(&s) {
            selectors.push(s);
        }
    }
    (format!("{lead}{} ", selectors.join(",\n")), true)
}

/// Whether a prelude's selector list names `html`.
fn is_html_rule(prelude: &str) -> bool {
    prelude.split(',').any(|s| s.trim() == "html")
}

/// The value of the first `name: value;` declaration of a block (up to its `}`).
fn declared<'a>(block: &'a str, name: &str) -> Option<&'a str> {
    let block = &block[..block.find('}').unwrap_or(block.len())];
    block.split(';').find_map(|d| {
        let (n, v) = d.split_once(':')?;
        (n.trim() == name).then(|| v.trim())
    })
}

/// A length in `rem` starting at byte `at` (`0.5rem`, `-1.25rem`, `.5rem`): its length in bytes and its
/// rewrite. The number must not continue an identifier or another number (`h1rem`, `x-1rem`).
fn rem_length(css: &str, at: usize) -> Option<(usize, String)> {
    let bytes = css.as_bytes();
    if at > 0 {
        let before = bytes[at - 1];
        if before.is_ascii_alphanumeric() || matches!(before, b'_' | b'-' | b'.') {
            return None;
        }
    }
    let mut end = at;
    if bytes.get(end) == Some(&b'-') {
        end += 1;
    }
    let digits_start = end;
    while bytes
        .get(end)
        .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
    {
        end += 1;
    }
    if end == digits_start || !css[end..].starts_with("rem") {
        return None;
    }
    let after = bytes.get(end + 3);
    if after.is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')) {
        return None;
    }
    let number = &css[at..end];
    Some((end + 3 - at, format!("calc({number} * var(--nb-rem))")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_selectors_become_the_wrapper() {
        let css =
            ":root {\n  --ink: #111;\n}\n\nhtml {\n  font-size: 17px;\n}\n\nbody { margin: 0 }\n";
        let out = shadow_css(css);
        assert!(out.starts_with(PRELUDE));
        assert!(out.contains(".nb-root {\n  --ink: #111;\n}"), "{out}");
        assert!(
            out.contains(".nb-root {\n  --nb-rem: 17px;\n  font-size: 17px;\n}"),
            "{out}"
        );
        assert!(out.contains(".nb-root { margin: 0 }"), "{out}");
        assert!(!out.contains(":root") && !out.contains("html") && !out.contains("body"));
    }

    #[test]
    fn rem_lengths_use_the_forms_own_unit() {
        let css = "@media (min-width: 60rem) {\n  .a { padding: 0.5rem 1rem; top: calc(100vh - 5.5rem); margin: -.25rem }\n}\n\
                   .h1rem { width: 2rem; }\n.b { content: \"x\"; line-height: 1.6 }\n";
        let out = shadow_css(css);
        assert!(out.contains("@media (min-width: 60rem) {"), "{out}");
        assert!(
            out.contains("padding: calc(0.5 * var(--nb-rem)) calc(1 * var(--nb-rem));"),
            "{out}"
        );
        assert!(
            out.contains("top: calc(100vh - calc(5.5 * var(--nb-rem)));"),
            "{out}"
        );
        assert!(
            out.contains("margin: calc(-.25 * var(--nb-rem)) }"),
            "{out}"
        );
        assert!(
            out.contains(".h1rem { width: calc(2 * var(--nb-rem)); }"),
            "{out}"
        );
        assert!(out.contains("line-height: 1.6 }"), "{out}");
    }

    #[test]
    fn the_page_keeps_its_selectors_and_sizes_in_the_forms_unit() {
        let css = ":root { --ink: #111; }\nhtml { font-size: 17px; }\nbody, .a { margin: 1rem }\n\
                   @media (min-width: 60rem) { .b { width: 2rem } }\n";
        let out = page_css(css);
        assert!(!out.contains(PRELUDE) && !out.contains(ROOT_CLASS), "{out}");
        assert!(out.contains(":root {"), "{out}");
        assert!(
            out.contains("html {\n  --nb-rem: 17px; font-size: 17px; }"),
            "{out}"
        );
        assert!(
            out.contains("body,\n.a { margin: calc(1 * var(--nb-rem)) }"),
            "{out}"
        );
        assert!(out.contains("@media (min-width: 60rem) {"), "{out}");
        assert!(
            out.contains(".b { width: calc(2 * var(--nb-rem)) }"),
            "{out}"
        );
        let app = page_css(APP_CSS);
        assert!(
            app.contains("html {\n  --nb-rem: 17px;font-size:17px;"),
            "{app}"
        );
        assert_eq!(app.matches('{').count(), APP_CSS.matches('{').count());
    }

    #[test]
    fn comments_pass_through_untouched() {
        let css = "/* html { 1rem } */\n.a { /* 2rem */ width: 1rem }\n";
        let out = shadow_css(css);
        assert!(out.contains("/* html { 1rem } */"), "{out}");
        assert!(
            out.contains("/* 2rem */ width: calc(1 * var(--nb-rem)) }"),
            "{out}"
        );
    }

    #[test]
    fn the_app_stylesheet_has_no_page_selectors_or_page_rems_left() {
        let css = include_str!("../static/app.css");
        let out = shadow_css(css);
        assert!(
            out.contains("--nb-rem: 17px;"),
            "app.css gives html a px font size"
        );
        // Outside comments and @media preludes, no `rem` and no page-level selector remains.
        let mut text = String::new();
        let mut rest = out.as_str();
        while let Some(start) = rest.find("/*") {
            text.push_str(&rest[..start]);
            rest = rest[start..].split_once("*/").map_or("", |(_, r)| r);
        }
        text.push_str(rest);
        for line in text
            .lines()
            .filter(|l| !l.trim_start().starts_with("@media"))
        {
            let plain = line.replace("var(--nb-rem)", "");
            assert!(!plain.contains("rem;") && !plain.contains("rem "), "{line}");
            let selector = line.trim();
            assert!(
                !matches!(selector, ":root {" | "html {" | "body {"),
                "page selector left: {line}"
            );
        }
        assert_eq!(out.matches('{').count(), out.matches('}').count());
    }

    #[test]
    fn the_minified_stylesheet_keeps_every_rule() {
        let full = include_str!("../static/app.css");
        assert!(APP_CSS.len() < full.len() * 3 / 4, "{}", APP_CSS.len());
        assert!(!APP_CSS.contains("/*") && !APP_CSS.contains("\n  "));
        assert_eq!(APP_CSS.matches('{').count(), full.matches('{').count());
        assert!(APP_CSS.contains("content:attr(data-value) \" \""));
        assert!(APP_CSS.contains("calc(100vh - 2rem)"));
        assert!(APP_CSS.contains("@media (min-width:900px) and (min-height:560px){"));
        let out = shadow_css(APP_CSS);
        assert!(
            out.contains(".nb-root {\n  --nb-rem: 17px;font-size:17px;"),
            "{out}"
        );
        assert!(out.contains("padding:calc(0.35 * var(--nb-rem)) calc(0.85 * var(--nb-rem))"));
        assert!(out.contains("calc(100vh - calc(2 * var(--nb-rem)))"));
        assert!(!out.contains(":root") && !out.contains("html{") && !out.contains("body{"));
        assert_eq!(out.matches('{').count(), out.matches('}').count());
    }
}
