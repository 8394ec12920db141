//! Form fields as browsers and the Inertia client send them (`application/x-www-form-urlencoded`
//! and `multipart/form-data`): flat `name=value` pairs whose names carry the structure in
//! brackets (`user[name]`, `tags[]`, `items[0][qty]`), every value text or a file.
//!
//! [`Fields`] rebuilds the structure and is a serde `Deserializer` that reads text the way a
//! form means it: `"1"`/`"0"`/`"on"` are booleans, `"42"` is a number, `""` is `None` (the
//! client sends `null` as `""`), so the same `T` deserializes from JSON and from a form.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Unexpected, Visitor};
use serde_json::{Map, Value};

use super::upload::{self, UploadedFile};

/// How deep brackets may nest (`a[b][c]…`); deeper names are refused, as PHP drops them.
const MAX_DEPTH: usize = 32;
/// How many fields one submission may have (PHP's `max_input_vars`).
const MAX_FIELDS: usize = 1000;
/// Longest field name, in bytes (Laravel apps' longest are well under 200).
const MAX_NAME_LEN: usize = 1024;

/// A value of a form: text, a file, or a structure built from bracketed names.
#[derive(Debug)]
pub(super) enum Node {
    Text(String),
    #[cfg_attr(not(feature = "multipart"), allow(dead_code))]
    File(UploadedFile),
    /// Named children in the order first sent (`user[name]`, `items[0]`).
    Map(Vec<(String, Node)>),
    /// Children appended with `[]` or by repeating a name.
    List(Vec<Node>),
}

/// Why a submission's fields were refused.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refused {
    /// More than `MAX_FIELDS` fields.
    Fields,
    /// A name nested deeper than `MAX_DEPTH`.
    Depth,
    /// A name longer than `MAX_NAME_LEN`.
    NameLength,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Fields => write!(f, "The form has more than {MAX_FIELDS} fields."),
            Refused::NameLength => {
                write!(f, "A form field name is longer than {MAX_NAME_LEN} bytes.")
            }
            Refused::Depth => write!(
                f,
                "A form field name nests deeper than {MAX_DEPTH} levels of brackets."
            ),
        }
    }
}

/// The fields of one submission, built up pair by pair.
#[derive(Debug, Default)]
pub(super) struct Fields {
    root: Vec<(String, Node)>,
    count: usize,
}

enum Segment<'a> {
    Key(&'a str),
    Push,
}

impl Fields {
    pub(super) fn new() -> Self {
        Fields::default()
    }

    /// The fields of a URL-encoded body.
    pub(super) fn from_urlencoded(bytes: &[u8]) -> Result<Self, Refused> {
        let mut fields = Fields::new();
        for (name, value) in form_urlencoded::parse(bytes) {
            fields.insert(&name, Node::Text(value.into_owned()))?;
        }
        Ok(fields)
    }

    /// Adds one `name=value` pair.
    pub(super) fn insert(&mut self, name: &str, value: Node) -> Result<(), Refused> {
        self.count += 1;
        if self.count > MAX_FIELDS {
            return Err(Refused::Fields);
        }
        if name.len() > MAX_NAME_LEN {
            return Err(Refused::NameLength);
        }
        let (base, segments) = split_name(name)?;
        let Some((_, slot)) = self.root.iter_mut().find(|(k, _)| k == base) else {
            let mut node = Node::Map(Vec::new());
            place(&mut node, &segments, value);
            self.root.push((base.to_owned(), node));
            return Ok(());
        };
        if segments.is_empty() {
            // A repeated plain name (`tag=a&tag=b`, a `<select multiple>`) is a list.
            *slot = match std::mem::replace(slot, Node::List(Vec::new())) {
                Node::List(mut items) => {
                    items.push(value);
                    Node::List(items)
                }
                first @ (Node::Text(_) | Node::File(_)) => Node::List(vec![first, value]),
                Node::Map(_) => value,
            };
            return Ok(());
        }
        place(slot, &segments, value);
        Ok(())
    }

    /// The fields as JSON, for old input and for naming errors: text as strings, maps with
    /// the keys `0..n` as arrays, files left out (they are never given back).
    pub(super) fn to_json(&self) -> Map<String, Value> {
        entries_to_json(&self.root)
    }
}

