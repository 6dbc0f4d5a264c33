//! The 2021 format (国办公开办函〔2021〕30号) as data: every heading, label, merged header cell and rule.
//!
//! Labels are the official wording, character for character; `tests/labels.rs` compares them with the
//! reference text. Nothing else in the code base may spell them out.

use crate::template::{
    th, Along, CellKind, FeeField, HeaderCell, HeaderLabels, Item, ProseClaim, Row, Rule, Section,
    Table, Template, TextField, FEE_ID,
};

// Labels used in more than one place of the official layout (typed once here).
const CONTENT: &str = "信息内容";
const DECISIONS: &str = "本年处理决定数量";
const UPHELD: &str = "结果维持";
const CORRECTED: &str = "结果纠正";
const OTHER_RESULT: &str = "其他结果";
const PENDING: &str = "尚未审结";
const TOTAL: &str = "总计";
const RESULTS: &str = "三、本年度办理结果";
const WITHHELD: &str = "（三）不予公开";
const UNABLE: &str = "（四）无法提供";
const NOT_HANDLED: &str = "（五）不予处理";
const OTHER_HANDLING: &str = "（六）其他处理";

/// Table ids (the keys of JSON documents).
pub const REGULATIONS: &str = "regulations";
pub const LICENSING: &str = "licensing";
pub const ENFORCEMENT: &str = "enforcement";
pub const CHARGES: &str = "charges";
pub const APPLICATIONS: &str = "applications";
pub const REVIEWS: &str = "reviews";

/// Rows of the application table (section 三) that rules refer to.
pub mod rows {
    pub const NEW: usize = 0;
    pub const CARRIED_OVER: usize = 1;
    pub const FIRST_RESULT: usize = 2;
    /// 三（六）2: 申请人逾期未按收费通知要求缴纳费用.
    pub const UNPAID_FEE: usize = 21;
    pub const LAST_RESULT: usize = 22;
    pub const RESULTS_TOTAL: usize = 23;
    pub const CARRIED_FORWARD: usize = 24;
}

/// The 总计 column of the application table.
pub const TOTAL_COLUMN: usize = 6;

const fn leaf(group: &'static [&'static str]) -> Row {
    Row { labels: group }
}

static REGULATIONS_TABLE: Table = Table {
    id: REGULATIONS,
    caption: "第二十条第（一）项",
    name: "第二部分“第二十条第（一）项”",
    header: &[&[
        th(CONTENT, 1, 1),
        th("本年制发件数", 1, 1),
        th("本年废止件数", 1, 1),
        th("现行有效件数", 1, 1),
    ]],
    label_columns: 1,
    rows: &[leaf(&["规章"]), leaf(&["行政规范性文件"])],
    columns: 3,
    kind: CellKind::Count,
};

static LICENSING_TABLE: Table = Table {
    id: LICENSING,
    caption: "第二十条第（五）项",
    name: "第二部分“第二十条第（五）项”",
    header: &[&[th(CONTENT, 1, 1), th(DECISIONS, 1, 1)]],
    label_columns: 1,
    rows: &[leaf(&["行政许可"])],
    columns: 1,
    kind: CellKind::Count,
};

static ENFORCEMENT_TABLE: Table = Table {
    id: ENFORCEMENT,
    caption: "第二十条第（六）项",
    name: "第二部分“第二十条第（六）项”",
    header: &[&[th(CONTENT, 1, 1), th(DECISIONS, 1, 1)]],
    label_columns: 1,
    rows: &[leaf(&["行政处罚"]), leaf(&["行政强制"])],
    columns: 1,
    kind: CellKind::Count,
};

static CHARGES_TABLE: Table = Table {
    id: CHARGES,
    caption: "第二十条第（八）项",
    name: "第二部分“第二十条第（八）项”",
    header: &[&[th(CONTENT, 1, 1), th("本年收费金额（单位：万元）", 1, 1)]],
    label_columns: 1,
    rows: &[leaf(&["行政事业性收费"])],
    columns: 1,
    kind: CellKind::Wanyuan,
};

static APPLICATIONS_HEADER: [&[HeaderCell]; 3] = [
    &[
        th(
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            3,
            3,
        ),
        th("申请人情况", 1, 7),
    ],
    &[
        th("自然人", 2, 1),
        th("法人或其他组织", 1, 5),
        th(TOTAL, 2, 1),
    ],
    &[
        th("商业企业", 1, 1),
        th("科研机构", 1, 1),
        th("社会公益组织", 1, 1),
        th("法律服务机构", 1, 1),
        th("其他", 1, 1),
    ],
];

