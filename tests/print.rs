//! Print test: printed to an A4 PDF, the HTML export and the form never cut a row label of the
//! applications table (section 三) across two pages, and repeat the table's header on every page
//! the table continues on; the export prints “无” under an optional section left blank instead of
//! a bare heading. What the test reads is what a reader of the paper sees: the PDF's text as
//! `pdftotext -layout` lays it out, page by page.
//!
//! Where the page breaks fall depends on how long the texts before the table are, so one report
//! proves little: the test prints `full-2024.json` as it is, then again with one more line under
//! （五）监督保障 at a time, up to more lines than a page holds, which moves the page breaks through
//! the whole table. Then the report with its optional （四）其他 left blank.
//!
//! The export is opened from file://; the form is the single-file release build, each report opened
//! in it with 打开 and printed as a user prints it (Ctrl+P: its print stylesheet). Each prints in
//! headless Chromium (chromedriver) and Firefox ESR (geckodriver), one test each; the form's row
//! labels are one box each (a span, `display: inline-block` when printed), as the export's are, so
//! that Firefox moves them whole too (see [`form_in_firefox`]). The PDFs and their text are kept in target/print/ to look at. Firefox's
//! PDFs carry some ideographs in a form pdftotext cannot read back (see [`unreadable`]).
//!
//! The text of each of Chromium's prints of `full-2024.json` — what copying from a PDF viewer
//! gives, with the page breaks swept through the table (its head repeated, labels cut over pages)
//! — is imported back (issue 14) and must give the report's every figure and text
//! ([`imports_back`]).
//!
//! The form prints as the report, not as a form (issue 13): before each print the test collects the
//! words of every control on the page — buttons, labels, the toolbar, the findings, hints, markers,
//! the word 自动 of computed cells — and none of them that the report itself does not say may be
//! printed (see [`check_controls`]). A last print has a mistake typed into a cell, so that its
//! markers, its message and the column's mark are on the page, with the focus in the cell. The form
//! prints “无” under its blank optional section, as the export does.
//!
//! Run with `cargo xtask dist && cargo test -p nianbao --test print -- --test-threads=1` (the
//! form's tests need the release build, `-- export` runs the export's alone; `chromium` or
//! `firefox` one engine's). One browser at a time, as the e2e tests run: once, with four browsers
//! printing side by side, geckodriver failed to hand over a print (“Failed to decode response from
//! marionette”).
#![cfg(not(target_arch = "wasm32"))]

#[path = "e2e/driver.rs"]
mod driver;
#[path = "support/needs.rs"]
mod needs;
#[path = "e2e/places.rs"]
mod places;

use driver::{by_id, click, shown, type_into, value_of, wait_until, Engine, WebDriver};
use fantoccini::{Client, Locator};
use nianbao_core::html::to_html;
use nianbao_core::json::{from_json, to_json};
use nianbao_core::{current_template, Draft};
use places::{cell_id, file_url, repo, screenshots, single_file, text_id};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

/// How many lines the sweep adds at most: more lines than an A4 page holds, so the breaks land
/// at every height of the table. The export prints about 23 lines of text on a page, the form
/// about 45 (its text is smaller).
const EXPORT_SWEEP: usize = 24;
const FORM_SWEEP: usize = 48;

/// The text under which the sweep adds its lines, the last before the tables.
const SWEPT_TEXT: &str = "overview.oversight";

/// The optional text left blank, and what its heading must be followed by.
const OPTIONAL_TEXT: &str = "other.other";
const NONE: &str = "无";

/// Header cells of the applications table that fit on one line: seen at the top of each page the
/// table is on.
const HEADER: [&str; 2] = ["申请人情况", "法人或其他组织"];

/// What the form has that the report has not: its controls and what it says about the report.
/// Their words must not be printed.
const CONTROLS: &str = "button, label, legend, .nb-toolbar, .nb-findings, \
                        .nb-last-year, .nb-banners, .nb-hint, .nb-note, .nb-mark, .nb-auto, \
                        .nb-col-flag, .nb-preview-label";

