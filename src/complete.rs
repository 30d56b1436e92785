//! What the shell completes, computed when it asks (clap's dynamic completion): the presets, the
//! optional components and the answer keys of this binary's own catalog, so they never go stale.

use crate::catalog::Catalog;
use crate::spec::answers::Answers;
use clap_complete::engine::CompletionCandidate;
use serde_json::Value;
use std::ffi::OsStr;

/// `--preset`: each embedded preset, with its first line.
pub fn presets() -> Vec<CompletionCandidate> {
    crate::spec::presets::all()
        .into_iter()
        .map(|(name, summary, _)| CompletionCandidate::new(name).help(Some(summary.into())))
        .collect()
}

/// `add` and `remove`: the components that are enabled only by name, not by the answers.
pub fn components() -> Vec<CompletionCandidate> {
    let Ok(catalog) = Catalog::load() else { return Vec::new() };
    catalog
        .components
        .iter()
        .filter(|c| !c.is_automatic())
        .map(|c| CompletionCandidate::new(c.id()).help(Some(c.manifest.summary.clone().into())))
        .collect()
}

/// `--set`: an answer key followed by `=` and, where the answer has a fixed set of values, each
/// `key=value`.
pub fn set_pairs(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let keys = answer_keys();
    if let Some((key, _)) = current.split_once('=') {
        return keys
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(k, choices)| choices.iter().map(move |v| format!("{k}={v}")))
            .filter(|pair| pair.starts_with(current.as_ref()))
            .map(CompletionCandidate::new)
            .collect();
    }
    keys.into_iter()
        .map(|(k, _)| format!("{k}="))
        .filter(|k| k.starts_with(current.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}

/// Every `--set` key (lists by their first entry, `services.0.port`) with its allowed values,
/// from the JSON Schema of `scaffold.yaml` and the components' own answers.
fn answer_keys() -> Vec<(String, Vec<String>)> {
    let schema = serde_json::to_value(schemars::schema_for!(Answers)).unwrap_or_default();
    let mut out = Vec::new();
    walk(&schema, &schema, "", 0, &mut out);
    if let Ok(catalog) = Catalog::load() {
        for c in &catalog.components {
            for a in &c.manifest.answers {
                out.push((format!("settings.{}.{}", c.id(), a.key), a.choices.clone()));
            }
        }
    }
    // `settings` itself is a map the components fill: their keys are above.
    out.retain(|(k, _)| !k.is_empty() && k != "settings");
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

fn walk(root: &Value, node: &Value, path: &str, depth: usize, out: &mut Vec<(String, Vec<String>)>) {
    if depth > 6 {
        return;
    }
    let node = resolve(root, node);
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (name, sub) in props {
            let key = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
            walk(root, sub, &key, depth + 1, out);
        }
        return;
    }
    if let Some(items) = node.get("items").filter(|i| resolve(root, i).get("properties").is_some()) {
        walk(root, items, &format!("{path}.0"), depth + 1, out);
        return;
    }
    for alternative in ["anyOf", "oneOf", "allOf"].iter().filter_map(|k| node.get(*k)).filter_map(Value::as_array) {
        if let Some(object) = alternative.iter().find(|a| resolve(root, a).get("properties").is_some()) {
            walk(root, object, path, depth + 1, out);
            return;
        }
    }
    out.push((path.to_owned(), choices(root, node)));
}

/// The values a schema node allows, when it lists them (an enum, `true`/`false`).
fn choices(root: &Value, node: &Value) -> Vec<String> {
    let node = resolve(root, node);
    let mut values: Vec<String> = Vec::new();
    if let Some(list) = node.get("enum").and_then(Value::as_array) {
        values.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    for alternative in ["anyOf", "oneOf"].iter().filter_map(|k| node.get(*k)).filter_map(Value::as_array) {
        for a in alternative {
            values.extend(choices(root, a));
            if let Some(v) = resolve(root, a).get("const").and_then(Value::as_str) {
                values.push(v.to_owned());
            }
        }
    }
    if node.get("type") == Some(&Value::from("boolean")) {
        values.extend(["true".to_owned(), "false".to_owned()]);
    }
    values
}

/// The definition a `$ref` names (`#/$defs/…`), or the node itself.
fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => root.pointer(pointer).unwrap_or(node),
        None => node,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(candidates: Vec<CompletionCandidate>) -> Vec<String> {
        candidates.iter().map(|c| c.get_value().to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn presets_and_optional_components_come_from_the_catalog() {
        assert!(values(presets()).contains(&"go-service".to_owned()));
        let components = values(components());
        assert!(components.contains(&"pitr".to_owned()) && components.contains(&"sentry".to_owned()), "{components:?}");
        assert!(!components.contains(&"nginx".to_owned()), "nginx follows from the answers: {components:?}");
    }

    #[test]
    fn set_completes_keys_then_the_values_an_answer_allows() {
        let keys = values(set_pairs(OsStr::new("pro")));
        assert!(keys.contains(&"proxy=".to_owned()) && keys.contains(&"project=".to_owned()), "{keys:?}");
        assert!(values(set_pairs(OsStr::new("services.0.p"))).contains(&"services.0.port=".to_owned()));
        assert!(values(set_pairs(OsStr::new("settings.pitr."))).contains(&"settings.pitr.prefix=".to_owned()));
        let proxies = values(set_pairs(OsStr::new("proxy=")));
        for p in ["proxy=nginx", "proxy=traefik", "proxy=caddy"] {
            assert!(proxies.contains(&p.to_owned()), "{proxies:?}");
        }
        assert_eq!(values(set_pairs(OsStr::new("proxy=ng"))), ["proxy=nginx"]);
        assert!(values(set_pairs(OsStr::new("redis.persistence="))).contains(&"redis.persistence=true".to_owned()));
    }
}
