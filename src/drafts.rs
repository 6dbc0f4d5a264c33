//! How drafts are kept in the browser's local storage, and which one a page starts from. Pure: no
//! browser calls (src/browser.rs reads and writes), so the rules are tested with plain `cargo test`.
//!
//! On `file://` Chromium gives every page one shared localStorage, so one key per report is not enough:
//! two agencies' reports, two years, two saved copies of the file must never overwrite each other.
//!
//! - Each draft has its own key, `{prefix}:v2:draft:{id}`, holding a [`Record`]: the report's JSON
//!   document (the versioned format, unchanged) plus bookkeeping — when it was saved, which page
//!   (address without query or fragment) last wrote it, and a random stamp that changes at every write.
//!   The id never goes into the JSON document; an offline copy carries it in its
//!   `<script id="nianbao-report" data-draft-id=…>` block.
//! - There is no index key: the list of drafts is the set of keys with the prefix, so two windows never
//!   race to update a shared list.
//! - A draft belongs to the page that last wrote it. A page starts from its own newest draft; a window
//!   only writes a draft whose stamp is still the one it read or wrote last. If another window wrote
//!   it meanwhile, this window continues under a new id instead ("fork"): nothing is overwritten.
//! - The single key of the first version, `nianbao:v1:draft`, is read once as a draft and removed.

use serde::{Deserialize, Serialize};

/// The key prefix unless the embedding page chooses another (`autosavePrefix`).
pub const DEFAULT_PREFIX: &str = "nianbao";

/// The single autosave key of the first version (one draft for every page).
pub const LEGACY_KEY: &str = "nianbao:v1:draft";

/// Where an autosave that could not be read is set aside, so that nothing overwrites it.
pub const UNREADABLE_KEY: &str = "nianbao:v1:draft-unreadable";

/// The longest key prefix an embedding page may choose.
pub const MAX_PREFIX_CHARS: usize = 40;

/// The storage key of draft `id`.
pub fn draft_key(prefix: &str, id: &str) -> String {
    format!("{prefix}:v2:draft:{id}")
}

/// The draft id in a storage key, if the key is a draft key of `prefix`.
pub fn id_of_key<'a>(prefix: &str, key: &'a str) -> Option<&'a str> {
    let id = key.strip_prefix(prefix)?.strip_prefix(":v2:draft:")?;
    valid_id(id).then_some(id)
}

