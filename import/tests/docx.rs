//! The .docx reader (`nianbao_import::docx::blocks`): the official Word template read as it is and
//! filled in at test time (`support/docx_fill.rs`), hand-made documents for each construct the
//! reader handles, and files that are not .docx at all, which must give an error and never panic.

#[path = "../../tests/support/needs.rs"]
mod needs;

#[path = "support/docx_fill.rs"]
mod docx_fill;

use std::collections::BTreeMap;
use std::io::{Cursor, Write as _};

use docx_fill::{fill, Place};
use nianbao_import::docx::blocks;
use nianbao_import::Block;
use proptest::prelude::*;

/// The official Word template, `../shared/reference/template-2021.docx` beside the clone
/// (read-only reference material, never copied into the project). Absent: a visible skip, or
/// under `CI=true` a failure naming it (tests/support/needs.rs).
fn template() -> Option<Vec<u8>> {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = needs::reference(&repo, "template-2021.docx")?;
    Some(std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// A .docx holding only `document` as its `word/document.xml` (and `extra` parts).
fn zip_with(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in entries {
        out.start_file(*name, options).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A .docx whose body is `body` (WordprocessingML with the `w:` prefix bound).
fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    zip_with(
        &[("word/document.xml", xml.as_bytes())],
        zip::CompressionMethod::Deflated,
    )
}

fn paras(blocks: &[Block]) -> Vec<&str> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some(p.as_str()),
            _ => None,
        })
        .collect()
}

fn tables(blocks: &[Block]) -> Vec<Vec<Vec<String>>> {
    blocks.iter().filter_map(Block::grid).collect()
}

