//! A small, forgiving scanner for the start tags of an HTML page: just enough to find Trunk's links and
//! scripts in `dist/index.html` and to know exactly which bytes to replace. Not a full HTML parser: it
//! skips comments and doctype, treats the content of `<script>`/`<style>` as raw text (as browsers do),
//! and reads attributes with the HTML quoting rules.

/// One element found in the page, by byte offsets into the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Lower-case tag name.
    pub name: String,
    /// Attributes in source order: lower-case name, raw value (`""` when the attribute has no value).
    pub attrs: Vec<(String, String)>,
    /// Offset of the `<` that opens the tag.
    pub start: usize,
    /// Offset just past the element: past `>` of the start tag, or, for `<script>` and `<style>`,
    /// past the `>` of their end tag.
    pub end: usize,
    /// For `<script>` and `<style>`: the byte range of their raw text content.
    pub content: Option<(usize, usize)>,
}

impl Tag {
    /// The value of attribute `name` (lower-case), if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The whitespace-separated, lower-cased tokens of the `rel` attribute.
    pub fn rel(&self) -> Vec<String> {
        self.attr("rel")
            .unwrap_or("")
            .split_ascii_whitespace()
            .map(str::to_ascii_lowercase)
            .collect()
    }

    /// The text between `<script>` and `</script>` (or the style equivalents); empty otherwise.
    pub fn text<'a>(&self, html: &'a str) -> &'a str {
        self.content.map_or("", |(a, b)| &html[a..b])
    }
}

/// Elements whose content is raw text: a `<` inside them does not open a tag.
const RAW_TEXT: &[&str] = &["script", "style"];

/// Every start tag of `html` in document order. Errors only on constructs that would make the
/// replacement offsets meaningless (an unterminated comment, tag or raw-text element).
pub fn scan(html: &str) -> Result<Vec<Tag>, String> {
    // ASCII lower-casing keeps byte offsets, so searches in `lower` give offsets into `html`.
    let lower = html.to_ascii_lowercase();
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let p = i + off;
        let rest = &html[p..];
        if rest.starts_with("<!--") {
            let close = html[p + 4..]
                .find("-->")
                .ok_or_else(|| format!("unterminated HTML comment at byte {p}"))?;
            i = p + 4 + close + 3;
            continue;
        }
        if rest.starts_with("</") || rest.starts_with("<!") || rest.starts_with("<?") {
            // End tags, doctype and processing instructions carry nothing we need.
            let close = rest
                .find('>')
                .ok_or_else(|| format!("unterminated markup at byte {p}"))?;
            i = p + close + 1;
            continue;
        }
        let name_len = rest[1..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        if name_len == 0 {
            // A lone `<` in text.
            i = p + 1;
            continue;
        }
        let name = lower[p + 1..p + 1 + name_len].to_string();
        let (attrs, tag_end) = read_attrs(html, bytes, p + 1 + name_len)
            .ok_or_else(|| format!("unterminated <{name}> tag at byte {p}"))?;
        let mut tag = Tag {
            name,
            attrs,
            start: p,
            end: tag_end,
            content: None,
        };
        if RAW_TEXT.contains(&tag.name.as_str()) {
            let closer = format!("</{}", tag.name);
            let close = lower[tag_end..]
                .find(&closer)
                .map(|c| tag_end + c)
                .ok_or_else(|| format!("<{}> at byte {p} is never closed", tag.name))?;
            let gt = html[close..]
                .find('>')
                .ok_or_else(|| format!("unterminated </{}> at byte {close}", tag.name))?;
            tag.content = Some((tag_end, close));
            tag.end = close + gt + 1;
        }
        i = tag.end;
        tags.push(tag);
    }
    Ok(tags)
}

/// Reads attributes from `at` up to the closing `>`; returns them and the offset past `>`.
fn read_attrs(html: &str, bytes: &[u8], mut at: usize) -> Option<(Vec<(String, String)>, usize)> {
    let mut attrs = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if *bytes.get(at)? == b'>' {
            return Some((attrs, at + 1));
        }
        let name_start = at;
        while at < bytes.len() && !matches!(bytes[at], b'=' | b'>' | b'/') {
            if bytes[at].is_ascii_whitespace() {
                break;
            }
            at += 1;
        }
        let name = html[name_start..at].to_ascii_lowercase();
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = String::new();
        if bytes.get(at) == Some(&b'=') {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            match bytes.get(at)? {
                q @ (b'"' | b'\'') => {
                    let close = html[at + 1..].find(*q as char)?;
                    value = html[at + 1..at + 1 + close].to_string();
                    at += close + 2;
                }
                _ => {
                    let start = at;
                    while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>'
                    {
                        at += 1;
                    }
                    value = html[start..at].to_string();
                }
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

/// Case-insensitive substring test (ASCII), used for the `</script` and `</style` checks.
pub fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack
        .to_ascii_lowercase()
        .contains(&needle.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_attributes_and_raw_text() {
        let html = r#"<!DOCTYPE html><html><head><meta charset=utf-8>
<!-- <link rel="stylesheet" href="hidden.css"> -->
<link rel="modulepreload" href='/app.js' crossorigin>
<script type="module">if (1 < 2) { document.write("<p>") }</script>
<STYLE>a > b {}</STYLE></head><body><div id=x data-a = "1 2"></div></body></html>"#;
        let tags = scan(html).unwrap();
        let names: Vec<_> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            ["html", "head", "meta", "link", "script", "style", "body", "div"]
        );
        assert_eq!(tags[2].attr("charset"), Some("utf-8"));
        assert_eq!(tags[3].rel(), ["modulepreload"]);
        assert_eq!(tags[3].attr("href"), Some("/app.js"));
        assert_eq!(tags[3].attr("crossorigin"), Some(""));
        assert_eq!(
            tags[4].text(html),
            r#"if (1 < 2) { document.write("<p>") }"#
        );
        assert_eq!(&html[tags[4].start..tags[4].end], {
            let s = html.find("<script").unwrap();
            let e = html.find("</script>").unwrap() + 9;
            &html[s..e]
        });
        assert_eq!(tags[5].text(html), "a > b {}");
        assert_eq!(tags[7].attr("data-a"), Some("1 2"));
        assert_eq!(tags[7].attr("id"), Some("x"));
    }

    #[test]
    fn reports_unterminated_markup() {
        assert!(scan("<p>fine</p><!-- open").is_err());
        assert!(scan("<script>let a = 1;").is_err());
        assert!(scan("<link href=\"x").is_err());
        assert!(scan("a < b and <").unwrap().is_empty());
    }

    #[test]
    fn case_insensitive_contains() {
        assert!(contains_ci("x</SCRIPT>", "</script"));
        assert!(!contains_ci("x<\\/script>", "</script"));
    }
}
