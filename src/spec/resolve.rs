//! Layers the answer sources into one document and reads it as typed `Answers`.
//!
//! Order, lowest first: built-in defaults, the project's `scaffold.yaml`, `--preset`, `--answers`,
//! `--set`. Layers are merged as YAML values so that a later layer may set one nested key
//! without restating its siblings; only then is the result read into types, so every error
//! carries the full path of the field it concerns.

use super::answers::Answers;
use super::types::shown;
use crate::error::{Error, Result};
use yaml_serde::{Mapping, Value};

/// One source of answers, named for error messages.
#[derive(Clone)]
pub struct Layer {
    pub origin: String,
    pub value: Value,
}

impl Layer {
    pub fn parse(origin: impl Into<String>, text: &str) -> Result<Self> {
        let origin = origin.into();
        if let Some(why) = too_deep(text) {
            return Err(Error::input(format!("`{origin}`: {why}")));
        }
        let value: Value =
            yaml_serde::from_str(text).map_err(|e| Error::input(format!("`{origin}` is not valid YAML: {e}")))?;
        match value {
            Value::Mapping(_) => Ok(Layer { origin, value }),
            Value::Null => Ok(Layer { origin, value: Value::Mapping(Mapping::new()) }),
            _ => Err(Error::input(format!("`{origin}` must be a mapping of answers (`key: value` lines)"))),
        }
    }

    /// Dotted keys with typed values (what detection proposes) as one layer, without reading
    /// the values back from text.
    pub fn from_dotted(origin: impl Into<String>, answers: &Mapping) -> Self {
        let mut root = Value::Mapping(Mapping::new());
        for (k, v) in answers {
            if let Some(key) = k.as_str() {
                let segments: Vec<&str> = key.split('.').collect();
                set_path(&mut root, &segments, v.clone()).expect("detection keys are key paths");
            }
        }
        Layer { origin: origin.into(), value: root }
    }

    /// `--set a.b.0.c=value` pairs as one layer.
    pub fn from_sets(sets: &[String]) -> Result<Self> {
        let mut root = Value::Mapping(Mapping::new());
        for set in sets {
            let (key, raw) = set.split_once('=').ok_or_else(|| {
                Error::input(format!("`--set {}`: expected `key=value`, such as `domain=app.example.com`", shown(set)))
            })?;
            let segments: Vec<&str> = key.split('.').collect();
            if segments.len() > MAX_DEPTH || key.len() > 256 {
                return Err(Error::input(format!(
                    "`--set {}…`: a key path has at most {MAX_DEPTH} segments and 256 characters",
                    shown(&key.chars().take(40).collect::<String>())
                )));
            }
            if segments
                .iter()
                .any(|s| s.is_empty() || !s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
            {
                return Err(Error::input(format!(
                    "`--set {}`: `{}` is not a key path (lower-case keys and list indexes separated by dots, such as `services.0.port`)",
                    shown(set),
                    shown(key)
                )));
            }
            set_path(&mut root, &segments, scalar(raw))
                .map_err(|why| Error::input(format!("`--set {}`: {why}", shown(set))))?;
        }
        Ok(Layer { origin: "--set".into(), value: root })
    }
}

/// Answers nest a few levels (`settings.sentry.org`, `services.0.websocket_paths.0`); anything
/// deeper is refused before parsing, which would otherwise take time and stack in proportion.
const MAX_DEPTH: usize = 16;

/// Why `text` nests too deeply to be answers, checked in one pass over the text: flow brackets
/// (`[[[…`) and block indentation both count.
fn too_deep(text: &str) -> Option<String> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for line in text.lines() {
        let trimmed = line.trim_start_matches([' ', '-']);
        if quote.is_none() && !trimmed.is_empty() && !trimmed.starts_with('#') {
            let indent = line.len() - trimmed.len();
            if indent / 2 > MAX_DEPTH * 2 {
                return Some(format!("nests deeper than answers do (more than {MAX_DEPTH} levels)"));
            }
        }
        for c in line.chars() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(format!("nests deeper than answers do (more than {MAX_DEPTH} levels)"));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        // A quote left open at the end of a line is text the parser reports, not nesting.
        if quote == Some('\'') {
            quote = None;
        }
    }
    None
}

/// A `--set` value is read as YAML (numbers, booleans, `[a, b]` lists) except that a decimal
/// stays text (no answer is a fraction, and `1.20` must not become `1.2`), and text with control
/// characters stays as typed, so that YAML line folding cannot hide a newline from validation.
fn scalar(raw: &str) -> Value {
    if raw.chars().any(char::is_control) {
        return Value::String(raw.to_owned());
    }
    match yaml_serde::from_str::<Value>(raw) {
        Ok(Value::Number(n)) if n.is_f64() => Value::String(raw.to_owned()),
        Ok(Value::Null) | Err(_) => Value::String(raw.to_owned()),
        Ok(v) => v,
    }
}

