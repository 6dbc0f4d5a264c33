//! Reading and writing the numbers of a report exactly: integers of a fixed decimal scale, never floats.
//!
//! Counts have scale 0; 万元 amounts scale 6 (the stored integer is in 分, since 0.000001 万元 = 0.01 元);
//! the fee in 元 has scale 2. Input is forgiving where people are: spaces (also full-width and
//! non-breaking) around the number, full-width digits from a Chinese IME, thousands separators.

/// The largest count a cell may hold. Larger numbers are typing mistakes in any real report.
pub const MAX_COUNT: u64 = 999_999_999;

/// The largest 万元 amount, in 分 (999 999 999.999999 万元).
pub const MAX_WANYUAN_FEN: u64 = 999_999_999_999_999;

/// The largest fee in 元, in 分 (99 999 999.99 元).
pub const MAX_YUAN_FEN: u64 = 9_999_999_999;

/// What an entry turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// Nothing typed (spaces only).
    Blank,
    /// A stand-in for a number such as `/`, `-`, `—` or `无`.
    Placeholder(String),
    /// A number, as an integer of the given scale.
    Value(u64),
    /// Something else; the reason says what is wrong.
    Invalid(Invalid),
}

/// Why an entry is not a number of the wanted kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    NotANumber,
    Negative,
    /// A decimal point where only whole numbers are allowed.
    NotWhole,
    /// More decimal places than allowed.
    TooPrecise,
    TooLarge,
}

/// Trims spaces of every kind people paste (ASCII, full-width U+3000, no-break U+00A0).
pub fn trim(raw: &str) -> &str {
    raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}')
}

/// Reads an entry as a non-negative number with up to `decimals` places, at most `max` (in the scaled
/// integer). `placeholders` are stand-ins that are not numbers.
pub fn parse(raw: &str, decimals: u32, max: u64, placeholders: &[&str]) -> Entry {
    let text = trim(raw);
    if text.is_empty() {
        return Entry::Blank;
    }
    // Most entries are plain digits: read them without allocating.
    if text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit()) {
        let value = text.bytes().fold(0u64, |v, b| v * 10 + u64::from(b - b'0'));
        return match value.checked_mul(10u64.pow(decimals)) {
            Some(v) if v <= max => Entry::Value(v),
            _ => Entry::Invalid(Invalid::TooLarge),
        };
    }
    if placeholders.contains(&text) {
        return Entry::Placeholder(text.to_string());
    }
    // Normalise full-width digits and signs, drop valid thousands separators.
    let mut ascii = String::with_capacity(text.len());
    for c in text.chars() {
        ascii.push(match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '，' => ',',
            '－' | '−' => '-',
            '＋' => '+',
            other => other,
        });
    }
    let unsigned = match ascii.strip_prefix('-') {
        Some(rest) if is_decimal(rest) => {
            return if rest.bytes().all(|b| b == b'0' || b == b'.') {
                scaled(rest, decimals, max)
            } else {
                Entry::Invalid(Invalid::Negative)
            };
        }
        _ => ascii.strip_prefix('+').unwrap_or(&ascii),
    };
    let plain = strip_thousands(unsigned);
    let Some(plain) = plain else {
        return Entry::Invalid(Invalid::NotANumber);
    };
    if !is_decimal(&plain) {
        return Entry::Invalid(Invalid::NotANumber);
    }
    scaled(&plain, decimals, max)
}

/// `1,234,567` → `1234567`; a number without commas is returned as it is; misplaced commas → None.
fn strip_thousands(text: &str) -> Option<String> {
    if !text.contains(',') {
        return Some(text.to_string());
    }
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let groups: Vec<&str> = int.split(',').collect();
    let ok = !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        return None;
    }
    let mut out = groups.concat();
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// Digits with at most one decimal point and at least one digit.
fn is_decimal(text: &str) -> bool {
    let mut dots = 0;
    let mut digits = 0;
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => digits += 1,
            b'.' => dots += 1,
            _ => return false,
        }
    }
    digits > 0 && dots <= 1
}

