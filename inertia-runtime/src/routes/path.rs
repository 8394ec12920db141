//! An axum route path (`/contacts/{contact}`, `/files/{*path}`) split into what the generated
//! URL builder writes: literal text and parameters.

/// One piece of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    /// Text written as it is (`{{` and `}}` already read as `{` and `}`).
    Literal(String),
    /// `{name}`: one segment, escaped.
    Param(String),
    /// `{*name}`: the rest of the path, slashes kept, each segment escaped.
    CatchAll(String),
}

impl Part {
    /// The parameter's name, if this is one.
    pub(crate) fn param(&self) -> Option<&str> {
        match self {
            Part::Literal(_) => None,
            Part::Param(name) | Part::CatchAll(name) => Some(name),
        }
    }
}

/// Splits `path` as axum (matchit) reads it.
///
/// # Errors
///
/// An unclosed or empty `{…}`, a lone `}`, or a parameter named twice: axum refuses such a
/// path too, so the message says what to fix.
pub(crate) fn parse(path: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '}' => {
                return Err(format!(
                    "`{path}` has a `}}` that closes nothing (write `}}}}` for the character)"
                ));
            }
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    name.push(c);
                }
                if !closed {
                    return Err(format!("`{path}` has a `{{` that is not closed"));
                }
                if !literal.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut literal)));
                }
                let part = match name.strip_prefix('*') {
                    Some(rest) => Part::CatchAll(rest.to_owned()),
                    None => Part::Param(name),
                };
                let name = part.param().unwrap_or_default();
                if name.is_empty() {
                    return Err(format!("`{path}` has a parameter without a name"));
                }
                if parts.iter().any(|p| p.param() == Some(name)) {
                    return Err(format!("`{path}` names the parameter `{name}` twice"));
                }
                parts.push(part);
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parts.push(Part::Literal(literal));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Part {
        Part::Literal(s.to_owned())
    }

    #[test]
    fn literals_parameters_and_catch_alls() {
        assert_eq!(parse("/").unwrap(), vec![lit("/")]);
        assert_eq!(
            parse("/contacts/{contact}/edit").unwrap(),
            vec![
                lit("/contacts/"),
                Part::Param("contact".into()),
                lit("/edit")
            ]
        );
        assert_eq!(
            parse("/files/{*path}").unwrap(),
            vec![lit("/files/"), Part::CatchAll("path".into())]
        );
        assert_eq!(
            parse("/{a}/{b}").unwrap(),
            vec![
                lit("/"),
                Part::Param("a".into()),
                lit("/"),
                Part::Param("b".into())
            ]
        );
        assert_eq!(parse("/a{{b}}").unwrap(), vec![lit("/a{b}")]);
    }

    #[test]
    fn mistakes_are_named() {
        for (path, says) in [
            ("/a/{b", "not closed"),
            ("/a/}", "closes nothing"),
            ("/a/{}", "without a name"),
            ("/a/{*}", "without a name"),
            ("/{a}/{a}", "twice"),
        ] {
            let message = parse(path).unwrap_err();
            assert!(message.contains(says), "{path}: {message}");
        }
    }
}
