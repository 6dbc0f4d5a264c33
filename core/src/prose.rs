//! Reading what prose says, for the warnings that compare it with the tables:
//! - [`stated`]: the number of 政府信息公开申请 that a text of 一、总体情况 states for a claim
//!   (“共收到政府信息公开申请12件”, “未收到…申请”), for rule S3;
//! - [`fee_position_stated`]: whether a text states the 信息处理费 position (“未收取信息处理费”,
//!   “收取信息处理费0元”), for rule S5.
//!
//! A warning that is often wrong teaches people to ignore every warning, so both read only what they
//! can be sure of and otherwise say nothing. For S3 that means:
//! - a statement is a cue of the template's [`ProseClaim`] (收到, 办结 …) and a count `<number>件` in
//!   the same clause (，；。 end a clause), or a zero wording (未收到…申请);
//! - it must be about 政府信息公开申请: the topic word nearest the count decides (申请, 依申请公开 for;
//!   行政复议, 12345 热线, 诉求, 来信来访 … against), looking right after the count (“70件申请”), then
//!   back from it within the paragraph; with no topic word at all, only a field whose heading is about
//!   申请 (（二）依申请公开) counts;
//! - dates (2024年), percentages, decimals and malformed numbers (“2,1件”) are never counts, and
//!   Chinese numerals are not read (“每一件申请” is not a count).

use crate::template::ProseClaim;

/// What a text states for a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub value: u128,
    /// Said in words (“未收到…申请”), not as a number.
    pub in_words: bool,
    /// The text says its number includes the claim's [`ProseClaim::plus`] row (“含上年结转2件”).
    pub includes_plus: bool,
    /// The words that say it, as written, for messages.
    pub quote: String,
}

/// The number a text states for a claim (see [`stated`]), for a text without a heading.
pub fn stated_number(text: &str, claim: &ProseClaim) -> Option<u128> {
    stated(text, "", claim).map(|s| s.value)
}

/// What `text` (a field headed `heading`) states for `claim`, if it states it clearly.
///
/// When a text says it several times, the earliest cue of the claim's list wins, then the first place
/// in the text; zero wordings come after every cue.
///
/// Remembered per thread for the texts last read: `check` runs at every keystroke, and the prose
/// seldom changes between two (reading a long text is most of a check; see BENCHMARKS.md). The result
/// depends only on the arguments, so the memo changes nothing but the time.
pub fn stated(text: &str, heading: &str, claim: &ProseClaim) -> Option<Stated> {
    /// Enough for every text and claim of a report.
    const KEEP: usize = 32;
    type Entry = ((String, String, usize), Option<Stated>);
    thread_local! {
        static MEMO: std::cell::RefCell<Vec<Entry>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    // A claim is a static of the template: its address names it. (A plain list: a map would cost
    // more code in the wasm than it saves.)
    let claim_id = std::ptr::from_ref(claim) as usize;
    let found = MEMO.with(|m| {
        m.borrow()
            .iter()
            .find(|((t, h, c), _)| *c == claim_id && t == text && h == heading)
            .map(|(_, found)| found.clone())
    });
    if let Some(found) = found {
        return found;
    }
    let found = stated_uncached(text, heading, claim);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= KEEP {
            m.remove(0);
        }
        m.push((
            (text.to_string(), heading.to_string(), claim_id),
            found.clone(),
        ));
    });
    found
}

fn stated_uncached(text: &str, heading: &str, claim: &ProseClaim) -> Option<Stated> {
    let doc = Doc::new(text.chars().collect());
    let about_applications = heading.contains("申请");
    // (rank, position, statement)
    let mut best: Option<(usize, usize, Stated)> = None;
    let mut consider = |rank: usize, at: usize, found: Stated| {
        if best.as_ref().is_none_or(|(r, p, _)| (rank, at) < (*r, *p)) {
            best = Some((rank, at, found));
        }
    };
    for (rank, cue) in claim.cues.iter().enumerate() {
        for (start, end) in doc.find(cue) {
            if doc.negated(start) {
                continue;
            }
            if let Some(found) = doc.counted(start, end, about_applications, claim) {
                consider(rank, start, found);
            }
        }
    }
    for cue in claim.zero_cues {
        for (start, end) in doc.find(cue) {
            let topic = if APPLICATION_WORDS.iter().any(|w| cue.contains(w)) {
                Some(Topic::Applications)
            } else {
                // The head of what was not received: the last topic word of the clause
                // (“未收到依申请公开相关的投诉” is about 投诉).
                let (_, clause_end) = doc.clause(start);
                doc.topic_between(end, clause_end)
                    .or_else(|| doc.topic_before(start))
            };
            if resolve(topic, about_applications) {
                let (from, to) = doc.clause(start);
                consider(
                    claim.cues.len(),
                    start,
                    Stated {
                        value: 0,
                        in_words: true,
                        includes_plus: false,
                        quote: doc.quote(from, to, start, end),
                    },
                );
            }
        }
    }
    best.map(|(_, _, found)| found)
}

