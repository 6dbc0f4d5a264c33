//! Where in a JSON text a serde_json error happened, as a path (`tables.applications[3][2]`), and the
//! value it concerns as written in the file.
//!
//! serde_json reports a line and a column; the reader's messages name the place in Chinese, so they need
//! the path. Walking the text (already known to be valid JSON) up to that point finds it. This replaced
//! serde_path_to_error, which wraps every visitor of the document to track the path as it goes: 16 KB
//! of the app's wasm for what this walk does after the fact, and only on the error path.

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// Where an error is, and the value it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub path: Vec<Seg>,
    /// The string, number or literal that ends where the error is reported, as written in the file
    /// (`"否"`, `2024`, `true`), if any.
    pub value: Option<String>,
}

/// What the walk knows of each open container.
enum Frame {
    /// An object and the key whose value comes or came last (none right after `{` or `,`).
    Object { key: Option<String> },
    /// An array, the index of its current element, and whether that element has begun.
    Array { index: usize, started: bool },
}

/// The place of serde_json's `line` (from 1) and `column` (bytes after the line's start) in `text`,
/// the text serde_json read.
///
/// serde_json reports an error right after what it has read: after a key (unknown or duplicate
/// field), after a value (wrong type), after the `}` of an object that lacks a field, right after the
/// `{` or `[` of a container of the wrong kind, or before the `{`/`[` it was about to read. Each of
/// these gives the path of the thing the error is about.
pub(crate) fn place(text: &str, line: usize, column: usize) -> Place {
    let offset = offset_of(text, line, column);
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut last_scalar: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            open @ (b'{' | b'[') => {
                begin_value(&mut stack);
                stack.push(if open == b'{' {
                    Frame::Object { key: None }
                } else {
                    Frame::Array {
                        index: 0,
                        started: false,
                    }
                });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Object { key }) => *key = None,
                    Some(Frame::Array { index, started }) => {
                        *index += 1;
                        *started = false;
                    }
                    None => {}
                }
                i += 1;
            }
            b'"' => {
                let end = string_end(bytes, i);
                match stack.last_mut() {
                    Some(Frame::Object { key }) if key.is_none() => {
                        *key = Some(decode_key(&text[i..end]));
                    }
                    _ => {
                        begin_value(&mut stack);
                        last_scalar = Some((i, end));
                    }
                }
                i = end;
            }
            b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
            _ => {
                let end = scalar_end(bytes, i);
                begin_value(&mut stack);
                last_scalar = Some((i, end));
                i = end;
            }
        }
    }
    // Right after `{` or `[`: the container itself is of the wrong kind, not something inside it.
    if offset > 0 && matches!(bytes.get(offset - 1), Some(b'{' | b'[')) {
        stack.pop();
    }
    // Before a value in an array: the error is about that element.
    let next = bytes[offset.min(bytes.len())..]
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    if let (Some(Frame::Array { started, .. }), Some(b)) = (stack.last_mut(), next) {
        if !matches!(b, b',' | b']' | b'}' | b':') {
            *started = true;
        }
    }
    let path = stack
        .into_iter()
        .filter_map(|frame| match frame {
            Frame::Object { key } => key.map(Seg::Key),
            Frame::Array { index, started } => started.then_some(Seg::Index(index)),
        })
        .collect();
    let value = last_scalar
        .filter(|&(_, end)| end == offset)
        .map(|(start, end)| text[start..end].to_string());
    Place { path, value }
}

/// A value begins in the innermost container: in an array, that is its current element.
fn begin_value(stack: &mut [Frame]) {
    if let Some(Frame::Array { started, .. }) = stack.last_mut() {
        *started = true;
    }
}

/// The byte offset of serde_json's line and column, at most the text's length.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(at, _)| at + 1)
    };
    (line_start + column).min(text.len())
}

/// The index after the string literal that starts at `start` (its closing quote included).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index after the number or literal (`true`, `null`, …) that starts at `start`.
fn scalar_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|b| b.is_ascii_whitespace() || b",]}:".contains(b))
        .map_or(bytes.len(), |n| start + n)
}

/// A key as its string means it (escapes resolved).
fn decode_key(literal: &str) -> String {
    serde_json::from_str(literal).unwrap_or_else(|_| literal.trim_matches('"').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(text: &str, offset: usize) -> String {
        let line = 1 + text[..offset].matches('\n').count();
        let column = offset - text[..offset].rfind('\n').map_or(0, |at| at + 1);
        let place = place(text, line, column);
        let mut out = String::new();
        for seg in &place.path {
            match seg {
                Seg::Key(k) => out.push_str(&format!(".{k}")),
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        match place.value {
            Some(v) => format!("{out} = {v}"),
            None => out,
        }
    }

    /// Each kind of position serde_json reports, with `|` marking it.
    #[test]
    fn names_the_place_of_each_kind_of_error() {
        let cases = [
            // after a key: an unknown or duplicate field
            ("{\"a\": {\"b\": 1, \"c\"|: 2}}", ".a.c"),
            // after a value of the wrong type, which is given as written
            ("{\"a\": {\"b\": \"否\"|}}", ".a.b = \"否\""),
            ("{\"t\": [[1, 2], [3, true|]]}", ".t[1][1] = true"),
            ("{\"t\": [5|]}", ".t[0] = 5"),
            // after the `}` of an object that lacks a field
            ("{\"a\": {\"b\": 1}|}", ".a"),
            ("{\"a\": 1}|", ""),
            // right after the `{` or `[` of a container of the wrong kind
            ("{\"t\": [[{|\"x\": 1}]]}", ".t[0][0]"),
            ("{\"t\": [[1, [|[[]]]]]}", ".t[0][1]"),
            // before the container serde_json was about to read
            ("{\"a\": |[1]}", ".a"),
            ("{\"t\": [[1], |{}]}", ".t[1]"),
            // keys with escapes, multi-line text
            (
                "{\n  \"\\u0061b\": {\n    \"c\": null|\n  }\n}",
                ".ab.c = null",
            ),
        ];
        for (marked, want) in cases {
            let offset = marked.find('|').unwrap();
            let text = marked.replace('|', "");
            assert_eq!(path_of(&text, offset), want, "{marked}");
        }
    }

    #[test]
    fn never_reads_past_the_text() {
        for text in ["", "{", "\"abc", "{\"a\": [1, 2", "[[[[", "{\"a\\"] {
            for line in 0..3 {
                for column in 0..8 {
                    let _ = place(text, line, column);
                }
            }
        }
    }
}
