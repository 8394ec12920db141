//! garde's report as [`ValidationErrors`]: paths in dot form (`items[0].name` →
//! `items.0.name`), messages capitalized.

use crate::ValidationErrors;

/// Runs `T`'s rules with a default context.
pub(super) fn errors<T>(value: &T) -> ValidationErrors
where
    T: garde::Validate,
    T::Context: Default,
{
    let mut out = ValidationErrors::new();
    if let Err(report) = value.validate() {
        for (path, error) in report.iter() {
            let field = dotted(&path.to_string());
            let field = if field.is_empty() {
                "form".to_owned()
            } else {
                field
            };
            out.push(field, capitalized(error.message()));
        }
    }
    out
}

/// Capitalizes the first letter and ends with a full stop (for library messages such as
/// garde's "length is lower than 3").
fn capitalized(message: &str) -> String {
    let message = message.trim();
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// `items[0].name` → `items.0.name`; `[1].a` → `1.a`.
fn dotted(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '[' => {
                if !out.is_empty() && !out.ends_with('.') {
                    out.push('.');
                }
            }
            ']' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_dotted() {
        assert_eq!(dotted("title"), "title");
        assert_eq!(dotted("items[0].name"), "items.0.name");
        assert_eq!(dotted("[1].a"), "1.a");
        assert_eq!(dotted("m[k][2]"), "m.k.2");
        assert_eq!(dotted(""), "");
    }

    #[test]
    fn capitalizing() {
        assert_eq!(
            capitalized("length is lower than 3"),
            "Length is lower than 3."
        );
        assert_eq!(capitalized("Done!"), "Done!");
        assert_eq!(capitalized("  "), "");
        assert_eq!(capitalized("élan"), "Élan.");
    }
}