/// Whether `text` states the 信息处理费 position: that none was collected (未收取/无收取/没有收取/
/// 不收取/免收 … 信息处理费, “收取信息处理费情况：无”), an amount (“收取信息处理费0元”), or the fee
/// notices sent (“发出收费通知2件”). `in_fee_item` is set for the fee item's own note, where a plain
/// “未收取任何费用” is about this fee; elsewhere the sentence must be about 申请 or name 处理费.
///
/// Titles in 《》 are not statements: “《政府信息公开信息处理费管理办法》” says nothing about this year.
pub fn fee_position_stated(text: &str, in_fee_item: bool) -> bool {
    let doc = Doc::new(without_titles(text));
    let mut start = 0;
    while start < doc.chars.len() {
        let (from, to) = doc.clause(start);
        let (s_from, s_to) = doc.sentence(start);
        let clause = &doc.chars[from..to];
        let sentence = &doc.chars[s_from..s_to];
        if fee_clause(clause, sentence, in_fee_item) {
            return true;
        }
        start = to + 1;
    }
    false
}

/// Whether one clause states the fee position (see [`fee_position_stated`]).
fn fee_clause(clause: &[char], sentence: &[char], in_fee_item: bool) -> bool {
    let specific = contains(clause, "处理费");
    let general = ["费用", "收费", "缴费", "免费"]
        .iter()
        .any(|w| contains(clause, w))
        && !contains(clause, "事业性收费")
        && (in_fee_item || contains(sentence, "申请"));
    if !specific && !general {
        return false;
    }
    if contains(clause, "收费通知") || contains(clause, "缴费通知") || contains(clause, "免费")
    {
        return true;
    }
    // A negation with a verb of collecting right after it: 未收取, 无收取, 没有向申请人收取, 免收,
    // 未产生, 不涉及. Not 不断 (不断规范…收缴管理 is no statement).
    for (i, c) in clause.iter().enumerate() {
        if !matches!(c, '未' | '没' | '不' | '无' | '免') {
            continue;
        }
        if matches!(clause.get(i + 1), Some('断' | '仅')) {
            continue;
        }
        let after = &clause[(i + 1).min(clause.len())..(i + 7).min(clause.len())];
        if ["收", "产生", "发生", "涉及", "缴纳"]
            .iter()
            .any(|v| contains(after, v))
        {
            return true;
        }
    }
    // An amount: 收取信息处理费0元, 共收取信息处理费1,200.00元, 信息处理费收入为零.
    let doc = Doc::new(clause.to_vec());
    // (“为0” but not a phone number “为0591…”.)
    let zero = find(clause, "为0").any(|i| clause.get(i + 2).and_then(|c| digit(*c)).is_none());
    if doc.amounts_in_yuan() || contains(clause, "为零") || zero {
        return true;
    }
    // 收取信息处理费情况：无.
    let noun_end = ["处理费", "费用", "收费"]
        .iter()
        .filter_map(|w| find(clause, w).last().map(|s| s + w.chars().count()))
        .max();
    if let Some(end) = noun_end {
        let rest: String = clause[end..]
            .iter()
            .filter(|c| !"情况：:为是 \u{3000}\u{a0}".contains(**c))
            .collect();
        if matches!(rest.as_str(), "无" | "暂无" | "没有" | "0" | "零") {
            return true;
        }
    }
    false
}

/// Words that make a count one of 政府信息公开申请.
const APPLICATION_WORDS: &[&str] = &[
    "政府信息公开申请",
    "信息公开申请",
    "公开申请",
    "依申请公开",
    "依申请",
    "申请",
];

