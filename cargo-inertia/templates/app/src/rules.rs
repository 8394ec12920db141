//! The checks forms share (Laravel's `required`, `email`, `max:255`, `min:8`, `confirmed`),
//! with the messages the pages show under their fields.

use inertia_runtime::ValidationErrors;

/// The longest name or email address kept (Laravel's `max:255`): without a limit, a few
/// megabyte-long entries would make every page that lists them heavy.
pub(crate) const MAX_FIELD: usize = 255;

/// The shortest password taken.
pub(crate) const MIN_PASSWORD: usize = 8;

/// A name: present, at most [`MAX_FIELD`] characters.
pub(crate) fn name(errors: &mut ValidationErrors, name: &str) {
    let name = name.trim();
    if name.is_empty() {
        errors.push("name", "The name is required.");
    } else if name.chars().count() > MAX_FIELD {
        errors.push("name", "The name must not be longer than 255 characters.");
    }
}

/// An email address: `user@domain.tld`, at most [`MAX_FIELD`] characters.
pub(crate) fn email(errors: &mut ValidationErrors, email: &str) {
    let email = email.trim();
    let looks_like_an_address = email
        .split_once('@')
        .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'));
    if email.chars().count() > MAX_FIELD {
        errors.push("email", "The email must not be longer than 255 characters.");
    } else if !looks_like_an_address {
        errors.push("email", "The email must be an address like ada@example.com.");
    }
}

/// A new password: at least [`MIN_PASSWORD`] characters, typed twice alike.
pub(crate) fn new_password(errors: &mut ValidationErrors, password: &str, confirmation: &str) {
    if password.chars().count() < MIN_PASSWORD {
        errors.push("password", "The password must be at least 8 characters.");
    } else if password != confirmation {
        errors.push("password", "The password confirmation does not match.");
    }
}

/// A field that must not be empty (a password to confirm with).
pub(crate) fn required(errors: &mut ValidationErrors, field: &str, value: &str, label: &str) {
    if value.is_empty() {
        errors.push(field, format!("The {label} is required."));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(check: impl FnOnce(&mut ValidationErrors)) -> Vec<String> {
        let mut errors = ValidationErrors::new();
        check(&mut errors);
        errors.fields().values().flatten().cloned().collect()
    }

    #[test]
    fn messages() {
        assert_eq!(errors(|e| name(e, "  ")), ["The name is required."]);
        assert!(errors(|e| name(e, "Ada")).is_empty());
        assert_eq!(errors(|e| email(e, "ada@")), ["The email must be an address like ada@example.com."]);
        assert!(errors(|e| email(e, " ada@example.com ")).is_empty());
        assert_eq!(errors(|e| new_password(e, "short", "short")), ["The password must be at least 8 characters."]);
        assert_eq!(errors(|e| new_password(e, "long enough", "long enouhg")), ["The password confirmation does not match."]);
        assert!(errors(|e| new_password(e, "long enough", "long enough")).is_empty());
        // Characters, not bytes: eight accented letters are eight.
        assert!(errors(|e| new_password(e, "éééééééé", "éééééééé")).is_empty());
    }
}
