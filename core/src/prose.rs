//! Reading the numbers that the prose of 一、总体情况 states (“共收到申请12件”), for rule S3.
//!
//! Deliberately simple: a cue phrase, then within a short stretch of the same sentence a number
//! followed by 件. What it cannot read it ignores; S3 is a warning, never a guess presented as fact.

use crate::template::ProseClaim;

/// How far (in characters) after a cue the number may stand.
const REACH: usize = 16;

/// The number a text states for a claim, if it states one: the first cue followed within
/// [`REACH`] characters of the same sentence by `<digits>件`, or a zero cue such as `未收到…申请`.
pub fn stated_number(text: &str, claim: &ProseClaim) -> Option<u128> {
    let chars: Vec<char> = text.chars().collect();
    for cue in claim.zero_cues {
        for start in find_all(&chars, cue) {
            let window = sentence_window(&chars, start + cue.chars().count(), 24);
            if window.contains("申请") {
                return Some(0);
            }
        }
    }
    for cue in claim.cues {
        for start in find_all(&chars, cue) {
            // A zero cue (“未收到”) contains the plain cue (“收到”): skip it here.
            if claim
                .zero_cues
                .iter()
                .any(|z| ends_with_at(&chars, start + cue.chars().count(), z))
            {
                continue;
            }
            let from = start + cue.chars().count();
            if let Some(n) = number_then_jian(&chars, from) {
                return Some(n);
            }
        }
    }
    None
}

fn find_all(chars: &[char], needle: &str) -> Vec<usize> {
    let needle: Vec<char> = needle.chars().collect();
    if needle.is_empty() || needle.len() > chars.len() {
        return Vec::new();
    }
    (0..=chars.len() - needle.len())
        .filter(|&i| chars[i..i + needle.len()] == needle[..])
        .collect()
}

/// Whether `text` ends right at position `end` of `chars`.
fn ends_with_at(chars: &[char], end: usize, text: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    end >= t.len() && chars[end - t.len()..end] == t[..]
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '\n' | '！' | '？')
}

fn sentence_window(chars: &[char], from: usize, reach: usize) -> String {
    chars[from.min(chars.len())..]
        .iter()
        .take(reach)
        .take_while(|c| !is_sentence_end(**c))
        .collect()
}

/// The first run of digits within reach, if `件` follows it.
fn number_then_jian(chars: &[char], from: usize) -> Option<u128> {
    let mut i = from;
    let end = (from + REACH).min(chars.len());
    while i < end && !is_sentence_end(chars[i]) {
        if let Some(d) = digit(chars[i]) {
            let mut value: u128 = u128::from(d);
            let mut j = i + 1;
            while j < chars.len() {
                match digit(chars[j]) {
                    Some(d) => value = value.checked_mul(10)?.checked_add(u128::from(d))?,
                    None if chars[j] == ',' || chars[j] == '，' => {}
                    None => break,
                }
                j += 1;
            }
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            return (j < chars.len() && chars[j] == '件').then_some(value);
        }
        i += 1;
    }
    None
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
}