/// Words of other things counted in 件 that prose of 一、总体情况 mentions beside applications.
const OTHER_WORDS: &[&str] = &[
    "行政复议",
    "复议",
    "行政诉讼",
    "诉讼",
    "12345",
    "热线",
    "诉求",
    "来信",
    "来访",
    "信访",
    "来函",
    "投诉",
    "举报",
    "咨询",
    "留言",
    "建议",
    "提案",
    "工单",
    "意见",
    "政务服务",
    "办件",
    "审批",
    "许可",
    "听证",
];

/// Characters that may stand before a count that comes before its cue (“其余1件结转下年度”).
const LEAD: &str = "其余另有剩下尚还共计";

/// Characters that may stand between a count and a cue that follows it (“1件申请结转下年度”).
const FILLER: &str = "申请已均将需要予以依法规继续全部的正在";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Topic {
    Applications,
    Other,
}

/// Whether a statement with this topic is about applications: a topic word decides; without one,
/// the field's heading does.
fn resolve(topic: Option<Topic>, about_applications: bool) -> bool {
    match topic {
        Some(t) => t == Topic::Applications,
        None => about_applications,
    }
}

/// A count `<number>件`: where it starts, where it ends (after 件), and its value.
#[derive(Debug, Clone, Copy)]
struct Count {
    start: usize,
    end: usize,
    value: u128,
}

/// A text as characters, with its counts and the commas that are thousands separators.
struct Doc {
    chars: Vec<char>,
    counts: Vec<Count>,
    /// Positions of `,` inside a well-formed number (`1,234`), ascending: not clause ends.
    grouping: Vec<usize>,
    /// Whether some number is followed by 元 (or 万元): an amount, for the fee.
    yuan: bool,
}

