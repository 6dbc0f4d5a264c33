//! How the recogniser compares wording that drifts: labels reduced to their words (numbering,
//! punctuation of both widths, spaces and bold marks gone) and a likeness of two labels by the
//! character pairs they share, which survives typos, dropped words and labels cut over lines.

/// Chinese numerals as headings number with them.
const NUMERALS: &str = "一二三四五六七八九十";

/// The radicals (Kangxi Radicals U+2F00–U+2FD5, and the two of the CJK Radicals Supplement that
/// have one) that Unicode maps to an ideograph (NFKC), in code order: PDF viewers and printers often
/// give `⼀`, `⽂` or `⼯` where the page shows 一, 文, 工, so copied text has them in labels and prose.
/// Generated from Python's `unicodedata.normalize("NFKC", …)` over both blocks.
const RADICALS: &str = concat!(
    "⺟⻳⼀⼁⼂⼃⼄⼅⼆⼇⼈⼉⼊⼋⼌⼍⼎⼏⼐⼑⼒⼓⼔⼕⼖⼗⼘⼙⼚⼛",
    "⼜⼝⼞⼟⼠⼡⼢⼣⼤⼥⼦⼧⼨⼩⼪⼫⼬⼭⼮⼯⼰⼱⼲⼳⼴⼵⼶⼷⼸⼹",
    "⼺⼻⼼⼽⼾⼿⽀⽁⽂⽃⽄⽅⽆⽇⽈⽉⽊⽋⽌⽍⽎⽏⽐⽑⽒⽓⽔⽕⽖⽗",
    "⽘⽙⽚⽛⽜⽝⽞⽟⽠⽡⽢⽣⽤⽥⽦⽧⽨⽩⽪⽫⽬⽭⽮⽯⽰⽱⽲⽳⽴⽵",
    "⽶⽷⽸⽹⽺⽻⽼⽽⽾⽿⾀⾁⾂⾃⾄⾅⾆⾇⾈⾉⾊⾋⾌⾍⾎⾏⾐⾑⾒⾓",
    "⾔⾕⾖⾗⾘⾙⾚⾛⾜⾝⾞⾟⾠⾡⾢⾣⾤⾥⾦⾧⾨⾩⾪⾫⾬⾭⾮⾯⾰⾱",
    "⾲⾳⾴⾵⾶⾷⾸⾹⾺⾻⾼⾽⾾⾿⿀⿁⿂⿃⿄⿅⿆⿇⿈⿉⿊⿋⿌⿍⿎⿏",
    "⿐⿑⿒⿓⿔⿕",
);
/// The ideograph of each of [`RADICALS`], in the same order.
const IDEOGRAPHS: &str = concat!(
    "母龟一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶",
    "又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐",
    "彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父",
    "爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹",
    "米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角",
    "言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋",
    "韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠",
    "鼻齊齒龍龜龠",
);

/// `text` with every radical of [`RADICALS`] written as its ideograph (text copied from a PDF).
pub fn unify_radicals(text: &str) -> std::borrow::Cow<'_, str> {
    let radical = |c: char| ('\u{2e80}'..='\u{2fdf}').contains(&c);
    if !text.chars().any(radical) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if !radical(c) {
                return c;
            }
            RADICALS
                .chars()
                .position(|r| r == c)
                .and_then(|i| IDEOGRAPHS.chars().nth(i))
                .unwrap_or(c)
        })
        .collect::<String>()
        .into()
}

/// Whether a character is a space of any kind (ASCII, NBSP, U+3000, zero-width).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{3000}' | '\u{200b}' | '\u{feff}')
}

/// `text` without spaces of any kind and without Markdown bold/heading marks.
pub fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_space(c) && c != '*' && c != '#')
        .collect()
}

/// The numbering a heading or label starts with, if any, and the rest: `一、`, `（一）`, `(一)`,
/// `1.`, `1、`, `1．`, `（1）`. `text` must be squeezed.
pub fn split_numbering(text: &str) -> (Option<Numbering>, &str) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let Some(&(_, first)) = chars.first() else {
        return (None, text);
    };
    let rest_at = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
    // （一） (1)
    if matches!(first, '（' | '(') {
        let mut i = 1;
        while chars
            .get(i)
            .is_some_and(|&(_, c)| NUMERALS.contains(c) || c.is_ascii_digit())
        {
            i += 1;
        }
        if i > 1 && chars.get(i).is_some_and(|&(_, c)| matches!(c, '）' | ')')) {
            let value = number_value(&text[rest_at(1)..rest_at(i)]);
            let rest = &text[rest_at(i + 1)..];
            return (value.map(Numbering::Paren), trim_separator(rest));
        }
        return (None, text);
    }
    let mut i = 0;
    while chars
        .get(i)
        .is_some_and(|&(_, c)| NUMERALS.contains(c) || c.is_ascii_digit())
    {
        i += 1;
    }
    if i > 0
        && chars
            .get(i)
            .is_some_and(|&(_, c)| matches!(c, '、' | '.' | '．' | '，' | ','))
    {
        // `2021年` or `1.5` are not numbering: a separator must follow directly and no digit after.
        let after = chars.get(i + 1).map(|&(_, c)| c);
        if !after.is_some_and(|c| c.is_ascii_digit()) {
            let digits = &text[..rest_at(i)];
            let value = number_value(digits);
            let kind = if digits.chars().all(|c| c.is_ascii_digit()) {
                value.map(Numbering::Arabic)
            } else {
                value.map(Numbering::Chinese)
            };
            return (kind, &text[rest_at(i + 1)..]);
        }
    }
    (None, text)
}

