//! The Word export opened by another program: LibreOffice converts a full report's .docx to PDF
//! (headless, a fresh profile each run), and the PDF's text (`pdftotext -layout`) holds every
//! paragraph, heading, label and figure of the report, the figures row by row. Page 1 and the pages
//! of section 三's table are rendered to `target/docx-screenshots/` for people to look at, beside
//! the .docx and the PDF.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nianbao_core::shown::{shown, Part};
use nianbao_core::Draft;
use nianbao_import::docx_out::to_docx;
use nianbao_import::import;
use support::needs::need;

/// Longer than any conversion takes (about 5 s here); a LibreOffice that hangs fails the test.
const TIMEOUT: Duration = Duration::from_secs(180);

/// Lines a wrapped text may skip between two of its pieces (a blank line, the page number and the
/// top of the next page, or a neighbouring cell's extra lines).
const MAX_GAP: usize = 6;

/// A program on the PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// A full report as in `docx_out.rs`: every text and figure, one cell `/`, one blank.
fn full_draft() -> Draft {
    let bytes = std::fs::read(support::fixture("full-2024.pdftotext.txt")).unwrap();
    let mut draft = import(&bytes).draft;
    let template = draft.template;
    draft.tables[template.table_index("applications").unwrap()][4 * 7 + 1] = "/".into();
    draft.tables[template.table_index("reviews").unwrap()][13] = String::new();
    draft
}