impl Doc {
    fn new(chars: Vec<char>) -> Doc {
        let mut counts = Vec::new();
        let mut grouping = Vec::new();
        let mut yuan = false;
        let mut i = 0;
        while i < chars.len() {
            if digit(chars[i]).is_none() {
                if chars[i] == '零' && next_unit(&chars, i + 1).0 == Some('元') {
                    yuan = true;
                }
                i += 1;
                continue;
            }
            let number = read_number(&chars, i);
            grouping.extend_from_slice(&number.grouping);
            let (unit, after) = next_unit(&chars, number.end);
            // H5, V2.0, 0591-23165370: part of a name, not a number of its own.
            let glued = i
                .checked_sub(1)
                .and_then(|p| chars.get(p))
                .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '．' | '-' | '/'));
            if !glued {
                let in_yuan = unit == Some('元')
                    || (unit == Some('万') && chars.get(after + 1) == Some(&'元'));
                // Amounts may have decimals (0.00元); counts may not.
                yuan |= in_yuan && !number.malformed;
                if let (Some(value), Some('件')) = (number.value, unit) {
                    counts.push(Count {
                        start: i,
                        end: after + 1,
                        value,
                    });
                }
            }
            i = number.end.max(i + 1);
        }
        Doc {
            chars,
            counts,
            grouping,
            yuan,
        }
    }

    fn amounts_in_yuan(&self) -> bool {
        self.yuan
    }

    fn is_clause_end(&self, i: usize) -> bool {
        match self.chars.get(i) {
            Some(',') => self.grouping.binary_search(&i).is_err(),
            Some(c) => matches!(
                c,
                '，' | '；' | ';' | '。' | '！' | '？' | '!' | '?' | '\n' | '\r'
            ),
            None => true,
        }
    }

    fn is_sentence_end(&self, i: usize) -> bool {
        matches!(
            self.chars.get(i),
            None | Some('；' | ';' | '。' | '！' | '？' | '!' | '?' | '\n' | '\r')
        )
    }

    /// The clause around position `at`: `(start, end)`, end exclusive.
    fn clause(&self, at: usize) -> (usize, usize) {
        self.span(at, |i| self.is_clause_end(i))
    }

    fn sentence(&self, at: usize) -> (usize, usize) {
        self.span(at, |i| self.is_sentence_end(i))
    }

    fn span(&self, at: usize, end: impl Fn(usize) -> bool) -> (usize, usize) {
        let mut from = at.min(self.chars.len());
        while from > 0 && !end(from - 1) {
            from -= 1;
        }
        let mut to = at.min(self.chars.len());
        while to < self.chars.len() && !end(to) {
            to += 1;
        }
        (from, to)
    }

    /// Where the paragraph around `at` starts.
    fn paragraph_start(&self, at: usize) -> usize {
        let at = at.min(self.chars.len());
        self.chars[..at]
            .iter()
            .rposition(|c| matches!(c, '\n' | '\r'))
            .map_or(0, |p| p + 1)
    }

    /// Every match of a cue: `(start, end)`.
    fn find(&self, cue: &str) -> Vec<(usize, usize)> {
        let pattern: Vec<char> = cue.chars().collect();
        (0..self.chars.len())
            .filter_map(|i| match_at(&self.chars, i, &pattern).map(|end| (i, end)))
            .collect()
    }

    /// Whether the cue at `start` is denied (未办结, 没有收到, 不受理).
    fn negated(&self, start: usize) -> bool {
        let before = |n: usize| start.checked_sub(n).and_then(|i| self.chars.get(i));
        matches!(before(1), Some('未' | '没' | '不' | '无'))
            || (before(2) == Some(&'没') && before(1) == Some(&'有'))
    }

    /// The statement a cue at `start..end` makes with a count: the first count of applications after
    /// it in its clause, or else the count just before it (“1件结转下年度”).
    fn counted(
        &self,
        start: usize,
        end: usize,
        about_applications: bool,
        claim: &ProseClaim,
    ) -> Option<Stated> {
        let (from, to) = self.clause(start);
        let make = |count: &Count, s: usize, e: usize| Stated {
            value: count.value,
            in_words: false,
            includes_plus: claim
                .plus
                .is_some_and(|plus| self.includes(count.end, plus)),
            quote: self.quote(from, to, s, e),
        };
        for count in self.counts.iter().filter(|c| c.start >= end && c.end <= to) {
            if resolve(self.topic_of(count), about_applications) {
                return Some(make(count, start, count.end));
            }
        }
        let before = self
            .counts
            .iter()
            .rfind(|c| c.start >= from && c.end <= start)?;
        // Only a count that leads its clause (“另有1件结转下年度”): in “上年结转的申请3件已全部办结” the
        // 3 belong to 上年结转 and are not all that was 办结.
        let lead = &self.chars[from..before.start];
        let leads = lead.iter().all(|c| LEAD.contains(*c) || c.is_whitespace());
        let gap = &self.chars[before.end..start];
        let filler = gap.len() <= 6 && gap.iter().all(|c| FILLER.contains(*c));
        (leads && filler && resolve(self.topic_of(before), about_applications))
            .then(|| make(before, before.start, end))
    }

    /// Whether the sentence goes on to say the count includes the `plus` row: 含/包括/其中 and then a
    /// cue of it (“收到申请10件（含上年结转2件）”).
    fn includes(&self, after: usize, plus: &ProseClaim) -> bool {
        let (_, to) = self.sentence(after);
        let rest = &self.chars[after.min(to)..to];
        let Some(marker) = ["含", "包括", "其中"]
            .iter()
            .filter_map(|m| find(rest, m).next())
            .min()
        else {
            return false;
        };
        let tail = &rest[marker..];
        plus.cues.iter().any(|cue| {
            let pattern: Vec<char> = cue.chars().collect();
            (0..tail.len()).any(|i| match_at(tail, i, &pattern).is_some())
        })
    }

    /// What a count counts: a topic word right after it (“70件申请”), else the nearest one before it
    /// in its paragraph.
    fn topic_of(&self, count: &Count) -> Option<Topic> {
        let (_, to) = self.clause(count.start);
        let near = (count.end..to.min(count.end + 4))
            .take_while(|&i| {
                // “3件、政府信息公开申请5件”: what follows 、 is the next item, not this one's noun.
                self.chars
                    .get(i)
                    .is_some_and(|c| digit(*c).is_none() && !"、（）()：:".contains(*c))
            })
            .find_map(|i| self.word_starting(i));
        near.or_else(|| self.topic_before(count.start))
    }

    /// The nearest topic word ending at or before `at`, in the paragraph.
    fn topic_before(&self, at: usize) -> Option<Topic> {
        let from = self.paragraph_start(at);
        (from + 1..=at.min(self.chars.len()))
            .rev()
            .find_map(|e| self.word_ending(e))
    }

    /// The last topic word between `from` and `to`.
    fn topic_between(&self, from: usize, to: usize) -> Option<Topic> {
        (from + 1..=to.min(self.chars.len()))
            .rev()
            .find_map(|e| self.word_ending(e))
    }

    /// The longest topic word starting at `s`.
    fn word_starting(&self, s: usize) -> Option<Topic> {
        let longest = |words: &[&str]| {
            words
                .iter()
                .filter(|w| match_at(&self.chars, s, &w.chars().collect::<Vec<_>>()).is_some())
                .map(|w| w.chars().count())
                .max()
        };
        match (longest(APPLICATION_WORDS), longest(OTHER_WORDS)) {
            (Some(a), Some(o)) if o >= a => Some(Topic::Other),
            (Some(_), _) => Some(Topic::Applications),
            (None, Some(_)) => Some(Topic::Other),
            (None, None) => None,
        }
    }

    /// The longest topic word ending at `e` (exclusive). A bare 申请 right after another topic
    /// (行政复议申请, 许可申请) belongs to that topic.
    fn word_ending(&self, e: usize) -> Option<Topic> {
        let ends = |w: &str| {
            let n = w.chars().count();
            e >= n && self.chars[e - n..e].iter().copied().eq(w.chars())
        };
        let longest = |words: &[&'static str]| -> Option<&'static str> {
            words
                .iter()
                .copied()
                .filter(|w| ends(w))
                .max_by_key(|w| w.chars().count())
        };
        match (longest(APPLICATION_WORDS), longest(OTHER_WORDS)) {
            (Some(a), Some(o)) if o.chars().count() >= a.chars().count() => Some(Topic::Other),
            (Some("申请"), _) => {
                let before = e - 2;
                if OTHER_WORDS.iter().any(|w| {
                    let n = w.chars().count();
                    before >= n && self.chars[before - n..before].iter().copied().eq(w.chars())
                }) {
                    Some(Topic::Other)
                } else {
                    Some(Topic::Applications)
                }
            }
            (Some(_), _) => Some(Topic::Applications),
            (None, Some(_)) => Some(Topic::Other),
            (None, None) => None,
        }
    }

    /// The clause `from..to` as written, cut around `s..e` when it is long.
    fn quote(&self, from: usize, to: usize, s: usize, e: usize) -> String {
        const LONG: usize = 40;
        let trim = |c: &char| c.is_whitespace() || *c == '\u{a0}';
        let mut from = from;
        let mut to = to;
        while from < to && self.chars.get(from).is_some_and(trim) {
            from += 1;
        }
        while to > from && self.chars.get(to - 1).is_some_and(trim) {
            to -= 1;
        }
        if to - from <= LONG {
            return self.chars[from..to].iter().collect();
        }
        let a = s.saturating_sub(10).max(from);
        let b = (e + 4).min(to).max(a);
        let mut out = String::new();
        if a > from {
            out.push('…');
        }
        out.extend(&self.chars[a..b]);
        if b < to {
            out.push('…');
        }
        out
    }
}

