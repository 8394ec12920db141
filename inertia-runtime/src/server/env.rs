//! [`Server::from_env`](super::Server::from_env): the address and the limits from the
//! environment.

use std::ffi::OsString;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use super::Server;
use crate::error::ConfigError;

/// `server` with what the environment (read through `var`) sets.
pub(super) fn read(
    mut server: Server,
    var: &dyn Fn(&str) -> Option<OsString>,
) -> Result<Server, ConfigError> {
    let text = |name: &str| -> Result<Option<String>, ConfigError> {
        match var(name) {
            None => Ok(None),
            Some(value) if value.is_empty() => Ok(None),
            Some(value) => value
                .into_string()
                .map(Some)
                .map_err(|_| ConfigError::new(format!("{name} is not valid UTF-8"))),
        }
    };
    let host = match text("HOST")? {
        Some(host) => parse_host(&host)?,
        None => IpAddr::V4(Ipv4Addr::LOCALHOST),
    };
    let port = match text("PORT")? {
        Some(port) => port.trim().parse::<u16>().map_err(|_| {
            ConfigError::new(format!(
                "PORT must be a port number (0 to 65535; 0 picks a free one), not {port:?}"
            ))
        })?,
        None => 3000,
    };
    server.addr = SocketAddr::new(host, port);
    let limits = &mut server.limits;
    for (name, field) in [
        (
            "INERTIA_HEADER_READ_TIMEOUT",
            &mut limits.header_read_timeout,
        ),
        ("INERTIA_BODY_IDLE_TIMEOUT", &mut limits.body_idle_timeout),
        ("INERTIA_BODY_TIMEOUT", &mut limits.body_timeout),
        ("INERTIA_IDLE_TIMEOUT", &mut limits.idle_timeout),
        ("INERTIA_SEND_TIMEOUT", &mut limits.send_timeout),
        (
            "INERTIA_KEEP_ALIVE_INTERVAL",
            &mut limits.keep_alive_interval,
        ),
        ("INERTIA_KEEP_ALIVE_TIMEOUT", &mut limits.keep_alive_timeout),
        ("INERTIA_MAX_CONNECTION_AGE", &mut limits.max_connection_age),
        ("INERTIA_DRAIN_TIMEOUT", &mut limits.drain_timeout),
    ] {
        if let Some(value) = text(name)? {
            *field = parse_duration(&value).ok_or_else(|| {
                ConfigError::new(format!(
                    "{name} must be a duration with its unit, like 500ms, 10s, 2m or 1h, not {value:?}"
                ))
            })?;
        }
    }
    if let Some(value) = text("INERTIA_MAX_CONNECTIONS")? {
        limits.max_connections = value
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| {
                ConfigError::new(format!(
                    "INERTIA_MAX_CONNECTIONS must be a number above 0, not {value:?}"
                ))
            })?;
    }
    Ok(server)
}

/// An IP address, or `localhost`.
fn parse_host(host: &str) -> Result<IpAddr, ConfigError> {
    let host = host.trim();
    if host.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    // `[::]` as people write it in URLs.
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    bare.parse().map_err(|_| {
        ConfigError::new(format!(
            "HOST must be an IP address of this machine (127.0.0.1 for this machine only, 0.0.0.0 or :: for every interface, as in a container), not {host:?}"
        ))
    })
}

/// `500ms`, `10s`, `2m`, `1h` (whole numbers).
fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let millis = match unit.trim() {
        "ms" => number,
        "s" => number.checked_mul(1_000)?,
        "m" | "min" => number.checked_mul(60_000)?,
        "h" => number.checked_mul(3_600_000)?,
        _ => return None,
    };
    Some(Duration::from_millis(millis))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<Server, ConfigError> {
        let vars: Vec<(String, OsString)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(*v)))
            .collect();
        read(Server::default(), &|name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn defaults_without_variables() {
        let server = from(&[]).unwrap();
        assert_eq!(server.addr, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(server.limits.header_read_timeout, Duration::from_secs(10));
        assert_eq!(server.limits.max_connections, 4096);
    }

    #[test]
    fn address_and_limits_from_variables() {
        let server = from(&[
            ("HOST", "0.0.0.0"),
            ("PORT", "8080"),
            ("INERTIA_HEADER_READ_TIMEOUT", "500ms"),
            ("INERTIA_BODY_TIMEOUT", "2m"),
            ("INERTIA_MAX_CONNECTION_AGE", "1h"),
            ("INERTIA_MAX_CONNECTIONS", "100"),
            ("INERTIA_DRAIN_TIMEOUT", "3s"),
        ])
        .unwrap();
        assert_eq!(server.addr, "0.0.0.0:8080".parse().unwrap());
        assert_eq!(
            server.limits.header_read_timeout,
            Duration::from_millis(500)
        );
        assert_eq!(server.limits.body_timeout, Duration::from_secs(120));
        assert_eq!(server.limits.max_connection_age, Duration::from_secs(3600));
        assert_eq!(server.limits.max_connections, 100);
        assert_eq!(server.limits.drain_timeout, Duration::from_secs(3));
        assert_eq!(
            from(&[("HOST", "[::]")]).unwrap().addr.ip().to_string(),
            "::"
        );
        assert_eq!(
            from(&[("HOST", "localhost")])
                .unwrap()
                .addr
                .ip()
                .to_string(),
            "127.0.0.1"
        );
        assert_eq!(from(&[("PORT", "")]).unwrap().addr.port(), 3000);
    }

    #[test]
    fn bad_values_name_the_variable_and_the_form() {
        for (name, value, says) in [
            ("PORT", "http", "PORT must be a port number"),
            ("PORT", "70000", "PORT must be a port number"),
            ("HOST", "example.com", "HOST must be an IP address"),
            ("INERTIA_BODY_TIMEOUT", "30", "like 500ms, 10s"),
            (
                "INERTIA_IDLE_TIMEOUT",
                "ten seconds",
                "INERTIA_IDLE_TIMEOUT must be a duration",
            ),
            ("INERTIA_DRAIN_TIMEOUT", "5d", "INERTIA_DRAIN_TIMEOUT"),
            ("INERTIA_MAX_CONNECTIONS", "0", "above 0"),
        ] {
            let error = from(&[(name, value)]).unwrap_err().to_string();
            assert!(error.contains(says), "{name}={value}: {error}");
            assert!(error.contains(&format!("{value:?}")), "{error}");
        }
    }
}