/// A checked decimal (digits and at most one dot) to an integer of the scale.
fn scaled(text: &str, decimals: u32, max: u64) -> Entry {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let frac = frac.trim_end_matches('0');
    if frac.len() > decimals as usize {
        return Entry::Invalid(if decimals == 0 {
            Invalid::NotWhole
        } else {
            Invalid::TooPrecise
        });
    }
    let mut value: u64 = 0;
    let digits = int
        .bytes()
        .chain(frac.bytes())
        .chain(std::iter::repeat_n(b'0', decimals as usize - frac.len()));
    for b in digits {
        value = match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
        {
            Some(v) => v,
            None => return Entry::Invalid(Invalid::TooLarge),
        };
    }
    if value > max {
        Entry::Invalid(Invalid::TooLarge)
    } else {
        Entry::Value(value)
    }
}

/// Writes a scaled integer back as a plain decimal without trailing zeros: `(24252311082, 6)` →
/// `24252.311082`, `(5000000, 6)` → `5`.
pub fn format(value: u64, decimals: u32) -> String {
    if decimals == 0 {
        return value.to_string();
    }
    let unit = 10u64.pow(decimals);
    let int = value / unit;
    let frac = value % unit;
    if frac == 0 {
        return int.to_string();
    }
    let frac = format!("{frac:0width$}", width = decimals as usize);
    format!("{int}.{}", frac.trim_end_matches('0'))
}

/// Formats a sum, which may exceed `u64`, as a count.
pub fn format_wide(value: u128, decimals: u32) -> String {
    match u64::try_from(value) {
        Ok(v) => format(v, decimals),
        Err(_) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_counts_people_type() {
        assert_eq!(parse(" 12 ", 0, MAX_COUNT, &[]), Entry::Value(12));
        assert_eq!(parse("１２", 0, MAX_COUNT, &[]), Entry::Value(12));
        assert_eq!(parse("\u{a0}7", 0, MAX_COUNT, &[]), Entry::Value(7));
        assert_eq!(parse("1,234", 0, MAX_COUNT, &[]), Entry::Value(1234));
        assert_eq!(parse("007", 0, MAX_COUNT, &[]), Entry::Value(7));
        assert_eq!(parse("-0", 0, MAX_COUNT, &[]), Entry::Value(0));
        assert_eq!(parse("", 0, MAX_COUNT, &[]), Entry::Blank);
        assert_eq!(
            parse("/", 0, MAX_COUNT, &["/"]),
            Entry::Placeholder("/".into())
        );
        assert_eq!(
            parse("-3", 0, MAX_COUNT, &[]),
            Entry::Invalid(Invalid::Negative)
        );
        assert_eq!(
            parse("1.5", 0, MAX_COUNT, &[]),
            Entry::Invalid(Invalid::NotWhole)
        );
        assert_eq!(parse("1.0", 0, MAX_COUNT, &[]), Entry::Value(1));
        assert_eq!(
            parse("12a", 0, MAX_COUNT, &[]),
            Entry::Invalid(Invalid::NotANumber)
        );
        assert_eq!(
            parse("1,23", 0, MAX_COUNT, &[]),
            Entry::Invalid(Invalid::NotANumber)
        );
        assert_eq!(
            parse("4294967295", 0, MAX_COUNT, &[]),
            Entry::Invalid(Invalid::TooLarge)
        );
        assert_eq!(
            parse("99999999999999999999999", 0, MAX_COUNT, &[]),
            Entry::Invalid(Invalid::TooLarge)
        );
    }

    #[test]
    fn money_is_exact() {
        assert_eq!(
            parse("24252.311082", 6, MAX_WANYUAN_FEN, &[]),
            Entry::Value(24_252_311_082)
        );
        assert_eq!(format(24_252_311_082, 6), "24252.311082");
        assert_eq!(format(5_000_000, 6), "5");
        assert_eq!(format(100, 6), "0.0001");
        assert_eq!(
            parse("0.0000001", 6, MAX_WANYUAN_FEN, &[]),
            Entry::Invalid(Invalid::TooPrecise)
        );
        assert_eq!(parse("0.10", 2, MAX_YUAN_FEN, &[]), Entry::Value(10));
    }
}