/// A wrong entry typed into a cell for the last print: it gets a marker, a message and a message
/// bar (the cell keeps the focus).
const MISTAKE: &str = "甲";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_in_chromium() {
    export_prints_whole_rows(Engine::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_in_firefox() {
    export_prints_whole_rows(Engine::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn form_in_chromium() {
    form_prints_whole_rows(Engine::Chromium).await;
}

/// Firefox honours neither `break-after: avoid` between rows nor keeps the rows a merged label
/// spans together, so only a label that is one box of its own is never cut: the form's labels are
/// in a span (src/components/table_view.rs), `display: inline-block` when printed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn form_in_firefox() {
    form_prints_whole_rows(Engine::Firefox).await;
}

/// One printed report: what it is, and its name in target/print/.
struct Variant {
    what: String,
    file: String,
    draft: Draft,
}

fn full_report() -> Draft {
    let path = repo().join("tests/fixtures/reports/full-2024.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    from_json(&text).unwrap_or_else(|e| panic!("{}: {} ({})", path.display(), e.en, e.path))
}

/// The full report, the sweep, and the report with its optional section left blank.
fn variants(sweep: usize) -> Vec<Variant> {
    let template = current_template();
    let swept = template.text_index(SWEPT_TEXT).expect("the swept text");
    let mut out = Vec::new();
    for lines in 0..=sweep {
        let mut draft = full_report();
        for _ in 0..lines {
            draft.texts[swept].push_str("\n此行用于移动分页位置。");
        }
        out.push(Variant {
            what: format!("full-2024.json with {lines} more lines"),
            file: format!("full-2024-plus-{lines:02}"),
            draft,
        });
    }
    let mut draft = full_report();
    let optional = template
        .text_index(OPTIONAL_TEXT)
        .expect("the optional text");
    assert!(
        !draft.texts[optional].trim().is_empty(),
        "full-2024.json should fill {OPTIONAL_TEXT}, so that blanking it is a change"
    );
    draft.texts[optional].clear();
    out.push(Variant {
        what: format!("full-2024.json with {OPTIONAL_TEXT} blank"),
        file: "full-2024-blank-other".into(),
        draft,
    });
    out
}

/// What a print test needs: pdftotext, a WebDriver session of `engine`, and target/print/.
struct Printer {
    name: &'static str,
    out: PathBuf,
    client: Client,
    // In this order, also when a test panics: the browser goes before its folders.
    webdriver: WebDriver,
    tmp: tempfile::TempDir,
}

impl Printer {
    /// `None` (a visible skip, or a failure under CI) when pdftotext is missing.
    async fn start(engine: Engine) -> Option<Printer> {
        let pdftotext = Command::new("pdftotext").arg("-v").output();
        needs::need(
            "pdftotext (poppler-utils), which reads the printed PDF",
            "run `bash scripts/setup.sh`, which installs the Debian package poppler-utils",
            pdftotext.ok().filter(|out| out.status.success()),
        )?;
        let out = screenshots("print");
        std::fs::create_dir_all(&out).expect("mkdir target/print");
        let tmp = tempfile::tempdir().expect("temp dir");
        let profile = tmp.path().join("profile");
        let downloads = tmp.path().join("downloads");
        std::fs::create_dir_all(&downloads).expect("downloads dir");
        let webdriver = WebDriver::launch(engine, tmp.path());
        let client = driver::session(&webdriver, &profile, &downloads).await;
        Some(Printer {
            name: engine.name(),
            out,
            client,
            webdriver,
            tmp,
        })
    }

    /// Prints the page shown now to an A4 PDF `target/print/<engine>-<file>.pdf` and returns it
    /// with the text of each page as `pdftotext -layout` lays it out (it ends each page with a
    /// form feed). The text goes beside the PDF, as `.txt`.
    async fn print(&self, file: &str) -> (PathBuf, Vec<String>) {
        let pdf = self.out.join(format!("{}-{file}.pdf", self.name));
        let config = fantoccini::wd::PrintConfiguration::builder()
            .size(fantoccini::wd::PrintSize::A4)
            .build()
            .expect("print configuration");
        let bytes = self.client.print(config).await.expect("print the page");
        assert!(bytes.starts_with(b"%PDF"), "the print is a PDF");
        std::fs::write(&pdf, &bytes).expect("write the PDF");
        let text = Command::new("pdftotext")
            .arg("-layout")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("run pdftotext");
        assert!(text.status.success(), "pdftotext {}", pdf.display());
        let text = String::from_utf8(text.stdout).expect("pdftotext writes UTF-8");
        std::fs::write(pdf.with_extension("txt"), &text).expect("write the text");
        let mut pages: Vec<String> = text.split('\u{c}').map(String::from).collect();
        // The form feed ends each page, the last one too.
        if pages.last().is_some_and(|p| p.trim().is_empty()) {
            pages.pop();
        }
        (pdf, pages)
    }

    async fn stop(self) {
        self.client.close().await.expect("close the session");
        drop(self.webdriver);
        drop(self.tmp);
    }
}

/// The row labels of the applications table, each once (a merged label with its first row).
fn row_labels() -> Vec<&'static str> {
    let (_, table) = current_template()
        .find_table("applications")
        .expect("the applications table");
    (0..table.rows.len())
        .flat_map(|row| table.row_label_cells(row))
        .map(|(label, _, _)| label)
        .collect()
}

/// The applications table in the printed pages: every row label whole on one page, the header
/// above the rows on every page the table is on. Adds what is wrong to `failures`, and logs the
/// pages the table is on and where they break.
fn check_table(pages: &[String], where_: &str, failures: &mut Vec<String>) {
    let mut on_pages: Vec<(usize, usize, &str)> = Vec::new(); // (page, line, label)
    for label in row_labels() {
        match whole_on(pages, label) {
            Ok((page, line)) => on_pages.push((page, line, label)),
            Err(longest) => failures.push(format!(
                "{where_}: the row label “{label}” is not whole on any page (cut by a page \
                 break?); the most of it on one page is “{longest}”"
            )),
        }
    }
    on_pages.sort();
    let mut table_pages: Vec<usize> = on_pages.iter().map(|(p, _, _)| *p).collect();
    table_pages.dedup();
    for &page in &table_pages {
        let first_row = on_pages.iter().find(|(p, _, _)| *p == page).unwrap().1;
        for cell in HEADER {
            let header_line = pages[page]
                .lines()
                .position(|l| l.split_whitespace().any(|t| reads_as(t, cell)));
            let above_the_rows = header_line.is_some_and(|h| h < first_row);
            if !above_the_rows {
                failures.push(format!(
                    "{where_}: page {} holds rows of the applications table but no header \
                     cell “{cell}” above them",
                    page + 1
                ));
            }
        }
    }
    let breaks: Vec<String> = on_pages
        .windows(2)
        .filter(|w| w[0].0 != w[1].0)
        .map(|w| format!("page {} ends at “{}”", w[0].0 + 1, w[0].2))
        .collect();
    eprintln!(
        "print: {where_}: {} pages, the table on pages {:?}{}{}",
        pages.len(),
        table_pages.iter().map(|p| p + 1).collect::<Vec<_>>(),
        if breaks.is_empty() { "" } else { "; " },
        breaks.join(", ")
    );
}

/// The optional section in the printed pages: its heading, then “无” when it is blank in the
/// report, its text when not.
fn check_optional(pages: &[String], draft: &Draft, where_: &str, failures: &mut Vec<String>) {
    let template = current_template();
    let i = template.text_index(OPTIONAL_TEXT).unwrap();
    let heading = template.texts().nth(i).unwrap().heading;
    let lines: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // The last line that reads as the heading: the section comes after the tables, and in Firefox's
    // PDF a row label of the applications table, （六）其他 with its 六 unreadable, reads as it too.
    let after_heading = lines
        .iter()
        .rposition(|l| reads_as(l, heading))
        .and_then(|i| lines.get(i + 1));
    let blank = draft.texts[i].trim().is_empty();
    match after_heading {
        Some(line) if blank && !reads_as(line, NONE) => failures.push(format!(
            "{where_}: {heading} is blank in the report, and is followed by “{line}” where the \
             page should say “{NONE}”"
        )),
        Some(line) if !blank && reads_as(line, NONE) => failures.push(format!(
            "{where_}: {heading} holds a text, and the page says “{NONE}”"
        )),
        Some(_) => {}
        None => failures.push(format!("{where_}: no heading {heading} followed by a line")),
    }
}

/// The HTML export of every variant, opened from file:// and printed.
async fn export_prints_whole_rows(engine: Engine) {
    let Some(printer) = Printer::start(engine).await else {
        return;
    };
    let c = &printer.client;
    let mut failures = Vec::new();
    for variant in variants(EXPORT_SWEEP) {
        let html = printer.tmp.path().join(format!("{}.html", variant.file));
        std::fs::write(&html, to_html(&variant.draft)).expect("write the export");
        c.goto(&file_url(&html))
            .await
            .expect("open the HTML export");
        c.wait()
            .at_most(driver::WAIT)
            .for_element(Locator::Css("article.report h1"))
            .await
            .expect("the export's heading");
        let (pdf, pages) = printer.print(&format!("export-{}", variant.file)).await;
        let where_ = format!(
            "{} (export), {} ({})",
            printer.name,
            variant.what,
            pdf.display()
        );
        check_table(&pages, &where_, &mut failures);
        check_optional(&pages, &variant.draft, &where_, &mut failures);
        if engine == Engine::Chromium && variant.file.starts_with("full-2024-plus-") {
            imports_back(&pages.concat(), &variant.draft, &where_, &mut failures);
        }
    }
    printer.stop().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Issue 14: the text a PDF viewer gives of the printed export (`pdftotext -layout`) imports back
/// with every figure in its cell and every text whole. Chromium's PDFs only: Firefox's map some
/// ideographs to look-alike radicals (see [`unreadable`]), which no importer can read as labels.
fn imports_back(text: &str, draft: &Draft, where_: &str, failures: &mut Vec<String>) {
    let imported = nianbao_import::import_text(text);
    if !imported.summary.not_placed.is_empty() {
        failures.push(format!(
            "{where_}: import left figures unplaced: {:?}",
            imported.summary.not_placed
        ));
    }
    if imported.draft.tables != draft.tables {
        failures.push(format!(
            "{where_}: the imported tables differ from the report's"
        ));
    }
    if imported.draft.texts != draft.texts {
        failures.push(format!(
            "{where_}: the imported texts differ from the report's"
        ));
    }
}

/// The form (the single-file release build) with each variant opened in it (打开), printed as a
/// user prints it with Ctrl+P.
async fn form_prints_whole_rows(engine: Engine) {
    let page = single_file();
    let Some(printer) = Printer::start(engine).await else {
        return;
    };
    let c = &printer.client;
    c.goto(&file_url(&page)).await.expect("open the form");
    let swept_id = text_id(SWEPT_TEXT);
    let mut failures = Vec::new();
    for variant in variants(FORM_SWEEP) {
        let json = printer.tmp.path().join(format!("{}.json", variant.file));
        std::fs::write(&json, to_json(&variant.draft)).expect("write the report");
        by_id(c, "nb-open-input")
            .await
            .send_keys(&json.display().to_string())
            .await
            .expect("choose the file");
        // Opening over a report asks first; the first opening (over an empty form) does not.
        let swept = &variant.draft.texts[current_template().text_index(SWEPT_TEXT).unwrap()];
        let confirm = wait_until("the report opened, or the question before", || async {
            if shown(c, "nb-confirm").await {
                Some(true)
            } else if value_of(c, &swept_id).await == *swept {
                Some(false)
            } else {
                None
            }
        })
        .await;
        if confirm {
            click(c, "nb-confirm-yes").await;
            wait_until("the report opened", || async {
                (value_of(c, &swept_id).await == *swept).then_some(())
            })
            .await;
        }
        let controls = control_words(c, &variant.draft).await;
        for word in ["检查全部", "自动计算合计", "大字", "自动"] {
            assert!(
                controls.contains(word),
                "“{word}” is among the controls' words: {controls:?}"
            );
        }
        let (pdf, pages) = printer.print(&format!("form-{}", variant.file)).await;
        let where_ = format!(
            "{} (form), {} ({})",
            printer.name,
            variant.what,
            pdf.display()
        );
        check_table(&pages, &where_, &mut failures);
        check_optional(&pages, &variant.draft, &where_, &mut failures);
        check_controls(&pages, &controls, &where_, &mut failures);
    }
    // The last report again, with a mistake typed into a cell that keeps the focus.
    let variant = variants(0).pop().expect("a variant");
    let cell = cell_id("applications", 0, 0);
    type_into(c, &cell, MISTAKE).await;
    wait_until("the mistake's marker", || async {
        c.find(Locator::Css(".nb-cell-mark .nb-mark"))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    let controls = control_words(c, &variant.draft).await;
    assert!(
        controls.contains("错误"),
        "the marker's word is among the controls' words: {controls:?}"
    );
    let (pdf, pages) = printer.print("form-mistake").await;
    let where_ = format!(
        "{} (form), {} and “{MISTAKE}” typed into {cell} ({})",
        printer.name,
        variant.what,
        pdf.display()
    );
    check_table(&pages, &where_, &mut failures);
    check_controls(&pages, &controls, &where_, &mut failures);
    printer.stop().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A word as it is compared: without the punctuation and symbols at its ends (“✕”, brackets), which
/// pdftotext may part from it or join to it.
fn bare(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The words of the form's controls ([`CONTROLS`]) as the page shows them now, each at least two
/// characters long with a Chinese one among them, leaving out those that the report itself says
/// somewhere (its export holds every word of it: “打开” may be in its prose).
async fn control_words(c: &Client, draft: &Draft) -> BTreeSet<String> {
    let texts = c
        .execute(
            &format!(
                "return Array.from(document.querySelectorAll({CONTROLS:?}), \
                   e => e.innerText || e.textContent || '');"
            ),
            vec![],
        )
        .await
        .expect("the controls' texts");
    let report = to_html(draft);
    texts
        .as_array()
        .expect("a list of texts")
        .iter()
        .filter_map(|t| t.as_str())
        .flat_map(str::split_whitespace)
        .map(bare)
        .filter(|w| {
            w.chars().count() >= 2 && w.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        })
        .filter(|w| !report.contains(w))
        .map(String::from)
        .collect()
}

/// No word of the form's controls printed: no whitespace-separated word of a printed line is one
/// of `controls` (read as [`reads_as`] reads, with at least half of its characters readable, so
/// that a word Firefox's PDF made all unreadable does not match everything).
fn check_controls(
    pages: &[String],
    controls: &BTreeSet<String>,
    where_: &str,
    failures: &mut Vec<String>,
) {
    let mut found = BTreeSet::new();
    for (p, page) in pages.iter().enumerate() {
        for line in page.lines() {
            for token in line.split_whitespace().map(bare) {
                let readable = token.chars().filter(|c| !unreadable(*c)).count();
                if readable * 2 < token.chars().count() {
                    continue;
                }
                for word in controls.iter().filter(|w| reads_as(token, w)) {
                    if found.insert(word.clone()) {
                        failures.push(format!(
                            "{where_}: page {} prints the form's control word “{word}”: “{}”",
                            p + 1,
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
}

/// Whether pdftotext could not read a character back: Firefox's PDFs map some ideographs to
/// nothing (U+FFFD) or to the look-alike radicals of the Kangxi and CJK Radicals Supplement blocks
/// (`⼀` for `一`). Such a character stands for any one character.
fn unreadable(c: char) -> bool {
    c == '\u{fffd}' || ('\u{2e80}'..='\u{2fdf}').contains(&c)
}

/// Whether text read from the PDF begins `expected` (as far as it goes), unreadable characters
/// matching anything.
fn reads_as_start_of(read: &[char], expected: &[char]) -> bool {
    read.len() <= expected.len()
        && read
            .iter()
            .zip(expected)
            .all(|(r, e)| r == e || unreadable(*r))
}

/// Whether a word read from the PDF is `expected`, unreadable characters matching anything.
fn reads_as(read: &str, expected: &str) -> bool {
    let read: Vec<char> = read.chars().collect();
    let expected: Vec<char> = expected.chars().collect();
    read.len() == expected.len() && reads_as_start_of(&read, &expected)
}

/// The words of a line with the column each starts at (in characters, as `-layout` places them).
fn words(line: &str) -> Vec<(usize, Vec<char>)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, Vec<char>)> = None;
    for (col, ch) in line.chars().enumerate() {
        if ch.is_whitespace() {
            out.extend(current.take());
        } else {
            current.get_or_insert_with(|| (col, Vec::new())).1.push(ch);
        }
    }
    out.extend(current);
    out
}

/// Where `label` stands whole on one page: `(page, line)` of its first line. A label wraps inside
/// its cell, and `-layout` puts its lines under each other at the same column, interleaved with
/// the other cells' text: the label is read down that column, a line without a word there skipped
/// (a neighbouring cell's line that falls between two of the label's lines). On failure, the most
/// of the label found on one page.
fn whole_on(pages: &[String], label: &str) -> Result<(usize, usize), String> {
    let label: Vec<char> = label.chars().collect();
    let mut longest: Vec<char> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let lines: Vec<Vec<(usize, Vec<char>)>> = page.lines().map(words).collect();
        for (i, line) in lines.iter().enumerate() {
            for (col, word) in line {
                if !reads_as_start_of(word, &label) {
                    continue;
                }
                let mut got = word.clone();
                let mut j = i + 1;
                while got.len() < label.len() && j < lines.len() {
                    // The next word in this column, at most three lines down (at most two lines
                    // of the cells beside it come between two lines of a label).
                    let next = lines[j..].iter().take(3).enumerate().find_map(|(k, l)| {
                        l.iter()
                            .find(|(c, _)| c.abs_diff(*col) <= 1)
                            .map(|(_, w)| (k, w))
                    });
                    let Some((k, next)) = next else { break };
                    let joined = [got.as_slice(), next].concat();
                    if !reads_as_start_of(&joined, &label) {
                        break;
                    }
                    got = joined;
                    j += k + 1;
                }
                if got.len() == label.len() {
                    return Ok((p, i));
                }
                // Reported on failure: the longest part read, by the characters actually read.
                let read = |w: &[char]| w.iter().filter(|c| !unreadable(**c)).count();
                if read(&got) > read(&longest) {
                    longest = got;
                }
            }
        }
    }
    Err(longest.into_iter().collect())
}
