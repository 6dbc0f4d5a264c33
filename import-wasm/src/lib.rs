//! The importer as a second wasm module, which the app loads the first time someone imports a
//! report, so that the form's start-up carries none of it (html5ever, zip, quick-xml).
//!
//! It also writes the Word export ([`nianbao_import::docx_out`]), which needs the same zip and XML
//! crates: the app hands it the report as our JSON document and gets the .docx back.
//!
//! A plain wasm ABI, no wasm-bindgen: the module imports nothing, so the app instantiates it with
//! `WebAssembly.instantiate(bytes, {})` and no JS glue travels with it (src/browser.rs,
//! `import_module`). The app calls [`nb_alloc`] for room for its input and writes the bytes there,
//! then calls one of:
//! - [`nb_import`] with a source to import: the answer is JSON ([`answer`]);
//! - [`nb_docx`] with our JSON document of a report: the answer is the .docx ([`docx`]), or
//!   nothing (length 0) when the JSON cannot be read or the document not written.
//!
//! Each returns where its answer lies: its length (4 bytes, little-endian), then its bytes, kept
//! in one buffer until the next call.
#![allow(unsafe_code)] // the exported functions: a plain wasm ABI hands over raw pointers

use nianbao_core::imported::Answer;
use nianbao_import::docx_out::to_docx;
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

/// The Word document of a report given as our JSON document (as `nianbao_core::json::to_json`
/// writes it); `None` when the bytes are not such a document or the document cannot be written.
pub fn docx(json: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(json).ok()?;
    let draft = nianbao_core::json::from_json(text).ok()?;
    to_docx(&draft).ok()
}

/// Room for `len` bytes of input, owned by the module until [`nb_import`] or [`nb_docx`] takes it
/// back.
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
    hand_back(json.as_bytes())
}

/// Writes the Word document of the report whose JSON document is the `len` bytes at `ptr` (from
/// [`nb_alloc`]); returns where it lies: 4 bytes of its length, then the .docx. The length is 0,
/// and no bytes follow, when the JSON cannot be read or the document not written. The answer stays
/// until the next call.
///
/// # Safety
/// `ptr` must come from `nb_alloc(len)`, with `len` bytes written.
#[no_mangle]
pub unsafe extern "C" fn nb_docx(ptr: *mut u8, len: usize) -> *const u8 {
    // SAFETY: the caller passes back what nb_alloc(len) gave, with len bytes written.
    let json = unsafe { Vec::from_raw_parts(ptr, len, len) };
    let bytes = docx(&json).unwrap_or_default();
    drop(json);
    hand_back(&bytes)
}

/// Keeps an answer, behind its length, in [`LAST`] until the next call; where it lies.
fn hand_back(bytes: &[u8]) -> *const u8 {
    let len = u32::try_from(bytes.len()).unwrap_or(0);
    let mut out = Vec::with_capacity(bytes.len() + 4);
    out.extend_from_slice(&len.to_le_bytes());
    if len > 0 {
        out.extend_from_slice(bytes);
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        *last = out;
        last.as_ptr()
    })
}

thread_local! {
    /// The last answer (of an import or a Word document), kept until the next call so the app can
    /// read it.
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

    /// Calls an exported function as the app does: `nb_alloc`, the input written there, the call;
    /// reads back the answer's bytes after their length.
    fn call(f: unsafe extern "C" fn(*mut u8, usize) -> *const u8, input: &[u8]) -> Vec<u8> {
        let ptr = nb_alloc(input.len());
        // SAFETY: ptr has room for input.len() bytes (nb_alloc), written here in full.
        let out = unsafe {
            std::ptr::copy_nonoverlapping(input.as_ptr(), ptr, input.len());
            f(ptr, input.len())
        };
        // SAFETY: the answer: 4 bytes of length, then that many bytes, kept until the next call.
        unsafe {
            let len = u32::from_le_bytes(*(out as *const [u8; 4])) as usize;
            std::slice::from_raw_parts(out.add(4), len).to_vec()
        }
    }

    #[test]
    fn the_module_abi_hands_the_word_document_back_with_its_length() {
        let draft = import(&fixture("full-2024.pdftotext.txt")).draft;
        let json = nianbao_core::json::to_json(&draft);
        let bytes = call(nb_docx, json.as_bytes());
        assert_eq!(bytes, to_docx(&draft).unwrap());
        assert!(bytes.starts_with(b"PK\x03\x04"));
        // The document imports back as the report it was written from.
        assert_eq!(import(&bytes).draft.tables, draft.tables);
        // What is not our JSON document answers with nothing, and the buffer is the same one the
        // import answers in.
        assert_eq!(call(nb_docx, b"{ not json"), Vec::<u8>::new());
        assert_eq!(call(nb_docx, &[0xff, 0xfe]), Vec::<u8>::new());
        assert_eq!(call(nb_docx, b""), Vec::<u8>::new());
        let source = fixture("full-2024.pdftotext.txt");
        assert_eq!(call(nb_import, &source), answer(&source).into_bytes());
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