fn set_path(node: &mut Value, segments: &[&str], leaf: Value) -> Result<(), String> {
    let Some((first, rest)) = segments.split_first() else {
        *node = leaf;
        return Ok(());
    };
    // A list index becomes a numeric key: `merge` applies it to the item of the list that the
    // lower layers built, so the other items stay as they were.
    let key = match first.parse::<u64>() {
        Ok(index) => Value::Number(index.into()),
        Err(_) => Value::String((*first).to_owned()),
    };
    if !matches!(node, Value::Mapping(_)) {
        *node = Value::Mapping(Mapping::new());
    }
    let Value::Mapping(map) = node else { unreachable!("made a mapping above") };
    set_path(map.entry(key).or_insert(Value::Null), rest, leaf)
}

/// A mapping whose keys are all list indexes, as `--set services.0.port=…` makes.
fn indexed(map: &Mapping) -> Option<Vec<(usize, Value)>> {
    let mut items: Vec<(usize, Value)> =
        map.iter().map(|(k, v)| Some((usize::try_from(k.as_u64()?).ok()?, v.clone()))).collect::<Option<_>>()?;
    items.sort_by_key(|(i, _)| *i);
    (!items.is_empty()).then_some(items)
}

/// Deep merge: mappings merge key by key; indexed `--set` items merge into the list item they
/// name (an index equal to the length appends; a larger one is an error naming the next index);
/// anything else replaces. `at` is the dotted path of `lower`, for that error.
fn merge(lower: &mut Value, upper: Value, at: &str) -> Result<(), String> {
    let child = |k: &Value| {
        let key = k.as_str().map(str::to_owned).or_else(|| k.as_u64().map(|n| n.to_string())).unwrap_or_default();
        if at.is_empty() { key } else { format!("{at}.{key}") }
    };
    match (lower, upper) {
        (Value::Mapping(low), Value::Mapping(up)) => {
            for (k, v) in up {
                let path = child(&k);
                match low.get_mut(&k) {
                    Some(slot) => merge(slot, v, &path)?,
                    None => {
                        low.insert(k, v);
                    }
                }
            }
        }
        (Value::Sequence(low), Value::Mapping(up)) if indexed(&up).is_some() => {
            for (i, v) in indexed(&up).unwrap_or_default() {
                let len = low.len();
                match low.get_mut(i) {
                    Some(slot) => merge(slot, v, &format!("{at}.{i}"))?,
                    None if i == len => low.push(v),
                    None => {
                        return Err(format!("`{at}.{i}`: the list has {len} items, so the next one is `{at}.{len}`"));
                    }
                }
            }
        }
        (slot, up) => *slot = up,
    }
    Ok(())
}

/// Indexed mappings with no list below them become lists.
fn lists_from_indexes(value: &mut Value) {
    match value {
        Value::Mapping(map) => {
            if let Some(items) = indexed(map) {
                *value = Value::Sequence(items.into_iter().map(|(_, v)| v).collect());
                lists_from_indexes(value);
            } else {
                map.iter_mut().for_each(|(_, v)| lists_from_indexes(v));
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(lists_from_indexes),
        _ => {}
    }
}

/// Merges the layers (lowest first) and reads them as `Answers`.
pub fn resolve(layers: Vec<Layer>) -> Result<(Answers, Vec<String>)> {
    let origins = layers.iter().map(|l| l.origin.clone()).collect();
    let mut doc = Value::Mapping(Mapping::new());
    for Layer { origin, value } in layers {
        merge(&mut doc, value, "").map_err(|e| Error::input(format!("{e} (from {origin})")))?;
    }
    lists_from_indexes(&mut doc);
    let missing = missing_answers(&doc);
    // A misspelt key (`domian:`) is the cause of its missing answer: name it first.
    if !missing.is_empty() {
        if let Err(e) = serde_path_to_error::deserialize::<_, Answers>(doc.clone()) {
            let inner = e.inner().to_string();
            if inner.starts_with("unknown field") {
                return Err(Error::input(explain(&e.path().to_string(), &inner)));
            }
        }
    }
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|(k, _)| format!("`{k}`")).collect();
        let sets: Vec<String> = missing.iter().map(|(_, example)| format!("--set {example}")).collect();
        return Err(Error::input(format!(
            "missing answers: {}; pass them as `{}`, or start from `--preset NAME` (see `scaffold list`)",
            names.join(", "),
            sets.join(" ")
        )));
    }
    let answers = serde_path_to_error::deserialize(doc).map_err(|e| {
        let path = e.path().to_string();
        Error::input(explain(&path, &e.into_inner().to_string()))
    })?;
    Ok((answers, origins))
}