fn trim_separator(text: &str) -> &str {
    text.trim_start_matches(['、', '.', '．', ':', '：'])
}

/// A heading's or label's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// `一、`
    Chinese(u32),
    /// `（一）`, `(1)`
    Paren(u32),
    /// `1.`, `1、`
    Arabic(u32),
}

/// `一`..`十九`, `1`..: the value of a heading number.
fn number_value(digits: &str) -> Option<u32> {
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return digits.parse().ok().filter(|&n| n < 1000);
    }
    let value = |c: char| NUMERALS.chars().position(|n| n == c).map(|p| p as u32 + 1);
    let chars: Vec<char> = digits.chars().collect();
    match chars.as_slice() {
        [c] => value(*c),
        ['十', c] => value(*c).filter(|&v| v < 10).map(|v| 10 + v),
        [c, '十'] => value(*c).filter(|&v| v < 10).map(|v| v * 10),
        [a, '十', b] => Some(value(*a)? * 10 + value(*b)?),
        _ => None,
    }
}

/// A label reduced to its words: squeezed, numbering dropped, punctuation of either width dropped,
/// so `(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)` and the official
/// `（二）部分公开（区分处理的，只计这一情形，不计其他情形）` read the same.
pub fn words(text: &str) -> String {
    let squeezed = squeeze(text);
    let (_, rest) = split_numbering(&squeezed);
    rest.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// How much two labels' words are alike, 0 to 1: the share of `fragment`'s character pairs found in
/// `label` (a piece of a label cut over lines still scores high) averaged with the share of `label`'s
/// pairs found in `fragment` (a whole label beats a piece of it). Both are [`words`].
pub fn likeness(fragment: &str, label: &str) -> f32 {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        if chars.len() == 1 {
            return vec![(chars[0], chars[0])];
        }
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (a, b) = (pairs(fragment), pairs(label));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = |from: &[(char, char)], into: &[(char, char)]| {
        from.iter().filter(|p| into.contains(p)).count() as f32 / from.len() as f32
    };
    0.5 * shared(&a, &b) + 0.5 * shared(&b, &a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_of_every_kind_is_split_off() {
        assert_eq!(
            split_numbering("一、总体情况"),
            (Some(Numbering::Chinese(1)), "总体情况")
        );
        assert_eq!(
            split_numbering("（三）不予公开"),
            (Some(Numbering::Paren(3)), "不予公开")
        );
        assert_eq!(
            split_numbering("(六)其他处理"),
            (Some(Numbering::Paren(6)), "其他处理")
        );
        assert_eq!(
            split_numbering("1.属于国家秘密"),
            (Some(Numbering::Arabic(1)), "属于国家秘密")
        );
        assert_eq!(
            split_numbering("2、重复申请"),
            (Some(Numbering::Arabic(2)), "重复申请")
        );
        assert_eq!(split_numbering("2024年"), (None, "2024年"));
        assert_eq!(split_numbering("1.5万元"), (None, "1.5万元"));
        assert_eq!(
            split_numbering("十二、其他"),
            (Some(Numbering::Chinese(12)), "其他")
        );
    }

    #[test]
    fn words_ignore_widths_spaces_and_bold() {
        assert_eq!(
            words("(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)"),
            words("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
        );
        assert_eq!(words("**六、其他需要报告的事项**"), "其他需要报告的事项");
        assert_eq!(words("尚 未 审 结"), "尚未审结");
    }

    #[test]
    fn radicals_from_a_pdf_read_as_their_ideographs() {
        assert_eq!(
            unify_radicals("⼀、本年新收政府信息公开申请数量"),
            "一、本年新收政府信息公开申请数量"
        );
        assert_eq!(unify_radicals("⽂件"), "文件");
        assert_eq!(RADICALS.chars().count(), IDEOGRAPHS.chars().count());
        assert!(matches!(
            unify_radicals("无部首"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_typo_or_a_piece_still_looks_alike() {
        let official = words("2.其他法律行政法规禁止公开");
        assert!(likeness(&words("2.其他法律法规禁止公开"), &official) > 0.8);
        assert!(likeness(&words("属于国家秘密"), &official) < 0.2);
        let long = words("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请");
        assert!(likeness(&words("1.申请人无正当理由逾期不补"), &long) > 0.6);
    }
}
