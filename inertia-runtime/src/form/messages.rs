//! Validation messages in Laravel's words: "The due date field is required."

/// The words a field is called by: its last named segment, split at `_`, `-` and
/// camelCase humps, lowercase (`items.0.dueDate` → "due date").
pub(super) fn attribute(field: &str) -> String {
    let name = field
        .rsplit('.')
        .find(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or(field);
    let mut words = String::with_capacity(name.len() + 4);
    let mut previous_lower = false;
    for c in name.chars() {
        if c == '_' || c == '-' {
            if !words.ends_with(' ') && !words.is_empty() {
                words.push(' ');
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !words.ends_with(' ') {
            words.push(' ');
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        words.extend(c.to_lowercase());
    }
    let words = words.trim();
    if words.is_empty() {
        "form".to_owned()
    } else {
        words.to_owned()
    }
}

/// "The {attribute} field {rest}".
pub(super) fn sentence(field: &str, rest: &str) -> String {
    format!("The {} field {rest}", attribute(field))
}

/// What a serde "invalid type/value" message means for a person: the rest of a sentence
/// after "The … field".
pub(super) fn type_problem(serde_message: &str) -> String {
    let expected = serde_message.split_once("expected ").map_or("", |(_, e)| e);
    let need = |words: &[&str]| words.iter().any(|w| expected.contains(w));
    if expected.starts_with("a file") {
        "must be a file.".to_owned()
    } else if serde_message.starts_with("unknown variant") {
        "must be one of the listed options.".to_owned()
    } else if need(&[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "integer",
    ]) || serde_message.contains("invalid digit")
    {
        "must be a whole number.".to_owned()
    } else if need(&["f32", "f64", "float", "number"]) || serde_message.contains("invalid float") {
        "must be a number.".to_owned()
    } else if need(&["a boolean", "bool"])
        || serde_message.contains("provided string was not `true` or `false`")
    {
        "must be true or false.".to_owned()
    } else if need(&["a string", "a borrowed string", "char"]) {
        "must be text.".to_owned()
    } else if need(&["a sequence", "tuple", "array"]) {
        "must be a list.".to_owned()
    } else if need(&["a map", "struct"]) {
        "must be an object.".to_owned()
    } else {
        "is invalid.".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_words() {
        assert_eq!(attribute("title"), "title");
        assert_eq!(attribute("due_date"), "due date");
        assert_eq!(attribute("dueDate"), "due date");
        assert_eq!(attribute("items.0.firstName"), "first name");
        assert_eq!(attribute("address-line-1"), "address line 1");
        assert_eq!(attribute("URL"), "url");
        assert_eq!(attribute("items.0"), "items");
        assert_eq!(attribute(""), "form");
        assert_eq!(attribute("__"), "form");
    }

    #[test]
    fn serde_messages_become_sentences() {
        let s = |m: &str| sentence("age", &type_problem(m));
        assert_eq!(
            s("invalid type: string \"x\", expected u32"),
            "The age field must be a whole number."
        );
        assert_eq!(
            s("invalid digit found in string"),
            "The age field must be a whole number."
        );
        assert_eq!(
            s("invalid type: string \"x\", expected f64"),
            "The age field must be a number."
        );
        assert_eq!(
            s("invalid type: integer `1`, expected a boolean"),
            "The age field must be true or false."
        );
        assert_eq!(
            s("invalid type: integer `1`, expected a string"),
            "The age field must be text."
        );
        assert_eq!(
            s("invalid type: string, expected a sequence"),
            "The age field must be a list."
        );
        assert_eq!(
            s("invalid type: string, expected struct Item"),
            "The age field must be an object."
        );
        assert_eq!(
            s("invalid type: string \"x\", expected a file (sent as multipart/form-data)"),
            "The age field must be a file."
        );
        assert_eq!(
            s("unknown variant `x`, expected `a` or `b`"),
            "The age field must be one of the listed options."
        );
        assert_eq!(s("something else"), "The age field is invalid.");
    }
}