/// Ids are what [`new_id`] makes: short, lower-case letters and digits (safe in keys and attributes).
pub fn valid_id(id: &str) -> bool {
    (4..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// A key prefix an embedding page may choose: letters, digits, `_`, `-`, `.`; no `:` (it separates
/// the parts of a key).
pub fn valid_prefix(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix.chars().count() <= MAX_PREFIX_CHARS
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A new draft id from the clock (ms) and a random number in [0, 1): base 36, time first, so ids
/// made at different moments never collide and the random part separates two made in the same ms.
pub fn new_id(now_ms: f64, random: f64) -> String {
    let time = if now_ms.is_finite() && now_ms > 0.0 {
        now_ms as u64
    } else {
        0
    };
    let noise = (random.clamp(0.0, 1.0) * 2_176_782_336.0) as u64; // 36^6
    format!("{}{:0>6}", base36(time), base36(noise % 2_176_782_336))
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A page as drafts name it: its address without query and fragment (for `file://`, the file's path).
pub fn page_of(href: &str) -> String {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    href[..end].to_string()
}

/// One stored draft. Every field has a default when read, so that the first version's autosave
/// (`{"saved_at": …, "json": …}`) reads as a record too: one reader for both (each serde reader is
/// its own code in the wasm).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Record {
    /// When it was last written, ms since the epoch.
    pub saved_at: u64,
    /// Changes at every write: a window only writes over the stamp it knows (see the module doc).
    pub stamp: String,
    /// The page that last wrote it ([`page_of`]).
    pub page: String,
    /// 机关名称 and 年度 as typed, for the list of drafts.
    pub agency: String,
    pub year: String,
    /// The report's JSON document (docs/json-format.md), exactly as `json::to_json` wrote it.
    pub json: String,
}

/// A record without its document, and with its id: what lists and decisions need.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub id: String,
    pub saved_at: u64,
    pub stamp: String,
    pub page: String,
    pub agency: String,
    pub year: String,
}

impl Meta {
    /// Reads the bookkeeping of a stored record; `None` when it is not one of ours.
    pub fn read(id: &str, raw: &str) -> Option<Meta> {
        let record: Record = serde_json::from_str(raw).ok()?;
        Some(Meta {
            id: id.to_string(),
            saved_at: record.saved_at,
            stamp: record.stamp,
            page: record.page,
            agency: record.agency,
            year: record.year,
        })
    }
}

/// Reads the autosave of the first version, `{"saved_at": ms, "json": "…"}`: its save time and
/// document; `None` when it is not one.
pub fn read_legacy(raw: &str) -> Option<(u64, String)> {
    let record: Record = serde_json::from_str(raw).ok()?;
    (!record.json.is_empty()).then_some((record.saved_at, record.json))
}

/// The report block of an offline copy (`<script type="application/json" id="nianbao-report">`): the
/// draft id and save time from its attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockMeta {
    pub id: Option<String>,
    pub saved_at: Option<u64>,
}

/// Where a page's report comes from at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// A new, blank report.
    Blank,
    /// The stored draft `id`; with `fork`, it continues under a new id (another page owns it).
    Stored { id: String, fork: bool },
    /// The report embedded in the page; with `fork`, under a new id rather than the block's.
    Block { fork: bool },
}

/// Chooses the report a page starts from, given every stored draft and the page's embedded block.
///
/// - With a block (an offline copy): this copy's own draft — the stored draft with the block's id —
///   when it is newer than the block, else the block. A stored draft that another page wrote is this
///   copy's content copied elsewhere (the file was copied or moved): its newest text is shown, under a
///   new id so that neither file writes over the other.
/// - Without: the newest draft this page wrote, else a blank report.
pub fn choose(page: &str, drafts: &[Meta], block: Option<&BlockMeta>) -> Choice {
    if let Some(block) = block {
        let stored = block
            .id
            .as_deref()
            .and_then(|id| drafts.iter().find(|d| d.id == id));
        return match stored {
            Some(d) if block.saved_at.is_none_or(|t| d.saved_at > t) => Choice::Stored {
                id: d.id.clone(),
                fork: d.page != page,
            },
            // The block is newer than the stored draft of that id: show the block, and leave the
            // stored draft as it is.
            Some(_) => Choice::Block { fork: true },
            None => Choice::Block {
                fork: block.id.is_none(),
            },
        };
    }
    drafts
        .iter()
        .filter(|d| d.page == page)
        .max_by_key(|d| d.saved_at)
        .map_or(Choice::Blank, |d| Choice::Stored {
            id: d.id.clone(),
            fork: false,
        })
}

/// The drafts as the list shows them: newest first. (An insertion sort: the list is short, and the
/// standard sort would add a few KB of code to the wasm for this one use.)
pub fn newest_first(drafts: Vec<Meta>) -> Vec<Meta> {
    let mut out: Vec<Meta> = Vec::with_capacity(drafts.len());
    for draft in drafts {
        let at = out
            .iter()
            .position(|o| (o.saved_at, &draft.id) < (draft.saved_at, &o.id))
            .unwrap_or(out.len());
        out.insert(at, draft);
    }
    out
}

/// What a write should do, given the record stored under the draft's key now and the stamp this
/// window knows for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    /// The key is free, or holds what this window last read or wrote: write.
    Go,
    /// Another window wrote the draft since: continue under a new id.
    Fork,
}