static APPLICATIONS_TABLE: Table = Table {
    id: APPLICATIONS,
    caption: "",
    name: "第三部分",
    header: &APPLICATIONS_HEADER,
    label_columns: 3,
    rows: &[
        leaf(&["一、本年新收政府信息公开申请数量"]),
        leaf(&["二、上年结转政府信息公开申请数量"]),
        leaf(&[RESULTS, "（一）予以公开"]),
        leaf(&[
            RESULTS,
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ]),
        leaf(&[RESULTS, WITHHELD, "1.属于国家秘密"]),
        leaf(&[RESULTS, WITHHELD, "2.其他法律行政法规禁止公开"]),
        leaf(&[RESULTS, WITHHELD, "3.危及“三安全一稳定”"]),
        leaf(&[RESULTS, WITHHELD, "4.保护第三方合法权益"]),
        leaf(&[RESULTS, WITHHELD, "5.属于三类内部事务信息"]),
        leaf(&[RESULTS, WITHHELD, "6.属于四类过程性信息"]),
        leaf(&[RESULTS, WITHHELD, "7.属于行政执法案卷"]),
        leaf(&[RESULTS, WITHHELD, "8.属于行政查询事项"]),
        leaf(&[RESULTS, UNABLE, "1.本机关不掌握相关政府信息"]),
        leaf(&[RESULTS, UNABLE, "2.没有现成信息需要另行制作"]),
        leaf(&[RESULTS, UNABLE, "3.补正后申请内容仍不明确"]),
        leaf(&[RESULTS, NOT_HANDLED, "1.信访举报投诉类申请"]),
        leaf(&[RESULTS, NOT_HANDLED, "2.重复申请"]),
        leaf(&[RESULTS, NOT_HANDLED, "3.要求提供公开出版物"]),
        leaf(&[RESULTS, NOT_HANDLED, "4.无正当理由大量反复申请"]),
        leaf(&[
            RESULTS,
            NOT_HANDLED,
            "5.要求行政机关确认或重新出具已获取信息",
        ]),
        leaf(&[
            RESULTS,
            OTHER_HANDLING,
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ]),
        leaf(&[
            RESULTS,
            OTHER_HANDLING,
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ]),
        leaf(&[RESULTS, OTHER_HANDLING, "3.其他"]),
        leaf(&[RESULTS, "（七）总计"]),
        leaf(&["四、结转下年度继续办理"]),
    ],
    columns: 7,
    kind: CellKind::Count,
};

static REVIEWS_HEADER: [&[HeaderCell]; 3] = [
    &[th("行政复议", 1, 5), th("行政诉讼", 1, 10)],
    &[
        th(UPHELD, 2, 1),
        th(CORRECTED, 2, 1),
        th(OTHER_RESULT, 2, 1),
        th(PENDING, 2, 1),
        th(TOTAL, 2, 1),
        th("未经复议直接起诉", 1, 5),
        th("复议后起诉", 1, 5),
    ],
    &[
        th(UPHELD, 1, 1),
        th(CORRECTED, 1, 1),
        th(OTHER_RESULT, 1, 1),
        th(PENDING, 1, 1),
        th(TOTAL, 1, 1),
        th(UPHELD, 1, 1),
        th(CORRECTED, 1, 1),
        th(OTHER_RESULT, 1, 1),
        th(PENDING, 1, 1),
        th(TOTAL, 1, 1),
    ],
];

static REVIEWS_TABLE: Table = Table {
    id: REVIEWS,
    caption: "",
    name: "第四部分",
    header: &REVIEWS_HEADER,
    label_columns: 0,
    rows: &[Row { labels: &[] }],
    columns: 15,
    kind: CellKind::Count,
};

const INTRO: TextField = TextField {
    id: "overview.intro",
    heading: "",
    hint: "总体概述本年度政府信息公开工作（可选）。",
};
const ACTIVE: TextField = TextField {
    id: "overview.active",
    heading: "（一）主动公开",
    hint: "本年度主动公开政府信息的情况。",
};
const REQUESTS: TextField = TextField {
    id: "overview.requests",
    heading: "（二）依申请公开",
    hint: "收到和办理政府信息公开申请的情况，例如：共收到申请X件，办结X件，结转下年度X件。",
};
const MANAGEMENT: TextField = TextField {
    id: "overview.management",
    heading: "（三）政府信息管理",
    hint: "政府信息管理的情况。",
};
const PLATFORMS: TextField = TextField {
    id: "overview.platforms",
    heading: "（四）政府信息公开平台建设",
    hint: "政府网站、政务新媒体等公开平台建设的情况。",
};
const OVERSIGHT: TextField = TextField {
    id: "overview.oversight",
    heading: "（五）监督保障",
    hint: "工作考核、社会评议和责任追究结果情况。",
};
const PROBLEMS: TextField = TextField {
    id: "problems.issues",
    heading: "（一）存在问题",
    hint: "本年度工作存在的主要问题。",
};
const IMPROVEMENTS: TextField = TextField {
    id: "problems.improvements",
    heading: "（二）改进情况",
    hint: "针对问题的改进措施和情况。",
};
const KEY_POINTS: TextField = TextField {
    id: "other.key_points",
    heading: "（一）年度政务公开工作要点落实情况",
    hint: "本年度政务公开工作要点的落实情况。",
};
const PROPOSALS: TextField = TextField {
    id: "other.proposals",
    heading: "（三）人大代表建议和政协提案办理结果公开情况",
    hint: "人大代表建议和政协提案办理结果的公开情况。",
};
const OTHER: TextField = TextField {
    id: "other.other",
    heading: "（四）其他",
    hint: "其他需要报告的事项，例如创新做法（可选）。",
};