/// Answers without a default, with an example of each: all of them are reported at once.
const REQUIRED: &[(&str, &str)] = &[
    ("project", "project=myapp"),
    ("domain", "domain=app.example.com"),
    ("email", "email=ops@example.com"),
    ("stack.runtime", "stack.runtime=node"),
    ("stack.framework", "stack.framework=nextjs"),
    ("services", "services.0.name=web --set services.0.port=3000"),
];

fn missing_answers(doc: &Value) -> Vec<(&'static str, &'static str)> {
    REQUIRED
        .iter()
        .filter(|(path, _)| {
            let mut node = Some(doc);
            for key in path.split('.') {
                node = node.and_then(|n| n.get(key));
            }
            node.is_none_or(Value::is_null)
        })
        .copied()
        .collect()
}

/// Turns a serde message into one line that names the field, the value and what is allowed.
fn explain(path: &str, inner: &str) -> String {
    let inner = inner.split(" at line ").next().unwrap_or(inner);
    if let Some(rest) = inner.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let parent = path.rsplit_once('.').map(|(p, _)| p).filter(|_| path.contains('.'));
        let field = match parent {
            Some(p) => format!("{p}.{name}"),
            None => name.to_owned(),
        };
        let hint = match nearest(name, &known) {
            Some(k) => format!("did you mean `{k}`?"),
            None => {
                format!("known keys here: {}", known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))
            }
        };
        return format!("`{}`: unknown key; {hint}", shown(&field));
    }
    if let Some(rest) = inner.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        let field = if path == "." { name.to_owned() } else { format!("{path}.{name}") };
        return format!("`{field}`: missing; it has no default, so an answer is required");
    }
    if let Some(rest) = inner.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = expected.trim_start_matches(", expected ").replace("one of ", "");
        return format!("`{path}`: `{}` is not allowed; expected {allowed}", shown(value));
    }
    if let Some(rest) = inner.strip_prefix("invalid type: string \"").filter(|_| inner.contains("expected a sequence"))
    {
        let value = rest.split('"').next().unwrap_or(rest);
        return format!(
            "`{path}`: `{}` is one value; a list is expected here, such as `[{}]`",
            shown(value),
            shown(value)
        );
    }
    format!("`{path}`: {inner}")
}

/// The closest known name: one that starts with what was typed, or else the nearest by edit
/// distance if it is close enough to be a typo.
pub fn nearest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    if let Some(k) = known.iter().find(|k| name.len() >= 3 && k.starts_with(name)) {
        return Some(k);
    }
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= (k.len().max(name.len()) / 3).max(1))
        .min()
        .map(|(_, k)| k)
}

/// Edits between `a` and `b`, a swap of two neighbours counting as one (`ngnix` → `nginx`).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Value {
        yaml_serde::from_str(text).unwrap()
    }

    #[test]
    fn set_overrides_one_list_item_and_keeps_the_rest() {
        let mut base = doc("services: [{name: web, port: 3000}, {name: api, port: 4000}]");
        let sets = Layer::from_sets(&["services.1.port=4001".into()]).unwrap();
        merge(&mut base, sets.value, "").unwrap();
        assert_eq!(base, doc("services: [{name: web, port: 3000}, {name: api, port: 4001}]"));
    }

    #[test]
    fn set_builds_a_list_where_there_was_none() {
        let mut base = doc("project: x");
        merge(
            &mut base,
            Layer::from_sets(&["services.0.name=web".into(), "services.1.name=api".into()]).unwrap().value,
            "",
        )
        .unwrap();
        lists_from_indexes(&mut base);
        assert_eq!(base, doc("{project: x, services: [{name: web}, {name: api}]}"));
    }

    #[test]
    fn an_index_past_the_end_names_the_next_one() {
        let mut base = doc("services: [{name: web}, {name: api}]");
        let err = merge(&mut base, Layer::from_sets(&["services.5.port=1".into()]).unwrap().value, "").unwrap_err();
        assert_eq!(err, "`services.5`: the list has 2 items, so the next one is `services.2`");
    }

    #[test]
    fn decimals_stay_text() {
        assert_eq!(scalar("1.20"), Value::String("1.20".into()));
        assert_eq!(scalar("8080"), doc("8080"));
        assert_eq!(scalar("[a, b]"), doc("[a, b]"));
    }

    #[test]
    fn nearest_key_suggestion() {
        assert_eq!(nearest("domian", &["domain", "project"]), Some("domain"));
        assert_eq!(nearest("zzzzzz", &["domain", "project"]), None);
    }
}