/// Decides whether this window may write its draft (see the module doc). `stored` is the stamp of the
/// record under the key now (`None` when there is none or it cannot be read); `known` is the stamp this
/// window last read or wrote (`None` for a draft it never saved).
pub fn may_write(stored: Option<&str>, known: Option<&str>) -> Write {
    match (stored, known) {
        (None, _) => Write::Go,
        (Some(s), Some(k)) if s == k => Write::Go,
        _ => Write::Fork,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str, page: &str, saved_at: u64) -> Meta {
        Meta {
            id: id.into(),
            saved_at,
            stamp: format!("s{saved_at}"),
            page: page.into(),
            agency: String::new(),
            year: String::new(),
        }
    }

    const A: &str = "file:///home/u/a/nianbao.html";
    const B: &str = "file:///media/usb/nianbao.html";

    #[test]
    fn keys_and_ids() {
        let id = new_id(1_737_350_000_000.0, 0.5);
        assert!(valid_id(&id), "{id}");
        assert_ne!(id, new_id(1_737_350_000_000.0, 0.25));
        assert_ne!(id, new_id(1_737_350_000_001.0, 0.5));
        assert!(valid_id(&new_id(f64::NAN, 2.0)));
        let key = draft_key("nianbao", &id);
        assert_eq!(key, format!("nianbao:v2:draft:{id}"));
        assert_eq!(id_of_key("nianbao", &key), Some(id.as_str()));
        assert_eq!(id_of_key("nb", &key), None);
        assert_eq!(id_of_key("nianbao", LEGACY_KEY), None);
        assert_eq!(id_of_key("nianbao", "nianbao:v2:draft:Bad-Id"), None);
        assert!(valid_prefix("portal-a.2024_x") && !valid_prefix("") && !valid_prefix("a:b"));
        assert!(!valid_prefix(&"x".repeat(MAX_PREFIX_CHARS + 1)));
        assert!(!valid_prefix("机关"));
    }

    #[test]
    fn pages_drop_query_and_fragment() {
        assert_eq!(
            page_of("file:///a/b.html#nb-crash-test"),
            "file:///a/b.html"
        );
        assert_eq!(
            page_of("https://x.gov.cn/r?y=2024#top"),
            "https://x.gov.cn/r"
        );
        assert_eq!(page_of("file:///a/b.html"), "file:///a/b.html");
    }

    #[test]
    fn records_read_back_and_list_newest_first() {
        let record = Record {
            saved_at: 5,
            stamp: "abc".into(),
            page: A.into(),
            agency: "某局".into(),
            year: "2024".into(),
            json: "{\"format\": \"nianbao-report\"}\n".into(),
        };
        let raw = serde_json::to_string(&record).unwrap();
        assert_eq!(serde_json::from_str::<Record>(&raw).unwrap(), record);
        let m = Meta::read("abcd", &raw).unwrap();
        assert_eq!(
            (m.id.as_str(), m.saved_at, m.agency.as_str()),
            ("abcd", 5, "某局")
        );
        assert_eq!(Meta::read("abcd", "not json"), None);
        let list = newest_first(vec![
            meta("aaaa", A, 1),
            meta("bbbb", B, 3),
            meta("cccc", A, 2),
            meta("dddd", A, 2),
        ]);
        let ids: Vec<_> = list.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["bbbb", "cccc", "dddd", "aaaa"]);
        // The first version's autosave reads too.
        let old = r#"{"saved_at": 1737350000000, "json": "{}"}"#;
        assert_eq!(
            read_legacy(old),
            Some((1_737_350_000_000, "{}".to_string()))
        );
        assert_eq!(read_legacy("{}"), None);
        assert_eq!(read_legacy("[1]"), None);
    }

    #[test]
    fn a_page_starts_from_its_own_newest_draft() {
        let drafts = [meta("aaaa", A, 1), meta("bbbb", B, 9), meta("cccc", A, 2)];
        assert_eq!(
            choose(A, &drafts, None),
            Choice::Stored {
                id: "cccc".into(),
                fork: false
            }
        );
        assert_eq!(
            choose(B, &drafts, None),
            Choice::Stored {
                id: "bbbb".into(),
                fork: false
            }
        );
        assert_eq!(
            choose("file:///elsewhere.html", &drafts, None),
            Choice::Blank
        );
    }

    #[test]
    fn an_offline_copy_starts_from_its_block_unless_its_own_draft_is_newer() {
        let block = BlockMeta {
            id: Some("jjjj".into()),
            saved_at: Some(100),
        };
        // First opening: nothing stored under the block's id.
        assert_eq!(
            choose(A, &[meta("aaaa", A, 500)], Some(&block)),
            Choice::Block { fork: false }
        );
        // This copy's own, newer draft wins.
        let own = [meta("jjjj", A, 200)];
        assert_eq!(
            choose(A, &own, Some(&block)),
            Choice::Stored {
                id: "jjjj".into(),
                fork: false
            }
        );
        // The same file at another path: the newest text, under a new id.
        assert_eq!(
            choose(B, &own, Some(&block)),
            Choice::Stored {
                id: "jjjj".into(),
                fork: true
            }
        );
        // A stored draft older than the block is left alone.
        assert_eq!(
            choose(A, &[meta("jjjj", A, 50)], Some(&block)),
            Choice::Block { fork: true }
        );
        // A block without an id gets one.
        let bare = BlockMeta {
            id: None,
            saved_at: None,
        };
        assert_eq!(choose(A, &own, Some(&bare)), Choice::Block { fork: true });
    }

    #[test]
    fn a_window_writes_only_over_what_it_knows() {
        assert_eq!(may_write(None, None), Write::Go);
        assert_eq!(may_write(None, Some("x")), Write::Go);
        assert_eq!(may_write(Some("x"), Some("x")), Write::Go);
        assert_eq!(may_write(Some("y"), Some("x")), Write::Fork);
        assert_eq!(may_write(Some("y"), None), Write::Fork);
    }
}
