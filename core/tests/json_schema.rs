//! The checked-in JSON Schema (`schema/nianbao-report.v1.schema.json`) is the one the wire types
//! generate, it accepts every document nianbao writes, and it rejects the bad documents of
//! `tests/fixtures/json-errors` that JSON Schema can see.
//!
//! After changing the format, rewrite the file with
//! `NIANBAO_UPDATE_SCHEMA=1 cargo test -p nianbao-core --test json_schema`.

mod json_support;
#[path = "../../tests/support/needs.rs"]
mod needs;
use json_support as common;

use std::path::PathBuf;

use nianbao_core::json;
use proptest::prelude::*;
use serde_json::Value;

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema/nianbao-report.v1.schema.json")
}

#[test]
fn checked_in_schema_is_current() {
    let generated = json::schema();
    let path = schema_path();
    if needs::update_requested("NIANBAO_UPDATE_SCHEMA") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "schema/nianbao-report.v1.schema.json is stale (or missing): it differs from what the wire \
         types in core/src/json.rs generate. Rewrite it with\n\n    \
         NIANBAO_UPDATE_SCHEMA=1 cargo test -p nianbao-core --test json_schema\n\nand review the \
         diff: a change that older readers would misread needs a new VERSION."
    );
}

fn schema() -> Value {
    serde_json::from_str(&json::schema()).unwrap()
}

/// Validates `value` against the part of JSON Schema the generated schema uses: `$ref` into `$defs`,
/// `type`, `const`, `enum`, `properties`, `required`, `additionalProperties: false`, `items`,
/// `minItems`, `maxItems`. Returns the first problem found.
fn validate(root: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let Some(schema) = schema.as_object() else {
        return Ok(());
    };
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let target = root
            .pointer(reference.trim_start_matches('#'))
            .ok_or_else(|| format!("dangling $ref {reference}"))?;
        validate(root, target, value, at)?;
    }
    for keyword in schema.keys() {
        let known = [
            "$ref",
            "$schema",
            "$defs",
            "title",
            "description",
            "type",
            "const",
            "enum",
            "properties",
            "required",
            "additionalProperties",
            "items",
            "minItems",
            "maxItems",
        ];
        assert!(
            known.contains(&keyword.as_str()),
            "the test validator does not know {keyword}"
        );
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "string" => value.is_string(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => false,
        });
        if !ok {
            return Err(format!("{at}: not of type {types:?}"));
        }
    }
    if let Some(expected) = schema.get("const") {
        if value != expected {
            return Err(format!("{at}: not {expected}"));
        }
    }
    if let Some(Value::Array(options)) = schema.get("enum") {
        if !options.contains(value) {
            return Err(format!("{at}: not one of {options:?}"));
        }
    }
    if let Value::Object(map) = value {
        let properties = schema.get("properties").and_then(Value::as_object);
        if let Some(Value::Array(required)) = schema.get("required") {
            for name in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(name) {
                    return Err(format!("{at}: missing {name}"));
                }
            }
        }
        for (key, item) in map {
            match properties.and_then(|p| p.get(key)) {
                Some(sub) => validate(root, sub, item, &format!("{at}.{key}"))?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{at}: unknown {key}"));
                }
                None => {}
            }
        }
    }
    if let Value::Array(items) = value {
        let count = items.len() as u64;
        if schema
            .get("minItems")
            .and_then(Value::as_u64)
            .is_some_and(|min| count < min)
            || schema
                .get("maxItems")
                .and_then(Value::as_u64)
                .is_some_and(|max| count > max)
        {
            return Err(format!("{at}: {count} items"));
        }
        if let Some(sub) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                validate(root, sub, item, &format!("{at}[{i}]"))?;
            }
        }
    }
    Ok(())
}

fn check(value: &Value) -> Result<(), String> {
    let root = schema();
    validate(&root, &root, value, "")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_schema_accepts_every_written_document(draft in common::draft()) {
        let value: Value = serde_json::from_str(&json::to_json(&draft)).unwrap();
        prop_assert_eq!(check(&value), Ok(()));
    }
}

#[test]
fn the_schema_rejects_bad_documents() {
    let mut checked = 0;
    for case in common::cases() {
        let text = std::fs::read_to_string(common::fixtures().join(&case.file)).unwrap();
        match case.schema.as_str() {
            "yes" => {
                let value: Value = serde_json::from_str(&text).unwrap();
                assert!(check(&value).is_err(), "{} passes the schema", case.file);
                checked += 1;
            }
            "no" => {
                let value: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(check(&value), Ok(()), "{}", case.file);
            }
            "n/a" => {}
            other => panic!("{}: schema column {other:?}", case.file),
        }
    }
    assert!(checked > 30);
}

#[test]
fn the_schema_follows_the_template() {
    let root = schema();
    let template = nianbao_core::current_template();
    let texts = root.pointer("/properties/texts/required").unwrap();
    let ids: Vec<&str> = template.texts().map(|t| t.id).collect();
    assert_eq!(texts, &serde_json::json!(ids));
    for table in template.tables() {
        let t = &root["properties"]["tables"]["properties"][table.id];
        assert_eq!(t["minItems"], table.rows.len());
        assert_eq!(t["items"]["maxItems"], table.columns);
    }
    assert_eq!(root["properties"]["version"]["const"], json::VERSION);
    assert_eq!(root["properties"]["format"]["const"], json::FORMAT);
}