/// The template's six section headings, as the template words them.
const HEADINGS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// The 25 data rows of the application table: (grid row, grid column of the row's own label,
/// label).
const APPLICATION_ROWS: [(usize, usize, &str); 25] = [
    (3, 0, "一、本年新收政府信息公开申请数量"),
    (4, 0, "二、上年结转政府信息公开申请数量"),
    (5, 1, "（一）予以公开"),
    (
        6,
        1,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    (7, 2, "1.属于国家秘密"),
    (8, 2, "2.其他法律行政法规禁止公开"),
    (9, 2, "3.危及“三安全一稳定”"),
    (10, 2, "4.保护第三方合法权益"),
    (11, 2, "5.属于三类内部事务信息"),
    (12, 2, "6.属于四类过程性信息"),
    (13, 2, "7.属于行政执法案卷"),
    (14, 2, "8.属于行政查询事项"),
    (15, 2, "1.本机关不掌握相关政府信息"),
    (16, 2, "2.没有现成信息需要另行制作"),
    (17, 2, "3.补正后申请内容仍不明确"),
    (18, 2, "1.信访举报投诉类申请"),
    (19, 2, "2.重复申请"),
    (20, 2, "3.要求提供公开出版物"),
    (21, 2, "4.无正当理由大量反复申请"),
    (22, 2, "5.要求行政机关确认或重新出具已获取信息"),
    (
        23,
        2,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        24,
        2,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    (25, 2, "3.其他"),
    (26, 1, "（七）总计"),
    (27, 0, "四、结转下年度继续办理"),
];

// ---------------------------------------------------------------------------------------------
// The template

#[test]
fn template_headings_and_tables() {
    let Some(bytes) = template() else { return };
    let blocks = blocks(&bytes).expect("the template reads");

    // Reading order: title, 一 and its placeholder, 二 and its table, 三 and its table, 四 and its
    // table, 五, 六 and their placeholders.
    let shape: Vec<&str> = blocks
        .iter()
        .map(|b| match b {
            Block::Para(p) => p.as_str(),
            Block::Table(_) => "<table>",
        })
        .collect();
    assert_eq!(
        shape,
        [
            "政府信息公开工作年度报告格式模板",
            HEADINGS[0],
            "（文字描述）",
            HEADINGS[1],
            "<table>",
            HEADINGS[2],
            "<table>",
            HEADINGS[3],
            "<table>",
            HEADINGS[4],
            "（文字描述）",
            HEADINGS[5],
            "（文字描述，收取信息处理费情况在此处报告。）",
        ]
    );

    let tables = tables(&blocks);
    let sizes: Vec<(usize, Vec<usize>)> = tables
        .iter()
        .map(|t| (t.len(), t.iter().map(Vec::len).collect()))
        .collect();
    assert_eq!(sizes[0], (14, vec![4; 14]), "第二十条 table");
    assert_eq!(sizes[1], (28, vec![10; 28]), "application table");
    assert_eq!(sizes[2], (4, vec![15; 4]), "复议/诉讼 table");

    // 第二十条: the four items of 第二十条 in one table, their headers spanning its 4 columns.
    let article = &tables[0];
    for (row, item) in [(0, "（一）"), (4, "（五）"), (7, "（六）"), (11, "（八）")] {
        assert_eq!(article[row][0], format!("第二十条第{item}项"));
        assert_eq!(article[row][1..], ["", "", ""]);
    }
    assert_eq!(
        article[1],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    );
    assert_eq!(article[2], ["规章", "", "", ""]);
    assert_eq!(article[3], ["行政规范性文件", "", "", ""]);
    assert_eq!(article[5], ["信息内容", "本年处理决定数量", "", ""]);
    assert_eq!(article[6], ["行政许可", "", "", ""]);
    assert_eq!(article[9][0], "行政处罚");
    assert_eq!(article[10][0], "行政强制");
    assert_eq!(
        article[12],
        ["信息内容", "本年收费金额（单位：万元）", "", ""]
    );
    assert_eq!(article[13], ["行政事业性收费", "", "", ""]);

    // The application table.
    let apps = &tables[1];
    assert_eq!(
        apps[0][0],
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    );
    assert_eq!(apps[0][3], "申请人情况");
    assert_eq!(
        apps[1][3..],
        ["自然人", "法人或其他组织", "", "", "", "", "总计"]
    );
    assert_eq!(
        apps[2][3..],
        [
            "",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            ""
        ]
    );
    // The header's corner (3 columns × 3 rows) shows its text once.
    for (r, c) in (0..3).flat_map(|r| (0..3).map(move |c| (r, c))) {
        if (r, c) != (0, 0) {
            assert_eq!(apps[r][c], "", "corner ({r}, {c})");
        }
    }
    for (row, col, label) in APPLICATION_ROWS {
        assert_eq!(apps[row][col], label, "row {row}");
        // Right of the label: the places its colspan covers, and the blank data cells.
        assert!(
            apps[row][col + 1..].iter().all(String::is_empty),
            "row {row}: {:?}",
            apps[row]
        );
    }
    // The merged label cells: each where its merge starts, the places it covers blank.
    assert_eq!(apps[5][0], "三、本年度办理结果");
    assert!((6..=26).all(|r| apps[r][0].is_empty()));
    let count = apps
        .iter()
        .flatten()
        .filter(|t| *t == "三、本年度办理结果")
        .count();
    assert_eq!(count, 1);
    for (start, end, label) in [
        (7, 14, "（三）不予公开"),
        (15, 17, "（四）无法提供"),
        (18, 22, "（五）不予处理"),
        (23, 25, "（六）其他处理"),
    ] {
        assert_eq!(apps[start][1], label);
        assert!(
            ((start + 1)..=end).all(|r| apps[r][1].is_empty()),
            "{label}"
        );
    }
    assert_eq!(apps[3][0..3], ["一、本年新收政府信息公开申请数量", "", ""]);
    assert_eq!(apps[5][1..3], ["（一）予以公开", ""]);

    // 复议/诉讼: 行政复议 over 5 columns, 行政诉讼 over 10; the cells split by line breaks read as
    // one label.
    let review = &tables[2];
    assert_eq!(review[0][0], "行政复议");
    assert_eq!(review[0][1..5], ["", "", "", ""]);
    assert_eq!(review[0][5], "行政诉讼");
    assert!(review[0][6..].iter().all(String::is_empty));
    assert_eq!(
        review[1],
        [
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
            "未经复议直接起诉",
            "",
            "",
            "",
            "",
            "复议后起诉",
            "",
            "",
            "",
            ""
        ]
    );
    assert!(review[2][..5].iter().all(String::is_empty));
    let kinds = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    assert_eq!(review[2][5..10], kinds);
    assert_eq!(review[2][10..15], kinds);
    assert!(review[3].iter().all(String::is_empty));
}

#[test]
fn filled_template_numbers_in_place() {
    let Some(bytes) = template() else { return };
    let mut written: BTreeMap<Place, String> = BTreeMap::new();
    let filled = fill(
        &bytes,
        |place| {
            let n = (written.len() + 1).to_string();
            written.insert(place, n.clone());
            Some(n)
        },
        |text| (text == "（文字描述）").then(|| "本年度 A&B <说明>。\n　　第二段。".to_string()),
    );
    // 10 data cells in 第二十条 (3 + 3 + 1 + 1 + 1 + 1), 25 × 7 applications, 15 复议/诉讼.
    let per_table = |t| written.keys().filter(|p| p.table == t).count();
    assert_eq!((per_table(0), per_table(1), per_table(2)), (10, 175, 15));

    let blocks = blocks(&filled).expect("the filled template reads");
    let tables = tables(&blocks);
    assert_eq!(tables.len(), 3);
    // Every number where its cell is.
    for (place, n) in &written {
        assert_eq!(&tables[place.table][place.row][place.col], n, "{place:?}");
    }
    // And, spelled out, a handful: the first and last data rows of the application table, the
    // single data row of 复议/诉讼, the 第二十条 rows.
    let number = |place: Place| written[&place].clone();
    let apps = &tables[1];
    let first: Vec<String> = (3..10)
        .map(|col| {
            number(Place {
                table: 1,
                row: 3,
                col,
            })
        })
        .collect();
    assert_eq!(apps[3][0], "一、本年新收政府信息公开申请数量");
    assert_eq!(apps[3][1..3], ["", ""]);
    assert_eq!(apps[3][3..], first);
    let last: Vec<String> = (3..10)
        .map(|col| {
            number(Place {
                table: 1,
                row: 27,
                col,
            })
        })
        .collect();
    assert_eq!(apps[27][0], "四、结转下年度继续办理");
    assert_eq!(apps[27][3..], last);
    assert_eq!(apps[7][..3], ["", "（三）不予公开", "1.属于国家秘密"]);
    let review = &tables[2];
    let row: Vec<String> = (0..15)
        .map(|col| {
            number(Place {
                table: 2,
                row: 3,
                col,
            })
        })
        .collect();
    assert_eq!(review[3], row);
    assert!(review[3].iter().all(|n| n.parse::<u32>().is_ok()));
    let article = &tables[0];
    assert_eq!(article[2][0], "规章");
    assert_eq!(
        article[2][1..],
        [1, 2, 3].map(|col| number(Place {
            table: 0,
            row: 2,
            col
        }))
    );
    assert_eq!(
        article[6][..2],
        [
            "行政许可".into(),
            number(Place {
                table: 0,
                row: 6,
                col: 1
            })
        ]
    );
    assert_eq!(article[6][2..], ["", ""]);
    assert_eq!(
        article[13][..2],
        [
            "行政事业性收费".into(),
            number(Place {
                table: 0,
                row: 13,
                col: 1
            })
        ]
    );
    // The paragraphs written over the placeholders, escaped on the way in and read back.
    let text = paras(&blocks);
    assert!(!text.contains(&"（文字描述）"));
    assert_eq!(
        text.iter().filter(|p| **p == "本年度 A&B <说明>。").count(),
        2
    );
    assert_eq!(text.iter().filter(|p| **p == "第二段。").count(), 2);
    assert!(text.contains(&HEADINGS[5]));
}

// ---------------------------------------------------------------------------------------------
// Constructs, in hand-made documents

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

#[test]
fn paragraphs_runs_breaks_and_tabs() {
    let body = [
        format!("<w:p>{}{}</w:p>", run("一、"), run("总体情况")),
        // Tab stops in the paragraph's properties are not tabs of its text.
        "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr>\
         <w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t></w:r></w:p>"
            .to_string(),
        format!(
            "<w:p>{}<w:r><w:br/></w:r>{}<w:r><w:cr/><w:t>第三行</w:t></w:r></w:p>",
            run("第一行"),
            run("第二行")
        ),
        // Blank paragraphs (spaces, NBSP, U+3000, a lone break) make no block.
        format!(
            "<w:p>{}</w:p><w:p/><w:p><w:r><w:br/></w:r></w:p>",
            run(" \u{a0}\u{3000}")
        ),
        format!(
            "<w:p>{}</w:p>",
            run("\u{3000}\u{3000}本年度，&amp;&lt;&gt;&quot;&apos;&#x4E00;&#20108;")
        ),
    ]
    .concat();
    let blocks = blocks(&docx(&body)).unwrap();
    assert_eq!(
        paras(&blocks),
        [
            "一、总体情况",
            "甲\t乙",
            "第一行",
            "第二行",
            "第三行",
            "本年度，&<>\"'一二"
        ]
    );
    assert_eq!(blocks.len(), 6);
}

#[test]
fn tracked_changes_content_controls_hyperlinks_fields() {
    let body = format!(
        "<w:p>{}<w:del w:id=\"1\" w:author=\"x\"><w:r><w:delText>删去</w:delText></w:r></w:del>\
         <w:ins w:id=\"2\" w:author=\"x\">{}</w:ins>\
         <w:moveFrom w:id=\"3\" w:author=\"x\">{}</w:moveFrom><w:moveTo w:id=\"4\" w:author=\"x\">{}</w:moveTo></w:p>\
         <w:sdt><w:sdtPr><w:alias w:val=\"单位\"/></w:sdtPr><w:sdtContent><w:p><w:sdt><w:sdtContent>{}</w:sdtContent></w:sdt></w:p></w:sdtContent></w:sdt>\
         <w:p><w:hyperlink r:id=\"rId9\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">{}</w:hyperlink>\
         <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>\
         <w:p><w:ruby><w:rubyPr/><w:rt>{}</w:rt><w:rubyBase>{}</w:rubyBase></w:ruby></w:p>",
        run("保留"),
        run("插入"),
        run("移走"),
        run("移来"),
        run("控件里的字"),
        run("链接"),
        run("3"),
        run("zhù"),
        run("注"),
    );
    let blocks = blocks(&docx(&body)).unwrap();
    assert_eq!(
        paras(&blocks),
        ["保留插入移来", "控件里的字", "链接3", "注"]
    );
}

#[test]
fn text_boxes_are_read_once() {
    // A text box as Word writes it: the DrawingML shape in mc:Choice, a VML copy in mc:Fallback.
    let box_text = format!(
        "<w:txbxContent><w:p>{}</w:p></w:txbxContent>",
        run("框里的字")
    );
    let body = format!(
        "<w:p>{}<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><a:graphic><a:t>绘图</a:t>\
         {box_text}</a:graphic></w:drawing></mc:Choice><mc:Fallback><w:pict>{box_text}</w:pict></mc:Fallback>\
         </mc:AlternateContent></w:r>{}</w:p>",
        run("前"),
        run("后"),
    );
    let blocks = blocks(&docx(&body)).unwrap();
    assert_eq!(paras(&blocks), ["框里的字", "前后"]);
}

fn tc(props: &str, text: &str) -> String {
    format!(
        "<w:tc><w:tcPr>{props}</w:tcPr><w:p>{}</w:p></w:tc>",
        run(text)
    )
}

#[test]
fn tables_spans_and_grid_before_after() {
    let span = |n: usize| format!("<w:gridSpan w:val=\"{n}\"/>");
    let restart = "<w:vMerge w:val=\"restart\"/>";
    let cont = "<w:vMerge/>";
    let body = format!(
        "<w:p>{}</w:p><w:tbl><w:tblPr/><w:tblGrid/>\
         <w:tr>{}{}{}</w:tr>\
         <w:tr>{}{}{}{}</w:tr>\
         <w:tr>{}{}{}</w:tr>\
         <w:tr><w:trPr><w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"2\"/></w:trPr>{}</w:tr>\
         <w:tr><w:trPr><w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"1\"/></w:trPr>{}{}</w:tr>\
         </w:tbl><w:p>{}</w:p>",
        run("前"),
        tc(restart, "左"),
        tc(&span(2), "中"),
        tc("", "右"),
        tc("<w:vMerge w:val=\"continue\"/>", ""),
        tc(restart, "甲"),
        tc("", "乙"),
        tc("", "庚"),
        tc("", "丙"),
        tc(cont, ""),
        tc(&span(2), "丁"),
        tc(restart, "戊"),
        // What a continuing cell holds is not shown (Word draws the merged cell's first text).
        tc(cont, "被合并的字"),
        tc("", "己"),
        run("后"),
    );
    let blocks = blocks(&docx(&body)).unwrap();
    assert_eq!(blocks.len(), 3);
    assert_eq!(blocks[0], Block::Para("前".into()));
    assert_eq!(blocks[2], Block::Para("后".into()));
    let Some(grid) = blocks[1].grid() else {
        panic!("{blocks:?}")
    };
    assert_eq!(
        *grid,
        [
            ["左", "中", "", "右"],
            ["", "甲", "乙", "庚"],
            ["丙", "", "丁", ""],
            ["", "戊", "", ""],
            ["", "", "己", ""],
        ]
    );
}

#[test]
fn cell_paragraphs_and_nested_tables() {
    let body = format!(
        "<w:tbl><w:tr>\
         <w:tc><w:p>{}</w:p><w:p>{}</w:p><w:p>{}</w:p></w:tc>\
         <w:tc><w:p>{}</w:p><w:p>{}</w:p><w:p>{}</w:p></w:tc>\
         <w:tc><w:p>{}</w:p><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"5\"/></w:tcPr><w:p>{}</w:p></w:tc>\
         <w:tc><w:p>{}</w:p></w:tc></w:tr></w:tbl><w:p>{}</w:p></w:tc>\
         <w:tc><w:p>{}</w:p></w:tc>\
         </w:tr></w:tbl>",
        run("结果"),
        run("\u{3000}"),
        run("纠正"),
        run("Total"),
        run("2024"),
        run("年"),
        run("外"),
        run("内一"),
        run("内二"),
        run("尾"),
        run("末"),
    );
    let blocks = blocks(&docx(&body)).unwrap();
    assert_eq!(
        blocks.iter().map(|b| b.grid()).collect::<Vec<_>>(),
        [Some(vec![vec![
            "结果纠正".to_string(),
            "Total 2024年".to_string(),
            "外内一内二尾".to_string(),
            "末".to_string(),
        ]])]
    );
}

#[test]
fn prefixes_do_not_matter() {
    // Another prefix for the same namespace, and the strict namespace.
    let xml = r#"<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body><x:p><x:r><x:t>一</x:t></x:r></x:p></x:body></x:document>"#;
    let strict = r#"<document xmlns="http://purl.oclc.org/ooxml/wordprocessingml/main"><body><tbl><tr><tc><p><r><t>二</t></r></p></tc></tr></tbl></body></document>"#;
    let read = |xml: &str| {
        blocks(&zip_with(
            &[("word/document.xml", xml.as_bytes())],
            zip::CompressionMethod::Stored,
        ))
        .unwrap()
    };
    assert_eq!(read(xml), [Block::Para("一".into())]);
    assert_eq!(read(strict)[0].grid(), Some(vec![vec!["二".to_string()]]));
}

#[test]
fn a_huge_span_table_is_laid_out_quickly() {
    // 3000 rows of one cell spanning 64 columns, every third merged down: too much work for a
    // layout by spans, laid out place by place instead.
    let mut body = String::from("<w:tbl>");
    for r in 0..3000 {
        let merge = match r % 3 {
            0 => "<w:vMerge w:val=\"restart\"/>",
            _ => "<w:vMerge/>",
        };
        body += &format!(
            "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"64\"/>{merge}</w:tcPr><w:p>{}</w:p></w:tc></w:tr>",
            run(&r.to_string())
        );
    }
    body += "</w:tbl>";
    let started = std::time::Instant::now();
    let blocks = blocks(&docx(&body)).unwrap();
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    let Some(grid) = blocks[0].grid() else {
        panic!()
    };
    assert_eq!(grid.len(), 3000);
    for (r, row) in grid.iter().enumerate() {
        assert_eq!(row.len(), 64);
        let expected = if r % 3 == 0 {
            r.to_string()
        } else {
            String::new()
        };
        assert_eq!(row[0], expected);
        assert!(row[1..].iter().all(String::is_empty));
    }
}

// ---------------------------------------------------------------------------------------------
// Not a .docx

fn refused(bytes: &[u8]) -> String {
    match blocks(bytes) {
        Ok(blocks) => panic!("read as a .docx: {blocks:?}"),
        Err(message) => {
            assert!(message.contains("Word"), "{message}");
            message
        }
    }
}

#[test]
fn what_is_not_a_docx_is_refused() {
    refused(b"");
    refused(b"PK");
    refused("政府信息公开工作年度报告".as_bytes());
    let random: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    refused(&random);
    // A Word 97–2003 file (an OLE compound file).
    let message = refused(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]);
    assert!(message.contains(".doc"), "{message}");
    // A zip without the document.
    let message = refused(&zip_with(
        &[
            ("word/styles.xml", b"<w:styles/>"),
            ("readme.txt", b"hello"),
        ],
        zip::CompressionMethod::Deflated,
    ));
    assert!(message.contains("word/document.xml"), "{message}");
    // XML, but not a Word document, or not XML.
    for xml in [
        &b"<html><body><p>x</p></body></html>"[..],
        b"\xff\xfe<\0w\0",
        b"<a><b></a>",
    ] {
        refused(&zip_with(
            &[("word/document.xml", xml)],
            zip::CompressionMethod::Stored,
        ));
    }
}

#[test]
fn a_truncated_document_is_refused() {
    let body = format!(
        "<w:p>{}</w:p><w:tbl><w:tr>{}</w:tr></w:tbl>",
        run("一"),
        tc("", "二")
    );
    let whole = docx(&body);
    assert!(blocks(&whole).is_ok());
    let mut archive = zip::ZipArchive::new(Cursor::new(&whole[..])).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    for cut in [xml.len() / 3, xml.len() / 2, xml.len() - 20, xml.len() - 1] {
        let cut = xml.floor_char_boundary(cut);
        refused(&zip_with(
            &[("word/document.xml", &xml.as_bytes()[..cut])],
            zip::CompressionMethod::Deflated,
        ));
    }
    // The zip itself cut short.
    refused(&whole[..whole.len() / 2]);
    refused(&whole[..whole.len() - 10]);
}

#[test]
fn a_zip_bomb_is_refused() {
    // 30 MB of spaces inside a body: a few tens of KB compressed.
    let mut xml = Vec::with_capacity(31 << 20);
    xml.extend_from_slice(b"<w:document><w:body><w:p><w:r><w:t>");
    xml.resize(30 << 20, b' ');
    xml.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    let bomb = zip_with(
        &[("word/document.xml", &xml)],
        zip::CompressionMethod::Deflated,
    );
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    let message = refused(&bomb);
    assert!(message.contains("20 MB"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// Never a panic

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = blocks(&bytes);
    }

    #[test]
    fn arbitrary_zip_like_bytes_never_panic(
        tail in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        // Bytes that start as a zip does, so the reader gets past the first check.
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend(tail);
        let _ = blocks(&bytes);
    }

    #[test]
    fn arbitrary_xml_never_panics(xml in "(<[/]?(w:)?(p|r|t|tbl|tr|tc|tcPr|gridSpan|vMerge|br|tab|body|document|del|trPr|gridBefore)( w:val=\"(restart|[0-9]{1,3})\")?[/]?>|[a-z&;#0-9 ]{0,4}){0,60}") {
        let bytes = zip_with(&[("word/document.xml", xml.as_bytes())], zip::CompressionMethod::Stored);
        let _ = blocks(&bytes);
    }
}

/// Mutations of the template: of the zip's bytes (mostly caught by the zip's checks), and of its
/// document's XML, zipped again.
#[test]
fn mutated_templates_never_panic() {
    let Some(bytes) = template() else { return };
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let mut xml = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let config = ProptestConfig {
        cases: 64,
        ..ProptestConfig::default()
    };
    let mutations =
        || proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..8u8), 1..8);
    let mutate = |data: &[u8], edits: &[(prop::sample::Index, u8, u8)]| {
        let mut data = data.to_vec();
        for (at, byte, kind) in edits {
            let i = at.index(data.len().max(1)).min(data.len());
            match kind {
                // Now and then cut short; otherwise a byte changed or put in.
                7 => data.truncate(i.max(1)),
                k if k % 2 == 0 && i < data.len() => data[i] = *byte,
                _ => data.insert(i, *byte),
            }
        }
        data
    };
    let mut runner = proptest::test_runner::TestRunner::new(config.clone());
    runner
        .run(&mutations(), |edits| {
            let _ = blocks(&mutate(&bytes, &edits));
            Ok(())
        })
        .unwrap();
    let mut runner = proptest::test_runner::TestRunner::new(config);
    runner
        .run(&mutations(), |edits| {
            let xml = mutate(&xml, &edits);
            let _ = blocks(&zip_with(
                &[("word/document.xml", &xml)],
                zip::CompressionMethod::Stored,
            ));
            Ok(())
        })
        .unwrap();
}

/// Word spans a figure over two columns of its grid where a border moved (as in the pages exported
/// from Word under ../shared/reference/reports/): read row by row, each figure still lands in its
/// column.
#[test]
fn figures_spanning_two_grid_columns_still_land_in_their_columns() {
    let span = "<w:gridSpan w:val=\"2\"/>";
    let para = |t: &str| format!("<w:p>{}</w:p>", run(t));
    let mut body = String::new();
    for heading in [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
    ] {
        body += &para(heading);
    }
    body += "<w:tbl><w:tr>";
    body += &tc(
        "<w:gridSpan w:val=\"3\"/>",
        "一、本年新收政府信息公开申请数量",
    );
    for (i, n) in ["11", "12", "13", "14", "15", "16", "81"]
        .iter()
        .enumerate()
    {
        body += &tc(if i % 2 == 0 { span } else { "" }, n);
    }
    body += "</w:tr></w:tbl>";
    for heading in [
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ] {
        body += &para(heading);
    }
    let imported = nianbao_import::import(&docx(&body));
    assert_eq!(imported.summary.not_placed, []);
    let row: Vec<&str> = imported.draft.tables[4][..7]
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(row, ["11", "12", "13", "14", "15", "16", "81"]);
}
