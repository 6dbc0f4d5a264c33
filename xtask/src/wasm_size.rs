//! What a wasm module is made of: its code bytes by function and by crate, read from the module's
//! name section (as twiggy's `top` does; wasmparser is already here for the Chromium 92 gate).
//!
//! Rust's release wasm keeps a name section with mangled paths (`_RNv…`, demangled here to
//! `nianbao_core::check::check_one`), so a function is counted to the crate its path starts with; a trait method (`<T as Trait>::f`) and
//! `drop_in_place<T>` to the crate of `T`, which is what made the code exist.

use std::collections::HashMap;

use wasmparser::{Name, Parser, Payload};

/// Sizes in bytes, largest first.
#[derive(Debug, Default)]
pub struct Breakdown {
    pub total: usize,
    pub code: usize,
    pub data: usize,
    pub functions: usize,
    pub by_crate: Vec<(String, usize)>,
    pub by_function: Vec<(String, usize)>,
}

/// What [`crate_of`] calls a function it cannot count to a crate.
pub const NO_CRATE: &str = "(no crate: compiler builtins, allocator glue)";

/// The language's own types, whose inherent methods are core's.
const PRIMITIVES: [&str; 17] = [
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32",
    "f64", "bool", "char", "str",
];

pub fn breakdown(wasm: &[u8]) -> Result<Breakdown, String> {
    let mut imported = 0u32;
    let mut bodies: Vec<usize> = Vec::new();
    let mut names: HashMap<u32, String> = HashMap::new();
    let mut data = 0;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| format!("reading the wasm: {e}"))? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import.map_err(|e| format!("reading the wasm: {e}"))?;
                    if matches!(import.ty, wasmparser::TypeRef::Func(_)) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body.range().len()),
            Payload::DataSection(reader) => data += reader.range().len(),
            Payload::CustomSection(section) => {
                if let wasmparser::KnownCustom::Name(reader) = section.as_known() {
                    for name in reader {
                        if let Ok(Name::Function(map)) = name {
                            for naming in map.into_iter().flatten() {
                                names.insert(naming.index, naming.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return Err(
            "the wasm has no function names (name section): it must be the build before wasm-opt"
                .to_string(),
        );
    }
    let mut by_crate: HashMap<String, usize> = HashMap::new();
    let mut by_function: HashMap<String, usize> = HashMap::new();
    let mut code = 0;
    let mut functions = 0;
    for (i, size) in bodies.iter().enumerate() {
        let name = names
            .get(&(imported + i as u32))
            .map_or("(unnamed)", String::as_str);
        // wasm-bindgen runs its descriptor functions at build time and takes them out: they
        // never reach the browser.
        if name.contains("__wbindgen_describe") {
            continue;
        }
        code += size;
        functions += 1;
        // `{:#}`: the path without the hash (v0 and legacy manglings alike).
        let demangled = format!("{:#}", rustc_demangle::demangle(name));
        let name = without_hash(&demangled);
        *by_crate.entry(crate_of(name).to_string()).or_default() += size;
        *by_function.entry(name.to_string()).or_default() += size;
    }
    let sorted = |map: HashMap<String, usize>| {
        let mut v: Vec<_> = map.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    Ok(Breakdown {
        total: wasm.len(),
        code,
        data,
        functions,
        by_crate: sorted(by_crate),
        by_function: sorted(by_function),
    })
}

/// `path::to::f::h0123456789abcdef` → `path::to::f` (the legacy mangling's hash).
fn without_hash(name: &str) -> &str {
    match name.rsplit_once("::h") {
        Some((path, hash)) if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            path
        }
        _ => name,
    }
}

/// The crate a function's code is counted to.
pub fn crate_of(name: &str) -> &str {
    let mut rest = name;
    loop {
        let before = rest;
        for prefix in ["<", "&", "mut ", "dyn ", "*const ", "*mut ", "["] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        // Glue whose type is what matters: drop_in_place<T>, and generic core/alloc helpers.
        if let Some(inner) = rest.strip_prefix("core::ptr::drop_in_place<") {
            rest = inner;
        }
        if rest == before {
            break;
        }
    }
    // Inherent methods of the language's own types (`<u128>::_fmt_inner`, `<str>::parse::<u16>`)
    // live in core (or alloc: the name does not say which).
    let head = rest
        .split(['>', ';', ' ', ']', ':', '<'])
        .next()
        .unwrap_or("");
    if PRIMITIVES.contains(&head) {
        // `<str as serde::Serialize>::serialize`: the trait's crate made it.
        return name
            .split_once(" as ")
            .map_or("core", |(_, tr)| crate_of(tr));
    }
    if name.starts_with("__wbg_") || name.starts_with("__wbindgen") {
        return "(wasm-bindgen shims)";
    }
    match rest.find("::") {
        Some(end) if rest[..end].chars().all(|c| c.is_alphanumeric() || c == '_') => &rest[..end],
        // `<str as core::fmt::Display>::fmt`, `<[T] as …>`: a type of the language, so the trait's
        // crate.
        _ => match name.split_once(" as ") {
            Some((_, tr)) => crate_of(tr),
            None => NO_CRATE,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_counts_to_the_crate_that_made_it() {
        assert_eq!(
            crate_of(without_hash(
                "nianbao_core::check::check::h0123456789abcdef"
            )),
            "nianbao_core"
        );
        assert_eq!(
            crate_of(
                "<yew::html::component::lifecycle::RenderRunner as yew::scheduler::Runnable>::run"
            ),
            "yew"
        );
        assert_eq!(
            crate_of("core::ptr::drop_in_place<nianbao::state::State>"),
            "nianbao"
        );
        assert_eq!(crate_of("<&T as core::fmt::Display>::fmt"), "core");
        assert_eq!(crate_of("<str as serde::Serialize>::serialize"), "serde");
        assert_eq!(crate_of("memcpy"), NO_CRATE);
        assert_eq!(crate_of("<u128>::_fmt_inner"), "core");
        assert_eq!(crate_of("<str>::parse::<u16>"), "core");
        assert_eq!(crate_of("__wbg_jspi_task_poll"), "(wasm-bindgen shims)");
        assert_eq!(without_hash("a::b::hello"), "a::b::hello");
    }
}
