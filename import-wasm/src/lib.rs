//! The importer as a second wasm module, which the app loads the first time someone imports a
//! report, so that the form's start-up carries none of it (html5ever, zip, quick-xml).
//!
//! A plain wasm ABI, no wasm-bindgen: the module imports nothing, so the app instantiates it with
//! `WebAssembly.instantiate(bytes, {})` and no JS glue travels with it (src/browser.rs,
//! `import_module`). The app calls [`nb_alloc`] for room for the source, writes the bytes there, and
//! calls [`nb_import`], which returns where the answer lies: its length (4 bytes, little-endian), then
//! the answer as JSON ([`answer`]).
#![allow(unsafe_code)] // the two exported functions: a plain wasm ABI hands over raw pointers

use nianbao_core::imported::Answer;
use nianbao_import::{import, Imported};

/// The answer for a source, as JSON ([`nianbao_core::imported::Answer`]).
pub fn answer(bytes: &[u8]) -> String {
    let Imported { draft, summary } = import(bytes);
    let answer = Answer {
        document: summary
            .format
            .as_ref()
            .map(|_| nianbao_core::json::to_json(&draft)),
        summary,
    };
    serde_json::to_string(&answer).unwrap_or_default()
}

/// Room for `len` bytes of source, owned by the module until [`nb_import`] takes it back.
#[no_mangle]
pub extern "C" fn nb_alloc(len: usize) -> *mut u8 {
    let mut buffer = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len));
    buffer.as_mut_ptr()
}

/// Imports the `len` bytes at `ptr` (from [`nb_alloc`]); returns where the answer lies: 4 bytes of
/// its length, then the JSON. The answer stays until the next call (one import at a time).
///
/// # Safety
/// `ptr` must come from `nb_alloc(len)`, with `len` bytes written.
#[no_mangle]
pub unsafe extern "C" fn nb_import(ptr: *mut u8, len: usize) -> *const u8 {
    // SAFETY: the caller passes back what nb_alloc(len) gave, with len bytes written.
    let source = unsafe { Vec::from_raw_parts(ptr, len, len) };
    let json = answer(&source);
    drop(source);
    let mut out = Vec::with_capacity(json.len() + 4);
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(json.as_bytes());
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        *last = out;
        last.as_ptr()
    })
}

thread_local! {
    /// The last answer, kept until the next import so the app can read it.
    static LAST: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::imported::Answer;

    fn fixture(name: &str) -> Vec<u8> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/import/");
        std::fs::read(format!("{path}{name}")).expect("fixture")
    }

    #[test]
    fn the_answer_carries_the_imported_draft_and_its_summary() {
        let source = fixture("full-2024.pdftotext.txt");
        let (draft, summary) = Answer::read(&answer(&source)).expect("an answer the app reads");
        let imported = import(&source);
        assert_eq!(draft.as_ref(), Some(&imported.draft));
        assert_eq!(summary.format.as_deref(), Some("2021"));
        assert_eq!(summary.cells, 200);
        assert_eq!(summary.source, "文字");
        assert!(summary.not_placed.is_empty());
    }

    #[test]
    fn what_is_no_report_answers_with_a_message_and_no_draft() {
        let (draft, summary) = Answer::read(&answer("今天天气很好。".as_bytes())).unwrap();
        assert_eq!(draft, None);
        assert_eq!(summary.format, None);
        assert!(summary.message.is_some());
    }

    #[test]
    fn the_module_abi_hands_the_answer_back_with_its_length() {
        let source = fixture("full-2024.pdftotext.txt");
        let ptr = nb_alloc(source.len());
        // SAFETY: ptr has room for source.len() bytes (nb_alloc), written here in full.
        let out = unsafe {
            std::ptr::copy_nonoverlapping(source.as_ptr(), ptr, source.len());
            nb_import(ptr, source.len())
        };
        // SAFETY: nb_import's answer: 4 bytes of length, then that many bytes, kept until the next call.
        let json = unsafe {
            let len = u32::from_le_bytes(*(out as *const [u8; 4])) as usize;
            std::str::from_utf8(std::slice::from_raw_parts(out.add(4), len))
                .unwrap()
                .to_string()
        };
        assert_eq!(json, answer(&source));
    }
}