/// `user[address][city]` → (`user`, [`address`, `city`]). A name whose brackets do not
/// close, or that starts with one, is a plain name, as PHP reads it. More than [`MAX_DEPTH`]
/// brackets is refused as soon as the limit is passed, before the rest is looked at.
fn split_name(name: &str) -> Result<(&str, Vec<Segment<'_>>), Refused> {
    let Some(open) = name.find('[') else {
        return Ok((name, Vec::new()));
    };
    if open == 0 {
        return Ok((name, Vec::new()));
    }
    let (base, mut rest) = name.split_at(open);
    let mut segments = Vec::new();
    while let Some(after) = rest.strip_prefix('[') {
        if segments.len() == MAX_DEPTH {
            return Err(Refused::Depth);
        }
        let Some(close) = after.find(']') else {
            return Ok((name, Vec::new()));
        };
        let key = &after[..close];
        segments.push(if key.is_empty() {
            Segment::Push
        } else {
            Segment::Key(key)
        });
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        // `a[b]c`: PHP ignores what follows the last bracket.
        tracing::debug!(name, "form field name has text after its last bracket");
    }
    Ok((base, segments))
}

fn place(slot: &mut Node, segments: &[Segment<'_>], value: Node) {
    let Some((segment, rest)) = segments.split_first() else {
        *slot = value;
        return;
    };
    // The slot becomes a list or a map (a value of another kind there is replaced, as a
    // later field of the same name wins).
    let taken = std::mem::replace(slot, Node::Text(String::new()));
    *slot = match segment {
        Segment::Push => {
            let mut items = match taken {
                Node::List(items) => items,
                _ => Vec::new(),
            };
            // `files[][name]=a&files[][size]=1&files[][name]=b` (the client's "brackets"
            // format for lists of objects): a key the last item does not have yet belongs to
            // it; a key it has starts the next item.
            match items.last_mut() {
                Some(last @ Node::Map(_))
                    if matches!(rest.first(), Some(Segment::Key(_))) && !occupied(last, rest) =>
                {
                    place(last, rest, value);
                }
                _ => {
                    let mut item = Node::Map(Vec::new());
                    place(&mut item, rest, value);
                    items.push(item);
                }
            }
            Node::List(items)
        }
        Segment::Key(key) => {
            let mut entries = match taken {
                Node::Map(entries) => entries,
                _ => Vec::new(),
            };
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some((_, child)) => place(child, rest, value),
                None => {
                    let mut child = Node::Map(Vec::new());
                    place(&mut child, rest, value);
                    entries.push(((*key).to_owned(), child));
                }
            }
            Node::Map(entries)
        }
    };
}

/// Whether a value is already at `segments` below `node` (so placing one there would
/// overwrite it). Appending with `[]` never overwrites.
fn occupied(node: &Node, segments: &[Segment<'_>]) -> bool {
    match segments.split_first() {
        None => true,
        Some((Segment::Push, _)) => false,
        Some((Segment::Key(key), rest)) => match node {
            Node::Map(entries) => entries
                .iter()
                .find(|(k, _)| k == key)
                .is_some_and(|(_, child)| occupied(child, rest)),
            // A value is here that the structure would replace.
            _ => true,
        },
    }
}

fn entries_to_json(entries: &[(String, Node)]) -> Map<String, Value> {
    entries
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), node_to_json(v)?)))
        .collect()
}

fn node_to_json(node: &Node) -> Option<Value> {
    match node {
        Node::Text(text) => Some(Value::String(text.clone())),
        Node::File(_) => None,
        Node::List(items) => Some(Value::Array(
            items.iter().filter_map(node_to_json).collect(),
        )),
        Node::Map(entries) => match list_like(entries) {
            Some(items) => Some(Value::Array(
                items.into_iter().filter_map(node_to_json).collect(),
            )),
            None => Some(Value::Object(entries_to_json(entries))),
        },
    }
}