/// A directory removed when dropped, also when the test fails (the PDF is kept in
/// `target/docx-screenshots/` for a look).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh directory of its own under the system's temporary directory.
fn temp_dir() -> TempDir {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("nianbao-docx-lo-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

/// Runs a command to its end, or kills it after [`TIMEOUT`]; its status and stderr.
fn run(command: &mut Command) -> (std::process::ExitStatus, String) {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut stderr, &mut err);
            }
            return (status, err);
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} did not end in {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn no_space(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a token of the PDF's text reads as a figure (`12`, `24252.311082`, `/`).
fn figure_like(token: &str) -> bool {
    token == "/" || token.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The line where `want` starts, searching from line `from`: it may wrap, each piece on a later
/// line than the one before (skipping at most [`MAX_GAP`] lines), with other columns' text around
/// it. A text that is lost, cut short or out of order is not found.
fn find(lines: &[String], want: &str, from: usize) -> Option<usize> {
    let want: Vec<char> = no_space(want).chars().collect();
    if want.is_empty() {
        return Some(from);
    }
    // The longest start of `rest` that `line` holds.
    let longest = |line: &str, rest: &[char]| -> usize {
        (1..=rest.len())
            .rev()
            .find(|&n| line.contains(&rest[..n].iter().collect::<String>()))
            .unwrap_or(0)
    };
    'start: for start in from..lines.len() {
        let first = longest(&lines[start], &want);
        // The first piece: the whole text, or at least two characters of it.
        if first < want.len().min(2) {
            continue;
        }
        let (mut rest, mut at) = (&want[first..], start);
        while !rest.is_empty() {
            // A piece on a later line: two characters at least, unless it is the last one (a
            // single character could be found anywhere).
            let enough = |n: usize| n >= 2 || n == rest.len();
            let next = (at + 1..lines.len().min(at + 2 + MAX_GAP))
                .find_map(|i| Some((i, longest(&lines[i], rest))).filter(|&(_, n)| enough(n)));
            match next {
                Some((i, n)) => {
                    rest = &rest[n..];
                    at = i;
                }
                None => continue 'start,
            }
        }
        return Some(start);
    }
    None
}

/// The line, from `from` on, whose last whitespace-separated tokens are exactly `figures` (and the
/// token before them, if any, is no figure).
fn find_row(layout: &[String], figures: &[&str], from: usize) -> Option<usize> {
    (from..layout.len()).find(|&i| {
        let tokens: Vec<&str> = layout[i].split_whitespace().collect();
        tokens.len() >= figures.len()
            && tokens[tokens.len() - figures.len()..] == *figures
            && !tokens[..tokens.len() - figures.len()]
                .last()
                .is_some_and(|t| figure_like(t))
    })
}

#[test]
fn libreoffice_converts_the_word_export_to_a_pdf_with_every_label_and_figure() {
    let soffice = on_path("soffice").or_else(|| on_path("libreoffice"));
    let Some(soffice) = need(
        "LibreOffice (soffice)",
        "run `bash scripts/setup.sh` (apt: libreoffice-writer-nogui)",
        soffice,
    ) else {
        return;
    };
    let tools = on_path("pdftotext").zip(on_path("pdftoppm"));
    let Some((pdftotext, pdftoppm)) = need(
        "pdftotext and pdftoppm",
        "run `bash scripts/setup.sh` (apt: poppler-utils)",
        tools,
    ) else {
        return;
    };

    let draft = full_draft();
    let temp = temp_dir();
    let dir = &temp.0;
    let docx = dir.join("report.docx");
    std::fs::write(&docx, to_docx(&draft).unwrap()).unwrap();
    let profile = dir.join("profile");
    let started = Instant::now();
    let (status, stderr) = run(Command::new(&soffice)
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&docx)
        .env("HOME", dir));
    let seconds = started.elapsed().as_secs_f64();
    println!("LibreOffice converted the .docx to PDF in {seconds:.1} s");
    assert!(status.success(), "soffice: {status}\n{stderr}");
    let pdf = dir.join("report.pdf");
    assert!(pdf.is_file(), "no PDF: {stderr}");
    let shots = support::repo().join("target/docx-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::copy(&pdf, shots.join("report.pdf")).unwrap();
    std::fs::copy(&docx, shots.join("report.docx")).unwrap();

    let output = Command::new(&pdftotext)
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    // Lines, and the page each is on (pdftotext ends each page with a form feed).
    let mut layout = Vec::new();
    let mut pages = Vec::new();
    for (page, text) in text.split('\u{c}').enumerate() {
        for line in text.lines() {
            layout.push(line.to_string());
            pages.push(page + 1);
        }
    }
    let lines: Vec<String> = layout.iter().map(|l| no_space(l)).collect();

    let report = shown(&draft);
    let mut at = 0;
    let found = |what: &str, from: usize| -> usize {
        find(&lines, what, from)
            .unwrap_or_else(|| panic!("not in the PDF after line {from}: {what}\n\n{text}"))
    };
    for head in [&report.title].into_iter().chain(&report.preamble) {
        at = found(head, at);
    }
    // The pages section 三's table starts and ends on.
    let mut applications_pages = Vec::new();
    for section in &report.sections {
        at = found(section.section.heading, at);
        for part in &section.parts {
            match part {
                Part::SubHeading(heading) => at = found(heading, at),
                Part::Paragraphs(paragraphs) => {
                    for p in paragraphs {
                        at = found(p, at);
                    }
                }
                Part::Table { table, cells } => {
                    let start = at;
                    // The caption and header cells, and every row label, somewhere in the table
                    // (a label merged over several rows stands in their middle).
                    if !table.caption.is_empty() {
                        at = found(table.caption, at);
                    }
                    for (cell, _, _) in table.header_layout() {
                        found(cell.text, start);
                    }
                    for row in 0..table.rows.len() {
                        for (label, _, _) in table.row_label_cells(row) {
                            found(label, start);
                        }
                    }
                    // The figures row by row, in order, each row on a line of its own.
                    let columns = usize::from(table.columns);
                    for (row, cells) in cells.chunks(columns).enumerate() {
                        let figures: Vec<&str> = cells
                            .iter()
                            .map(String::as_str)
                            .filter(|c| !c.is_empty())
                            .collect();
                        at = find_row(&layout, &figures, at + 1).unwrap_or_else(|| {
                            panic!(
                                "{} row {row}: no line ends with {figures:?} after line {at}\n\n{text}",
                                table.id
                            )
                        });
                        if table.id == "applications" {
                            applications_pages.push(pages[at]);
                        }
                    }
                }
            }
        }
    }
    found(&report.agency, at);
    found(&report.date_text(), at);

    // For people to look at: page 1 and the pages of section 三's table.
    let mut shown_pages = vec![1];
    shown_pages.extend(applications_pages);
    shown_pages.dedup();
    for page in shown_pages {
        let out = shots.join(format!("page-{page}"));
        let status = Command::new(&pdftoppm)
            .args(["-png", "-r", "60", "-singlefile"])
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&pdf)
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        assert!(Path::new(&format!("{}.png", out.display())).is_file());
    }
}

/// The text search tolerates wrapping and other columns around a text, and fails when a text or
/// a figure is lost.
#[test]
fn the_search_tolerates_wrapping_and_finds_what_is_lost() {
    let layout: Vec<String> = [
        "三、本年 （一）予以公开            0    11   0",
        "度办理结 （二）部分公开（区分处理的，只",
        "                        1    2    1",
        "果    计这一情形，不计其他情形）",
        "          1.属于国家秘密      2    /    0",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let lines: Vec<String> = layout.iter().map(|l| no_space(l)).collect();
    assert_eq!(find(&lines, "三、本年度办理结果", 0), Some(0));
    assert_eq!(
        find(
            &lines,
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            0
        ),
        Some(1)
    );
    assert_eq!(
        find(&lines, "（二）部分公开（区分处理的，只计这一情形）", 0),
        None
    );
    assert_eq!(find(&lines, "1.属于国家秘密", 2), Some(4));
    assert_eq!(
        find(&lines, "（一）予以公开", 1),
        None,
        "not before where it is searched from"
    );
    assert_eq!(find_row(&layout, &["0", "11", "0"], 0), Some(0));
    assert_eq!(find_row(&layout, &["11", "0"], 0), None, "a figure lost");
    assert_eq!(find_row(&layout, &["1", "2", "1"], 0), Some(2));
    assert_eq!(find_row(&layout, &["2", "/", "0"], 3), Some(4));
    assert_eq!(find_row(&layout, &["2", "0"], 0), None);
}
