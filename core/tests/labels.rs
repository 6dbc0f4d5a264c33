//! Every label of the 2021 template equals the official wording. The expected wording is typed here a
//! second time on purpose: a typo in either place shows. Where `../shared/reference` is present, each
//! label must also appear in the reference text.

mod fixture;

use nianbao_core::template::{Item, Table};
use nianbao_core::template_2021::TEMPLATE;

const SECTIONS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

const APPLICATION_ROWS: [&str; 25] = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
];

const APPLICATION_GROUPS: [&str; 5] = [
    "三、本年度办理结果",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
];

const APPLICATION_COLUMNS: [&str; 7] = [
    "自然人",
    "法人或其他组织 商业企业",
    "法人或其他组织 科研机构",
    "法人或其他组织 社会公益组织",
    "法人或其他组织 法律服务机构",
    "法人或其他组织 其他",
    "总计",
];

const CORNER: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

const REVIEW_COLUMNS: [&str; 15] = [
    "行政复议 结果维持",
    "行政复议 结果纠正",
    "行政复议 其他结果",
    "行政复议 尚未审结",
    "行政复议 总计",
    "行政诉讼 未经复议直接起诉 结果维持",
    "行政诉讼 未经复议直接起诉 结果纠正",
    "行政诉讼 未经复议直接起诉 其他结果",
    "行政诉讼 未经复议直接起诉 尚未审结",
    "行政诉讼 未经复议直接起诉 总计",
    "行政诉讼 复议后起诉 结果维持",
    "行政诉讼 复议后起诉 结果纠正",
    "行政诉讼 复议后起诉 其他结果",
    "行政诉讼 复议后起诉 尚未审结",
    "行政诉讼 复议后起诉 总计",
];

/// Section 二: caption, columns, rows.
const SECTION_TWO: [(&str, &[&str], &[&str]); 4] = [
    (
        "第二十条第（一）项",
        &["本年制发件数", "本年废止件数", "现行有效件数"],
        &["规章", "行政规范性文件"],
    ),
    ("第二十条第（五）项", &["本年处理决定数量"], &["行政许可"]),
    (
        "第二十条第（六）项",
        &["本年处理决定数量"],
        &["行政处罚", "行政强制"],
    ),
    (
        "第二十条第（八）项",
        &["本年收费金额（单位：万元）"],
        &["行政事业性收费"],
    ),
];

const TEXT_HEADINGS: [&str; 11] = [
    "",
    "（一）主动公开",
    "（二）依申请公开",
    "（三）政府信息管理",
    "（四）政府信息公开平台建设",
    "（五）监督保障",
    "（一）存在问题",
    "（二）改进情况",
    "（一）年度政务公开工作要点落实情况",
    "（三）人大代表建议和政协提案办理结果公开情况",
    "（四）其他",
];

fn columns(table: &Table) -> Vec<String> {
    (0..usize::from(table.columns))
        .map(|c| table.column_name(c))
        .collect()
}

#[test]
fn labels_are_the_official_wording() {
    let headings: Vec<&str> = TEMPLATE.sections.iter().map(|s| s.heading).collect();
    assert_eq!(headings, SECTIONS);

    let apps = TEMPLATE.table("applications").unwrap();
    let rows: Vec<&str> = apps
        .rows
        .iter()
        .map(|r| *r.labels.last().unwrap())
        .collect();
    assert_eq!(rows, APPLICATION_ROWS);
    let groups: Vec<&str> = apps
        .rows
        .iter()
        .flat_map(|r| r.labels[..r.labels.len() - 1].iter().copied())
        .fold(Vec::new(), |mut v, l| {
            if !v.contains(&l) {
                v.push(l);
            }
            v
        });
    assert_eq!(groups, APPLICATION_GROUPS);
    assert_eq!(columns(apps), APPLICATION_COLUMNS);
    assert_eq!(apps.header[0][0].text, CORNER);
    assert_eq!(apps.header[0][1].text, "申请人情况");

    assert_eq!(columns(TEMPLATE.table("reviews").unwrap()), REVIEW_COLUMNS);

    let two: Vec<&Table> = TEMPLATE.sections[1]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Table(t) => Some(*t),
            _ => None,
        })
        .collect();
    assert_eq!(two.len(), SECTION_TWO.len());
    for (table, (caption, cols, rows)) in two.iter().zip(SECTION_TWO) {
        assert_eq!(table.caption, caption);
        assert_eq!(table.header[0][0].text, "信息内容");
        assert_eq!(columns(table), cols);
        let labels: Vec<&str> = table.rows.iter().map(|r| r.labels[0]).collect();
        assert_eq!(labels, rows);
    }

    let texts: Vec<&str> = TEMPLATE.texts().map(|t| t.heading).collect();
    assert_eq!(texts, TEXT_HEADINGS);
    assert_eq!(TEMPLATE.fee().unwrap().heading, "（二）收取信息处理费情况");
    assert_eq!(TEMPLATE.issued_by, "国办公开办函〔2021〕30号");
}

#[test]
fn preamble_follows_the_reference() {
    assert_eq!(
        TEMPLATE.default_preamble("隆德县城关镇人民政府", "2024"),
        "根据《中华人民共和国政府信息公开条例》规定和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，现发布《隆德县城关镇人民政府2024年政府信息公开工作年度报告》，本报告统计数据从2024年1月1日至12月31日。"
    );
}

#[test]
fn labels_appear_in_the_reference_text() {
    let Some(path) = fixture::reference("report-format-2021.md") else {
        return;
    };
    let reference = std::fs::read_to_string(path).unwrap();
    let mut labels: Vec<String> = SECTIONS.iter().map(|s| s.to_string()).collect();
    labels.extend(APPLICATION_ROWS.iter().map(|s| s.to_string()));
    labels.extend(APPLICATION_GROUPS.iter().map(|s| s.to_string()));
    labels.push(CORNER.to_string());
    for table in TEMPLATE.tables() {
        for cell in table.header.iter().flat_map(|r| r.iter()) {
            labels.push(cell.text.to_string());
        }
        if !table.caption.is_empty() {
            labels.push(table.caption.to_string());
        }
    }
    for label in labels {
        assert!(
            reference.contains(&label),
            "“{label}” is not in report-format-2021.md"
        );
    }
}