/// A number as written from `start`: digits, `,` thousands separators, a decimal part.
struct Number {
    /// `None` when malformed (“2,1”), with decimals or too large: not a count.
    value: Option<u128>,
    malformed: bool,
    end: usize,
    grouping: Vec<usize>,
}

fn read_number(chars: &[char], start: usize) -> Number {
    let digit_at = |i: usize| chars.get(i).and_then(|c| digit(*c));
    let mut value: Option<u128> = Some(0);
    let mut grouping = Vec::new();
    let mut j = start;
    let mut group = 0usize;
    let mut first_group = true;
    let mut malformed = false;
    loop {
        while let Some(d) = digit_at(j) {
            value = value.and_then(|v| v.checked_mul(10)?.checked_add(u128::from(d)));
            group += 1;
            j += 1;
        }
        let separator = matches!(chars.get(j), Some(',' | '，')) && digit_at(j + 1).is_some();
        if !separator {
            break;
        }
        let run = (j + 1..).take_while(|&k| digit_at(k).is_some()).count();
        let well_formed = chars.get(j) == Some(&',')
            && run == 3
            && if first_group {
                (1..=3).contains(&group)
            } else {
                group == 3
            };
        if well_formed {
            grouping.push(j);
        } else {
            // “2,1件”: never read as 21, nor as 1.
            malformed = true;
        }
        first_group = false;
        group = 0;
        j += 1;
    }
    let mut decimal = false;
    if matches!(chars.get(j), Some('.' | '．')) && digit_at(j + 1).is_some() {
        decimal = true;
        j += 1;
        while digit_at(j).is_some() {
            j += 1;
        }
    }
    Number {
        value: if malformed || decimal { None } else { value },
        malformed,
        end: j,
        grouping: if malformed { Vec::new() } else { grouping },
    }
}

