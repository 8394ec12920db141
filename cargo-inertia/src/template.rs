//! The starters' template language, small enough to read in one sitting: `@@name@@` is
//! replaced by a value, and `@@if flag@@ … @@else@@ … @@end@@` (or `@@if !flag@@`) keeps
//! one branch. A directive alone on its line takes the line with it. `@@` was chosen because
//! none of the languages in the templates (Rust, TOML, TypeScript, JSX, Vue and Svelte
//! markup, CSS, Markdown) uses it, while `{{ }}` and `{ }` are Vue's and Svelte's own.

use std::collections::BTreeMap;
use std::fmt;

/// The values and flags a template is rendered with.
#[derive(Debug, Default, Clone)]
pub(crate) struct Context {
    values: BTreeMap<&'static str, String>,
    flags: BTreeMap<&'static str, bool>,
}

impl Context {
    pub(crate) fn value(&mut self, name: &'static str, value: impl Into<String>) -> &mut Self {
        self.values.insert(name, value.into());
        self
    }

    pub(crate) fn flag(&mut self, name: &'static str, on: bool) -> &mut Self {
        self.flags.insert(name, on);
        self
    }

    pub(crate) fn is(&self, flag: &str) -> Option<bool> {
        self.flags.get(flag).copied()
    }
}

/// A mistake in a template (a bug of this crate, caught by its tests).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TemplateError {
    pub(crate) line: usize,
    pub(crate) message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

enum Token<'a> {
    Text(&'a str),
    Value(&'a str),
    If { flag: &'a str, negated: bool },
    Else,
    End,
}

/// Renders `source` with `context`.
pub(crate) fn render(source: &str, context: &Context) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(source.len());
    // One entry per open `@@if@@`: whether its current branch is kept.
    let mut stack: Vec<(usize, bool, bool)> = Vec::new(); // (line, condition, in_else)
    let keeping = |stack: &[(usize, bool, bool)]| {
        stack
            .iter()
            .all(|&(_, condition, in_else)| condition != in_else)
    };
    for (index, line) in source.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let tokens = tokenize(line, number)?;
        let directives_only = tokens.iter().all(|t| match t {
            Token::Text(text) => text.trim().is_empty(),
            Token::Value(_) => false,
            _ => true,
        }) && tokens
            .iter()
            .any(|t| matches!(t, Token::If { .. } | Token::Else | Token::End));
        for token in tokens {
            match token {
                Token::Text(text) => {
                    if keeping(&stack) && !directives_only {
                        out.push_str(text);
                    }
                }
                Token::Value(name) => {
                    if keeping(&stack) {
                        let value = context.values.get(name).ok_or_else(|| TemplateError {
                            line: number,
                            message: format!("no value `{name}`"),
                        })?;
                        out.push_str(value);
                    }
                }
                Token::If { flag, negated } => {
                    let on = context.is(flag).ok_or_else(|| TemplateError {
                        line: number,
                        message: format!("no flag `{flag}`"),
                    })?;
                    stack.push((number, on != negated, false));
                }
                Token::Else => match stack.last_mut() {
                    Some((_, _, in_else @ false)) => *in_else = true,
                    _ => {
                        return Err(TemplateError {
                            line: number,
                            message: "`@@else@@` without `@@if …@@`".into(),
                        });
                    }
                },
                Token::End => {
                    if stack.pop().is_none() {
                        return Err(TemplateError {
                            line: number,
                            message: "`@@end@@` without `@@if …@@`".into(),
                        });
                    }
                }
            }
        }
    }
    if let Some(&(line, _, _)) = stack.last() {
        return Err(TemplateError {
            line,
            message: "`@@if …@@` is never closed with `@@end@@`".into(),
        });
    }
    Ok(out)
}

fn tokenize(line: &str, number: usize) -> Result<Vec<Token<'_>>, TemplateError> {
    let mut tokens = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("@@") {
        if start > 0 {
            tokens.push(Token::Text(&rest[..start]));
        }
        let after = &rest[start + 2..];
        let end = after.find("@@").ok_or_else(|| TemplateError {
            line: number,
            message: "`@@` is not closed on its line".into(),
        })?;
        let directive = after[..end].trim();
        tokens.push(match directive.split_once(' ') {
            Some(("if", flag)) => match flag.trim().strip_prefix('!') {
                Some(flag) => Token::If {
                    flag: flag.trim(),
                    negated: true,
                },
                None => Token::If {
                    flag: flag.trim(),
                    negated: false,
                },
            },
            None if directive == "else" => Token::Else,
            None if directive == "end" => Token::End,
            None if !directive.is_empty()
                && directive
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                Token::Value(directive)
            }
            _ => {
                return Err(TemplateError {
                    line: number,
                    message: format!("unknown directive `@@{directive}@@`"),
                });
            }
        });
        rest = &after[end + 2..];
    }
    if !rest.is_empty() {
        tokens.push(Token::Text(rest));
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        let mut c = Context::default();
        c.value("name", "shop").flag("ts", true).flag("ssr", false);
        c
    }

    #[test]
    fn values_are_replaced_and_other_text_is_kept_byte_for_byte() {
        let source = "name = \"@@name@@\"\n<p>{{ vue }} {svelte} #[attr]</p>\n";
        assert_eq!(
            render(source, &context()).unwrap(),
            "name = \"shop\"\n<p>{{ vue }} {svelte} #[attr]</p>\n"
        );
    }

    #[test]
    fn a_branch_is_kept_by_its_flag_and_directive_lines_disappear() {
        let source = "a\n@@if ts@@\nts\n@@else@@\njs\n@@end@@\n@@if ssr@@\nssr\n@@end@@\nb";
        assert_eq!(render(source, &context()).unwrap(), "a\nts\nb");
        let source = "@@if !ssr@@\nno ssr\n@@end@@\n";
        assert_eq!(render(source, &context()).unwrap(), "no ssr\n");
    }

    #[test]
    fn inline_branches_keep_the_rest_of_the_line() {
        let source = "let x@@if ts@@: number@@end@@ = 1@@if ssr@@ // ssr@@end@@\n";
        assert_eq!(render(source, &context()).unwrap(), "let x: number = 1\n");
    }

    #[test]
    fn branches_nest() {
        let source = "@@if ts@@\n@@if ssr@@\nboth\n@@else@@\nts only\n@@end@@\n@@end@@\n";
        assert_eq!(render(source, &context()).unwrap(), "ts only\n");
        let source = "@@if ssr@@\n@@if ts@@\nboth\n@@end@@\n@@else@@\nnone\n@@end@@\n";
        assert_eq!(render(source, &context()).unwrap(), "none\n");
    }

    #[test]
    fn mistakes_say_where() {
        let err = |s: &str| render(s, &context()).unwrap_err();
        assert_eq!(err("\n@@if ts@@\n").line, 2);
        assert!(err("@@if ts@@\n").message.contains("never closed"));
        assert!(err("@@end@@").message.contains("without"));
        assert!(err("@@else@@").message.contains("without"));
        assert!(
            err("@@if ts@@\n@@else@@\n@@else@@\n@@end@@")
                .message
                .contains("without")
        );
        assert!(err("@@nope@@").message.contains("no value `nope`"));
        assert!(
            err("@@if nope@@\n@@end@@")
                .message
                .contains("no flag `nope`")
        );
        assert!(err("a @@name").message.contains("not closed"));
        assert!(
            err("@@what is this@@")
                .message
                .contains("unknown directive")
        );
    }
}
