//! The time of day (UTC) that pages show, to see when a prop was computed (the dashboard's
//! "Rendered at", the list's "Listed at" that the Refresh button reloads alone).

/// The time of day, to see when a prop was computed.
pub(crate) fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("{:02}:{:02}:{:02}", secs / 3600 % 24, secs / 60 % 60, secs % 60)
}
