//! Sending mail: a trait with one method, so the app does not care how. [`LogMailer`] writes
//! each message to the log (development, and until mail is set up); for production, implement
//! [`Mailer`] with your provider's API or SMTP (the `lettre` crate) and give it to
//! `AppState` in main.rs.

use std::future::Future;
use std::pin::Pin;

/// One message.
#[derive(Clone, Debug)]
pub(crate) struct Mail {
    pub(crate) to: String,
    pub(crate) subject: String,
    pub(crate) body: String,
}

/// What the mailer's future gives back.
pub(crate) type Sent<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// Sends mail.
pub(crate) trait Mailer: Send + Sync + 'static {
    /// Sends `mail`; an error says why it was not sent.
    fn send(&self, mail: Mail) -> Sent<'_>;
}

/// Writes each message to the log at `info` (the password reset link is in it).
pub(crate) struct LogMailer;

impl Mailer for LogMailer {
    fn send(&self, mail: Mail) -> Sent<'_> {
        tracing::info!(to = %mail.to, subject = %mail.subject, "mail (LogMailer):\n{}", mail.body);
        Box::pin(async { Ok(()) })
    }
}

/// Keeps the messages, for tests to read.
#[cfg(test)]
#[derive(Default)]
pub(crate) struct MemoryMailer(pub(crate) std::sync::Mutex<Vec<Mail>>);

#[cfg(test)]
impl Mailer for MemoryMailer {
    fn send(&self, mail: Mail) -> Sent<'_> {
        self.0.lock().unwrap().push(mail);
        Box::pin(async { Ok(()) })
    }
}