/// The entries of a map whose keys are all indices (`items[0]`, `items[1]`), by index.
fn indexed(entries: &[(String, Node)]) -> Option<Vec<(usize, &Node)>> {
    let mut items = entries
        .iter()
        .map(|(k, v)| {
            let canonical = !k.is_empty() && (k == "0" || !k.starts_with('0'));
            let index = k.parse::<usize>().ok().filter(|_| canonical)?;
            Some((index, v))
        })
        .collect::<Option<Vec<_>>>()?;
    items.sort_by_key(|(i, _)| *i);
    Some(items)
}

/// The items of a map whose keys are exactly `0..n` (`items[0]`, `items[1]`): a list.
fn list_like(entries: &[(String, Node)]) -> Option<Vec<&Node>> {
    let items = indexed(entries)?;
    items
        .iter()
        .enumerate()
        .all(|(i, (n, _))| i == *n)
        .then(|| items.into_iter().map(|(_, v)| v).collect())
}

/// The error of deserializing fields (serde's plain value error).
pub(super) type Error = de::value::Error;

/// Deserializes fields into `T`.
impl<'de> de::Deserializer<'de> for &'de Fields {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(Entries::new(&self.root))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// One value of a form, read as what the target type asks for.
struct NodeDe<'a>(&'a Node);

macro_rules! parse_number {
    ($($method:ident => $visit:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let text = self.text(&visitor)?;
            match text.trim().parse() {
                Ok(n) => visitor.$visit(n),
                Err(_) => Err(de::Error::invalid_value(Unexpected::Str(text), &visitor)),
            }
        }
    )*};
}

impl<'a> NodeDe<'a> {
    fn text(&self, expected: &dyn de::Expected) -> Result<&'a str, Error> {
        match self.0 {
            Node::Text(text) => Ok(text),
            other => Err(de::Error::invalid_type(unexpected(other), expected)),
        }
    }
}

fn unexpected(node: &Node) -> Unexpected<'_> {
    match node {
        Node::Text(text) => Unexpected::Str(text),
        Node::File(_) => Unexpected::Other("a file"),
        Node::Map(_) => Unexpected::Map,
        Node::List(_) => Unexpected::Seq,
    }
}

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Node::Text(text) => visitor.visit_borrowed_str(text),
            Node::File(_) => Err(de::Error::invalid_type(
                Unexpected::Other("a file"),
                &visitor,
            )),
            Node::Map(entries) => match list_like(entries) {
                Some(items) => visitor.visit_seq(Items(items.into_iter())),
                None => visitor.visit_map(Entries::new(entries)),
            },
            Node::List(items) => visitor.visit_seq(Items(items.iter())),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.text(&visitor)?;
        // What forms send for a checkbox or the client for a boolean ("1"/"0"), as Laravel's
        // `boolean` rule accepts them.
        match text.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "on" | "yes" => visitor.visit_bool(true),
            "0" | "false" | "off" | "no" | "" => visitor.visit_bool(false),
            _ => Err(de::Error::invalid_value(Unexpected::Str(text), &visitor)),
        }
    }

    parse_number! {
        deserialize_i8 => visit_i8, deserialize_i16 => visit_i16, deserialize_i32 => visit_i32,
        deserialize_i64 => visit_i64, deserialize_i128 => visit_i128,
        deserialize_u8 => visit_u8, deserialize_u16 => visit_u16, deserialize_u32 => visit_u32,
        deserialize_u64 => visit_u64, deserialize_u128 => visit_u128,
        deserialize_f32 => visit_f32, deserialize_f64 => visit_f64,
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            // The client sends `null`/`undefined` as "", and an empty input is "".
            Node::Text(text) if text.is_empty() => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == upload::TOKEN {
            return match self.0 {
                Node::File(file) => upload::hand_over(file.clone(), visitor),
                other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
            };
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Node::List(items) => visitor.visit_seq(Items(items.iter())),
            Node::Map(entries) => match indexed(entries) {
                Some(items) => visitor.visit_seq(Items(
                    items
                        .into_iter()
                        .map(|(_, v)| v)
                        .collect::<Vec<_>>()
                        .into_iter(),
                )),
                None => Err(de::Error::invalid_type(Unexpected::Map, &visitor)),
            },
            // An empty list is sent as "" (`tags: []` becomes nothing, `null` becomes "").
            Node::Text(text) if text.is_empty() => {
                visitor.visit_seq(Items(std::iter::empty::<&Node>()))
            }
            // One value where several may be: a list of one.
            single => visitor.visit_seq(Items(std::iter::once(single))),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Node::Map(entries) => visitor.visit_map(Entries::new(entries)),
            // An empty object or `null` is sent as "".
            Node::Text(text) if text.is_empty() => visitor.visit_map(Entries::new(&[])),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // A select's value names a unit variant.
        let text = self.text(&visitor)?;
        visitor.visit_enum(text.into_deserializer())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        char str string bytes byte_buf identifier
    }
}

