//! Which reverse proxies the layer believes: `X-Forwarded-Prefix`, `-Host`, `-Port` and
//! `-Proto` are written by a proxy in front of the app, and anyone can send them to an app
//! that is reachable without one. They are honoured only from a proxy the app names (by its
//! address, as Rails' `trusted_proxies`), or from any peer when the app says every request
//! comes through its proxy.

use std::fmt;
use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use http::Extensions;

use crate::error::ConfigError;

/// Whose forwarded headers to believe.
#[derive(Clone, Debug, Default)]
pub(crate) enum TrustedProxies {
    /// Nobody's: forwarded headers are ignored (the default).
    #[default]
    None,
    /// Every peer's: the app is reachable only through its proxy.
    All,
    /// Peers whose address (axum's `ConnectInfo<SocketAddr>`) is in one of these ranges.
    Ranges(Vec<IpRange>),
}

impl TrustedProxies {
    /// Whether the request in `extensions` came from a trusted proxy.
    pub(crate) fn trusts(&self, extensions: &Extensions) -> bool {
        match self {
            TrustedProxies::None => false,
            TrustedProxies::All => true,
            TrustedProxies::Ranges(ranges) => match extensions.get::<ConnectInfo<SocketAddr>>() {
                Some(ConnectInfo(peer)) => {
                    let ip = canonical(peer.ip());
                    ranges.iter().any(|range| range.contains(ip))
                }
                None => {
                    warn_no_peer_address();
                    false
                }
            },
        }
    }
}

#[cold]
fn warn_no_peer_address() {
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| {
        tracing::warn!(
            "InertiaConfig::trusted_proxies is set, but requests carry no peer address, so no proxy can be trusted and forwarded headers are ignored; serve with `into_make_service_with_connect_info::<SocketAddr>()` (or insert `ConnectInfo<SocketAddr>` yourself), or use `trust_all_proxies()` if every request comes through the proxy"
        );
    });
}

/// An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, what a dual-stack socket reports) as the
/// IPv4 address it is.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// An address range: `10.0.0.0/8`, `::1/128`, or one address.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl fmt::Debug for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

impl IpRange {
    /// Parses `addr` or `addr/prefix`.
    pub(crate) fn parse(text: &str) -> Result<Self, ConfigError> {
        let bad = || {
            ConfigError::new(format!(
                "trusted proxy {text:?} is not an IP address or a range like `10.0.0.0/8` or `::1/128`"
            ))
        };
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text.trim(), None),
        };
        let network = canonical(addr.parse::<IpAddr>().map_err(|_| bad())?);
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(IpRange { network, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(peer: &str) -> Extensions {
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        extensions
    }

    #[test]
    fn ranges_match_addresses() {
        let ranges = TrustedProxies::Ranges(
            ["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"]
                .iter()
                .map(|r| IpRange::parse(r).unwrap())
                .collect(),
        );
        for trusted in [
            "127.0.0.1:1",
            "10.200.3.4:80",
            "[::1]:5",
            "[fd12::9]:1",
            "[::ffff:127.0.0.1]:1",
        ] {
            assert!(ranges.trusts(&from(trusted)), "{trusted}");
        }
        for untrusted in ["127.0.0.2:1", "11.0.0.1:1", "[::2]:1", "[fe80::1]:1"] {
            assert!(!ranges.trusts(&from(untrusted)), "{untrusted}");
        }
        assert!(
            !ranges.trusts(&Extensions::new()),
            "no peer address: nobody"
        );
        assert!(TrustedProxies::All.trusts(&Extensions::new()));
        assert!(!TrustedProxies::None.trusts(&from("127.0.0.1:1")));
        assert!(
            IpRange::parse("0.0.0.0/0")
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
    }

    #[test]
    fn bad_ranges_are_config_errors() {
        for bad in [
            "",
            "localhost",
            "10.0.0.0/33",
            "::1/129",
            "1.2.3.4/x",
            "1.2.3",
        ] {
            assert!(IpRange::parse(bad).is_err(), "{bad}");
        }
    }
}
