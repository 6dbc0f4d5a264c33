//! Minifies static/app.css into `$OUT_DIR/app.min.css`, the copy compiled into the wasm
//! (src/style.rs): the app's only stylesheet, for its own page and for shadow roots alike. Comments and
//! layout whitespace go; strings are kept as they are. (src/style.rs tests the result on the host.)

use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=static/app.css");
    let css = fs::read_to_string("static/app.css").expect("static/app.css");
    let out = Path::new(&env::var_os("OUT_DIR").expect("OUT_DIR")).join("app.min.css");
    fs::write(out, minify(&css)).expect("writing app.min.css");
}

/// `css` without comments, with each run of whitespace made one space, and without the spaces that
/// mean nothing: around `{ } ; , >`, after `:`, and the last `;` of a block. A space before `:` stays
/// (`.a :hover` is not `.a:hover`), and so do those around `+` and `-` (`calc()` needs them).
fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            '"' | '\'' => {
                flush_space(&mut out, &mut space, c);
                out.push(c);
                while let Some(s) = chars.next() {
                    out.push(s);
                    if s == '\\' {
                        out.extend(chars.next());
                    } else if s == c {
                        break;
                    }
                }
            }
            '}' => {
                space = false;
                if out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
            _ => {
                flush_space(&mut out, &mut space, c);
                out.push(c);
            }
        }
    }
    out.push('\n');
    out
}

/// Writes the pending space before `next` unless one of them makes it meaningless.
fn flush_space(out: &mut String, space: &mut bool, next: char) {
    const TIGHT: &[char] = &['{', '}', ';', ',', '>'];
    if std::mem::take(space)
        && !out.is_empty()
        && !TIGHT.contains(&next)
        && !out.ends_with(TIGHT)
        && !out.ends_with(':')
    {
        out.push(' ');
    }
}