static FEE: FeeField = FeeField {
    heading: "（二）收取信息处理费情况",
    question: "本年度办理政府信息公开申请是否收取信息处理费",
    none_sentence: "本年度办理政府信息公开申请未收取信息处理费。",
    charged_sentence: "本年度办理政府信息公开申请共收取信息处理费{amount}元。",
    amount_label: "收取金额（单位：元）",
    note_hint: "可补充说明，例如收费依据（国办函〔2020〕109号）和收费件数。",
};

const OVERVIEW_TEXTS: &[&str] = &[
    INTRO.id,
    ACTIVE.id,
    REQUESTS.id,
    MANAGEMENT.id,
    PLATFORMS.id,
    OVERSIGHT.id,
];
const PROBLEM_TEXTS: &[&str] = &[PROBLEMS.id, IMPROVEMENTS.id];
const ALL_COLUMNS: &[usize] = &[0, 1, 2, 3, 4, 5, 6];
const ALL_ROWS: &[usize] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
];
const RESULT_LEAVES: &[usize] = &[
    2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
];

/// S3's 上年结转 claim; also the row that “收到…件” often counts in (see [`ProseClaim::plus`]).
const CARRIED_OVER_CLAIM: ProseClaim = ProseClaim {
    what: "上年结转申请",
    cues: &[
        "上年结转",
        "上年度结转",
        "上一年度结转",
        "上一年结转",
        "去年结转",
    ],
    zero_cues: &["无上年结转", "没有上年结转", "上年无结转", "上年度无结转"],
    row: rows::CARRIED_OVER,
    plus: None,
};