struct Entries<'a> {
    entries: std::slice::Iter<'a, (String, Node)>,
    value: Option<&'a Node>,
}

impl<'a> Entries<'a> {
    fn new(entries: &'a [(String, Node)]) -> Self {
        Entries {
            entries: entries.iter(),
            value: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value asked for before its key"))?;
        seed.deserialize(NodeDe(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct Items<I>(I);

impl<'de, I: Iterator<Item = &'de Node>> de::SeqAccess<'de> for Items<I> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.0.next() {
            Some(node) => seed.deserialize(NodeDe(node)).map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        let mut fields = Fields::new();
        for (k, v) in pairs {
            fields.insert(k, Node::Text((*v).to_owned())).unwrap();
        }
        fields
    }

    fn json(pairs: &[(&str, &str)]) -> Value {
        Value::Object(fields(pairs).to_json())
    }

    #[test]
    fn bracketed_names_are_structure() {
        assert_eq!(
            json(&[
                ("title", "Hi"),
                ("user[name]", "Ada"),
                ("user[address][city]", "London"),
                ("tags[]", "a"),
                ("tags[]", "b"),
                ("items[1][qty]", "2"),
                ("items[0][qty]", "1"),
                ("items[0][sku]", "x"),
            ]),
            serde_json::json!({
                "title": "Hi",
                "user": {"name": "Ada", "address": {"city": "London"}},
                "tags": ["a", "b"],
                "items": [{"qty": "1", "sku": "x"}, {"qty": "2"}],
            })
        );
    }

    #[test]
    fn lists_of_objects_in_the_brackets_format_are_rebuilt() {
        assert_eq!(
            json(&[
                ("rows[][name]", "a"),
                ("rows[][size]", "1"),
                ("rows[][name]", "b"),
                ("rows[][size]", "2"),
            ]),
            serde_json::json!({"rows": [{"name": "a", "size": "1"}, {"name": "b", "size": "2"}]})
        );
    }

    #[test]
    fn names_that_are_not_structure_stay_as_written() {
        assert_eq!(
            json(&[
                ("[a]", "1"),
                ("b[c", "2"),
                ("d[e]f", "3"),
                ("tag", "x"),
                ("tag", "y")
            ]),
            serde_json::json!({"[a]": "1", "b[c": "2", "d": {"e": "3"}, "tag": ["x", "y"]})
        );
        // Sparse or non-canonical indices are keys, not positions.
        assert_eq!(
            json(&[("a[0]", "x"), ("a[2]", "y"), ("b[01]", "z")]),
            serde_json::json!({"a": {"0": "x", "2": "y"}, "b": {"01": "z"}})
        );
    }

    #[test]
    fn limits() {
        let mut fields = Fields::new();
        for i in 0..MAX_FIELDS {
            fields
                .insert(&format!("f{i}"), Node::Text(String::new()))
                .unwrap();
        }
        assert_eq!(
            fields.insert("one_more", Node::Text(String::new())),
            Err(Refused::Fields)
        );
        let deep = format!("a{}", "[x]".repeat(MAX_DEPTH + 1));
        assert_eq!(
            Fields::new().insert(&deep, Node::Text(String::new())),
            Err(Refused::Depth)
        );
        let ok = format!("a{}", "[x]".repeat(MAX_DEPTH));
        assert!(Fields::new().insert(&ok, Node::Text(String::new())).is_ok());
        // Refused before the work: the depth as soon as it passes the limit (not after
        // splitting all of a name), the length before any splitting.
        let brackets = format!("a{}", "[]".repeat(400));
        assert_eq!(
            split_name(&brackets).map(|(_, s)| s.len()),
            Err(Refused::Depth)
        );
        let huge = format!("a{}", "[]".repeat(1_000_000));
        assert_eq!(
            Fields::new().insert(&huge, Node::Text(String::new())),
            Err(Refused::NameLength)
        );
        let long = "n".repeat(MAX_NAME_LEN + 1);
        assert_eq!(
            Fields::new().insert(&long, Node::Text(String::new())),
            Err(Refused::NameLength)
        );
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Form {
        title: String,
        count: u32,
        price: f64,
        done: bool,
        due_date: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        items: Vec<Item>,
        kind: Kind,
        #[serde(default)]
        note: Option<u8>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        sku: String,
        qty: i64,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Bug,
        Feature,
    }

    #[test]
    fn text_is_read_as_the_type_asks() {
        let f = fields(&[
            ("title", "Hi"),
            ("count", " 3 "),
            ("price", "2.5"),
            ("done", "on"),
            ("dueDate", ""),
            ("tags[0]", "x"),
            ("tags[1]", "y"),
            ("items[0][sku]", "a"),
            ("items[0][qty]", "-1"),
            ("kind", "feature"),
            ("note", "7"),
        ]);
        assert_eq!(
            Form::deserialize(&f).unwrap(),
            Form {
                title: "Hi".into(),
                count: 3,
                price: 2.5,
                done: true,
                due_date: None,
                tags: vec!["x".into(), "y".into()],
                items: vec![Item {
                    sku: "a".into(),
                    qty: -1
                }],
                kind: Kind::Feature,
                note: Some(7),
            }
        );
        for (text, expected) in [("1", true), ("0", false), ("true", true), ("", false)] {
            let f = fields(&[("v", text)]);
            #[derive(Deserialize)]
            struct B {
                v: bool,
            }
            assert_eq!(B::deserialize(&f).unwrap().v, expected, "{text}");
        }
    }

    #[test]
    fn a_single_value_or_nothing_is_a_list() {
        #[derive(Deserialize)]
        struct L {
            tags: Vec<String>,
        }
        assert_eq!(
            L::deserialize(&fields(&[("tags", "a")])).unwrap().tags,
            ["a"]
        );
        assert!(
            L::deserialize(&fields(&[("tags", "")]))
                .unwrap()
                .tags
                .is_empty()
        );
    }

    #[test]
    fn wrong_values_say_what_was_expected() {
        let err = |pairs: &[(&str, &str)]| {
            let f = fields(pairs);
            let e = serde_path_to_error::deserialize::<_, Form>(&f).unwrap_err();
            (e.path().to_string(), e.inner().to_string())
        };
        let base = [
            ("title", "Hi"),
            ("count", "1"),
            ("price", "1"),
            ("done", "1"),
            ("dueDate", ""),
            ("kind", "bug"),
        ];
        let with = |k: &'static str, v: &'static str| {
            let mut pairs: Vec<(&str, &str)> =
                base.iter().filter(|(b, _)| *b != k).copied().collect();
            pairs.push((k, v));
            pairs
        };
        let (path, message) = err(&with("count", "many"));
        assert_eq!(path, "count");
        assert!(message.contains("expected u32"), "{message}");
        let (path, message) = err(&with("done", "maybe"));
        assert_eq!(path, "done");
        assert!(message.contains("a boolean"), "{message}");
        let (path, message) = err(&with("kind", "chore"));
        assert_eq!(path, "kind");
        assert!(message.starts_with("unknown variant"), "{message}");
        let (path, message) = err(&with("title[x]", "1"));
        assert!(
            path == "title" || message.contains("title"),
            "{path} {message}"
        );
        let (_, message) = err(&base[1..]);
        assert!(message.contains("missing field `title`"), "{message}");
        let mut items = base.to_vec();
        items.push(("items[0][sku]", "a"));
        items.push(("items[0][qty]", "x"));
        let (path, _) = err(&items);
        assert_eq!(path, "items[0].qty");
    }

    #[test]
    fn generated_hostile_names_never_panic_and_keep_the_limits() {
        // Names built from the characters that carry structure, in every arrangement a
        // short generator reaches, mixed with files: inserting, reading back as JSON and
        // deserializing into a typed form and into JSON must all return, whatever the shape.
        let alphabet = ["[", "]", "a", "0", "1", "", "[]", "[0]", "[a]", "]["];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct Typed {
            a: Option<Vec<std::collections::BTreeMap<String, String>>>,
            #[serde(rename = "0")]
            zero: Option<bool>,
        }
        for _ in 0..2000 {
            let mut fields = Fields::new();
            for _ in 0..1 + next(12) {
                let name: String = (0..next(8))
                    .map(|_| alphabet[next(alphabet.len())])
                    .collect();
                let value = if next(4) == 0 {
                    Node::File(UploadedFile::new(Some("f"), None, "x"))
                } else {
                    Node::Text(["", "1", "x"][next(3)].to_owned())
                };
                let _ = fields.insert(&name, value);
            }
            let json = fields.to_json();
            assert!(serde_json::to_string(&json).is_ok());
            let _ = Map::<String, Value>::deserialize(&fields);
            let _ = Typed::deserialize(&fields);
            let _ = serde_path_to_error::deserialize::<_, Typed>(&fields);
        }
    }

    #[test]
    fn generated_objects_round_trip_through_the_clients_encoding() {
        // The Inertia client's objectToFormData, in both array formats, on generated values:
        // what arrives must be the value again, as text.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        fn gen_value(next: &mut dyn FnMut(u64) -> u64, depth: usize) -> Value {
            match if depth > 3 { 0 } else { next(4) } {
                0 | 1 => {
                    Value::String(["", "a", "x y", "[b]", "&=", "ü"][next(6) as usize].to_owned())
                }
                2 => Value::Array(
                    (0..1 + next(3))
                        .map(|_| gen_value(next, depth + 1))
                        .collect(),
                ),
                _ => Value::Object(
                    (0..1 + next(3))
                        .map(|i| (format!("k{i}"), gen_value(next, depth + 1)))
                        .collect(),
                ),
            }
        }
        fn encode(key: &str, value: &Value, brackets: bool, out: &mut Vec<(String, String)>) {
            match value {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let k = if brackets {
                            format!("{key}[]")
                        } else {
                            format!("{key}[{i}]")
                        };
                        encode(&k, item, brackets, out);
                    }
                }
                Value::Object(map) => {
                    for (k, v) in map {
                        encode(&format!("{key}[{k}]"), v, brackets, out);
                    }
                }
                Value::String(s) => out.push((key.to_owned(), s.clone())),
                _ => unreachable!(),
            }
        }
        for case in 0..500 {
            let brackets = case % 2 == 1;
            let top: Map<String, Value> = (0..1 + next(4))
                .map(|i| (format!("f{i}"), gen_value(&mut next, 0)))
                .collect();
            let mut pairs = Vec::new();
            for (k, v) in &top {
                encode(k, v, brackets, &mut pairs);
            }
            // The brackets format cannot say where an item of a list ends when the items
            // hold lists themselves (`a[][]`, `a[][k][]`): the client's default, indices,
            // can; brackets are checked on the values it can express.
            fn holds_list(v: &Value) -> bool {
                match v {
                    Value::Array(_) => true,
                    Value::Object(map) => map.values().any(holds_list),
                    _ => false,
                }
            }
            fn ambiguous(v: &Value) -> bool {
                match v {
                    Value::Array(items) => items.iter().any(|i| holds_list(i) || ambiguous(i)),
                    Value::Object(map) => map.values().any(ambiguous),
                    _ => false,
                }
            }
            if brackets && top.values().any(ambiguous) {
                continue;
            }
            let mut fields = Fields::new();
            for (k, v) in &pairs {
                fields.insert(k, Node::Text(v.clone())).unwrap();
            }
            assert_eq!(
                Value::Object(fields.to_json()),
                Value::Object(top.clone()),
                "case {case}, brackets {brackets}: {pairs:?}"
            );
            let back = Map::<String, Value>::deserialize(&fields).unwrap();
            assert_eq!(Value::Object(back), Value::Object(top), "case {case}");
        }
    }
}