/// The first character after `at` that is not a space, with its position (`12 件`, `12　件`).
fn next_unit(chars: &[char], at: usize) -> (Option<char>, usize) {
    let mut i = at;
    while matches!(chars.get(i), Some(' ' | '\u{3000}' | '\u{a0}' | '\t')) {
        i += 1;
    }
    (chars.get(i).copied(), i)
}

/// Where `pattern` ends if it matches at `i`; `#` matches a run of digits.
fn match_at(chars: &[char], i: usize, pattern: &[char]) -> Option<usize> {
    let mut j = i;
    for &p in pattern {
        if p == '#' {
            let run = chars[j.min(chars.len())..]
                .iter()
                .take_while(|c| digit(**c).is_some())
                .count();
            if run == 0 {
                return None;
            }
            j += run;
        } else if chars.get(j) == Some(&p) {
            j += 1;
        } else {
            return None;
        }
    }
    Some(j)
}

/// Every start of `word` in `chars`.
fn find<'a>(chars: &'a [char], word: &str) -> impl Iterator<Item = usize> + 'a {
    let word: Vec<char> = word.chars().collect();
    (0..chars.len()).filter(move |&i| chars[i..].starts_with(&word))
}

fn contains(chars: &[char], word: &str) -> bool {
    find(chars, word).next().is_some()
}

/// The text with document titles (《…》 closed in the same sentence) blanked out.
fn without_titles(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '《' {
            let close = chars[i..]
                .iter()
                .take_while(|c| !matches!(c, '。' | '；' | '\n'))
                .position(|c| *c == '》');
            if let Some(len) = close {
                for c in &mut chars[i..=i + len] {
                    *c = '□';
                }
                i += len;
            }
        }
        i += 1;
    }
    chars
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECEIVED: ProseClaim = ProseClaim {
        what: "本年新收申请",
        cues: &["收到", "新收"],
        zero_cues: &["未收到"],
        row: 0,
        plus: None,
    };

    #[test]
    fn reads_common_wordings() {
        assert_eq!(
            stated_number("本年度共收到政府信息公开申请12件。", &RECEIVED),
            Some(12)
        );
        assert_eq!(stated_number("新收申请１２件", &RECEIVED), Some(12));
        assert_eq!(
            stated_number(
                "2024年1月1日至2024年12月31日，我镇未收到群众的政府信息公开申请。",
                &RECEIVED
            ),
            Some(0)
        );
        assert_eq!(stated_number("收到群众来信。共3件", &RECEIVED), None);
        assert_eq!(stated_number("没有数字", &RECEIVED), None);
    }

    #[test]
    fn numbers_that_are_not_counts() {
        for text in [
            "收到申请2,1件",
            "收到申请2，1件",
            "收到申请2.5件",
            "收到申请H5件",
            "收到申请12条",
        ] {
            assert_eq!(stated_number(text, &RECEIVED), None, "{text}");
        }
        assert_eq!(stated_number("收到申请1,234件", &RECEIVED), Some(1234));
        assert_eq!(
            stated_number("收到申请1,234,567 件", &RECEIVED),
            Some(1234567)
        );
    }

    #[test]
    fn fee_titles_are_no_statement() {
        assert!(!fee_position_stated(
            "学习《关于做好信息处理费收入收缴管理的通知》，不断规范信息处理费收缴管理。",
            false
        ));
        assert!(fee_position_stated("本年度未收取信息处理费。", false));
        assert!(fee_position_stated("收取信息处理费0.00元。", false));
    }
}