/// The 2021 format.
pub static TEMPLATE: Template = Template {
    id: "2021",
    issued_by: "国办公开办函〔2021〕30号",
    first_year: 2021,
    header: HeaderLabels {
        agency: "机关名称",
        year: "报告年度",
        published: "发布日期",
        preamble: "开头语",
    },
    title_suffix: "政府信息公开工作年度报告",
    preamble: "根据《中华人民共和国政府信息公开条例》规定和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{issued_by}）要求，现发布《{title}》，本报告统计数据从{year}年1月1日至12月31日。",
    sections: &[
        Section {
            heading: "一、总体情况",
            name: "第一部分",
            items: &[
                Item::Text(&INTRO),
                Item::Text(&ACTIVE),
                Item::Text(&REQUESTS),
                Item::Text(&MANAGEMENT),
                Item::Text(&PLATFORMS),
                Item::Text(&OVERSIGHT),
            ],
        },
        Section {
            heading: "二、主动公开政府信息情况",
            name: "第二部分",
            items: &[
                Item::Table(&REGULATIONS_TABLE),
                Item::Table(&LICENSING_TABLE),
                Item::Table(&ENFORCEMENT_TABLE),
                Item::Table(&CHARGES_TABLE),
            ],
        },
        Section {
            heading: "三、收到和处理政府信息公开申请情况",
            name: "第三部分",
            items: &[Item::Table(&APPLICATIONS_TABLE)],
        },
        Section {
            heading: "四、政府信息公开行政复议、行政诉讼情况",
            name: "第四部分",
            items: &[Item::Table(&REVIEWS_TABLE)],
        },
        Section {
            heading: "五、存在的主要问题及改进情况",
            name: "第五部分",
            items: &[Item::Text(&PROBLEMS), Item::Text(&IMPROVEMENTS)],
        },
        Section {
            heading: "六、其他需要报告的事项",
            name: "第六部分",
            items: &[
                Item::Text(&KEY_POINTS),
                Item::Fee(&FEE),
                Item::Text(&PROPOSALS),
                Item::Text(&OTHER),
            ],
        },
    ],
    rules: &[
        Rule::Sum {
            id: "H1",
            table: APPLICATIONS,
            along: Along::Columns(ALL_COLUMNS),
            lhs: &[rows::NEW, rows::CARRIED_OVER],
            rhs: &[rows::RESULTS_TOTAL, rows::CARRIED_FORWARD],
            scope: "",
            derives: false,
        },
        Rule::Sum {
            id: "H2",
            table: APPLICATIONS,
            along: Along::Columns(ALL_COLUMNS),
            lhs: RESULT_LEAVES,
            rhs: &[rows::RESULTS_TOTAL],
            scope: "",
            derives: true,
        },
        Rule::Sum {
            id: "H3",
            table: APPLICATIONS,
            along: Along::Rows(ALL_ROWS),
            lhs: &[0, 1, 2, 3, 4, 5],
            rhs: &[TOTAL_COLUMN],
            scope: "",
            derives: true,
        },
        Rule::Sum {
            id: "H4",
            table: REVIEWS,
            along: Along::Rows(&[0]),
            lhs: &[0, 1, 2, 3],
            rhs: &[4],
            scope: "行政复议",
            derives: true,
        },
        Rule::Sum {
            id: "H4",
            table: REVIEWS,
            along: Along::Rows(&[0]),
            lhs: &[5, 6, 7, 8],
            rhs: &[9],
            scope: "行政诉讼（未经复议直接起诉）",
            derives: true,
        },
        Rule::Sum {
            id: "H4",
            table: REVIEWS,
            along: Along::Rows(&[0]),
            lhs: &[10, 11, 12, 13],
            rhs: &[14],
            scope: "行政诉讼（复议后起诉）",
            derives: true,
        },
        Rule::AllFilled {
            id: "H5",
            placeholders: &["/", "／", "-", "－", "—", "——", "无", "空"],
        },
        Rule::Structure {
            id: "H6",
            sections: &[
                OVERVIEW_TEXTS,
                PROBLEM_TEXTS,
                &[KEY_POINTS.id, FEE_ID, PROPOSALS.id, OTHER.id],
            ],
        },
        Rule::CarryOver {
            id: "S1",
            table: APPLICATIONS,
            this_row: rows::CARRIED_OVER,
            last_row: rows::CARRIED_FORWARD,
        },
        Rule::Stock {
            id: "S2",
            table: REGULATIONS,
            rows: &[0, 1],
            issued: 0,
            repealed: 1,
            stock: 2,
        },
        Rule::ProseNumbers {
            id: "S3",
            texts: OVERVIEW_TEXTS,
            table: APPLICATIONS,
            total_column: TOTAL_COLUMN,
            claims: &[
                ProseClaim {
                    what: "本年新收申请",
                    // 新收 first: “共收到申请12件，其中本年新收10件、上年结转2件” means 10.
                    cues: &["新收", "收到", "受理", "接收", "接到"],
                    zero_cues: &[
                        "未收到",
                        "没有收到",
                        "未接到",
                        "没有接到",
                        "未接收",
                        "未受理",
                        "没有受理",
                        "无政府信息公开申请",
                        "暂无政府信息公开申请",
                        "无依申请公开",
                        "零申请",
                    ],
                    row: rows::NEW,
                    plus: Some(&CARRIED_OVER_CLAIM),
                },
                CARRIED_OVER_CLAIM,
                ProseClaim {
                    what: "办结申请",
                    cues: &["办结", "办理完毕", "办理完成", "答复完毕"],
                    zero_cues: &[],
                    row: rows::RESULTS_TOTAL,
                    plus: None,
                },
                ProseClaim {
                    what: "结转下年度办理的申请",
                    cues: &[
                        "结转下年",
                        "结转至下年",
                        "结转到下年",
                        "结转下一年",
                        "结转至下一年",
                        "结转到下一年",
                        "结转至次年",
                        "结转次年",
                        "结转至#年",
                        "结转到#年",
                        "转入下年",
                        "转至下年",
                    ],
                    // Not a bare “无结转”: after 上年 it is about the other row.
                    zero_cues: &[
                        "无结转下年",
                        "没有结转下年",
                        "无结转至下",
                        "无需结转下",
                        "无转入下年",
                    ],
                    row: rows::CARRIED_FORWARD,
                    plus: None,
                },
            ],
        },
        Rule::Substantive {
            id: "S4",
            texts: PROBLEM_TEXTS,
            fee: true,
        },
        Rule::FeeReported {
            id: "S5",
            table: APPLICATIONS,
            row: rows::UNPAID_FEE,
            total_column: TOTAL_COLUMN,
        },
        Rule::PastYear { id: "S6" },
    ],
};
