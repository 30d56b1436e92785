//! Validated value types: every user value that reaches a config file passes through one of these.
//!
//! Each type accepts only a narrow, documented alphabet, so a value that survives validation can be
//! placed in nginx, YAML, HCL or a shell line without escaping. The error text says what is allowed;
//! the caller adds the field path.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// Shows a rejected value safely inside backticks: control characters and backticks are escaped
/// so that a hostile value cannot break the message or the terminal.
pub fn shown(value: &str) -> String {
    value.escape_debug().to_string().replace('`', "\\`")
}

fn reject(value: &str, what: &str, allowed: &str) -> String {
    format!("`{}` is not a valid {what} ({allowed})", shown(value))
}

/// Reads a scalar as text, so that `8080`, `"8080"` and `--set port=8080` all arrive the same way.
struct ScalarText;

impl Visitor<'_> for ScalarText {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a whole number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Err(E::custom(format!("`{v}` was read as a number; quote it (\"{v}\") so that digits are not lost")))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Err(E::custom(format!("`{v}` is a boolean; a text value is expected here")))
    }
}

/// Declares a string newtype: `$ok` decides validity, `$what` and `$allowed` make the error text
/// and the JSON Schema description, so an editor shows the same rule the error states.
macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $allowed:literal, $ok:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            pub fn parse(value: &str) -> Result<Self, String> {
                let ok: fn(&str) -> bool = $ok;
                if ok(value) { Ok(Self(value.to_owned())) } else { Err(reject(value, $what, $allowed)) }
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = d.deserialize_any(ScalarText)?;
                Self::parse(&text).map_err(de::Error::custom)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "description": concat!("A ", $what, ": ", $allowed) })
            }
        }
    };
}

fn is_ident(v: &str) -> bool {
    let mut chars = v.chars();
    matches!(chars.next(), Some('a'..='z'))
        && v.len() <= 63
        && !v.ends_with('-')
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-'))
}

text_type!(
    /// A name that becomes a compose service, a network, a file name or a Terraform identifier.
    Ident,
    "name",
    "lower-case letters, digits and `-`, starting with a letter, at most 63 characters",
    is_ident
);

fn is_domain(v: &str) -> bool {
    let labels: Vec<&str> = v.split('.').collect();
    v.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-'))
        })
        && labels.last().is_some_and(|tld| tld.chars().any(|c| c.is_ascii_lowercase()))
}

text_type!(
    /// A fully qualified host name, lower case, no trailing dot, no wildcard.
    Domain,
    "domain name",
    "lower-case labels of letters, digits and `-`, separated by dots, such as `app.example.com`",
    is_domain
);

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Today (UTC), in days since 1970-01-01.
pub fn today() -> i64 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    i64::try_from(secs / 86_400).unwrap_or(i64::MAX)
}

/// Year, month and day of `YYYY-MM-DD`, when it is a real calendar day.
fn civil(v: &str) -> Option<(i64, u32, u32)> {
    let b = v.as_bytes();
    if v.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| v.get(r)?.parse::<u32>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (year >= 1970 && (1..=12).contains(&month) && (1..=days_in[month as usize - 1]).contains(&day)).then_some((
        i64::from(year),
        month,
        day,
    ))
}

text_type!(
    /// A calendar day.
    Date,
    "date",
    "`YYYY-MM-DD`, a real calendar day, such as `2026-11-30`",
    |v| v.bytes().enumerate().all(|(i, c)| if i == 4 || i == 7 { c == b'-' } else { c.is_ascii_digit() })
        && civil(v).is_some()
);

impl Date {
    /// Days since 1970-01-01.
    pub fn days(&self) -> i64 {
        let (y, m, d) = civil(self.as_str()).expect("validated");
        days_from_civil(y, m, d)
    }
}

text_type!(
    /// An email address for ACME registration and alert mail.
    Email,
    "email address",
    "`name@example.com`: letters, digits and `._%+-` before `@`, a domain name after it",
    |v| v.split_once('@').is_some_and(|(local, host)| {
        !local.is_empty()
            && local.len() <= 64
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
            && is_domain(host)
    })
);

text_type!(
    /// An absolute URL path prefix such as `/api/auth`.
    UrlPath,
    "URL path",
    "starts with `/`; letters, digits and `/-_.~`; no `..` or `//`",
    |v| v.starts_with('/')
        && v.len() <= 200
        && !v.contains("//")
        && v.split('/').all(|seg| seg != ".." && seg != ".")
        && v.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.~".contains(c))
);

text_type!(
    /// A dotted version such as `1.26` or `3.5.0` (quote it in YAML).
    Version,
    "version",
    "one to three dot-separated numbers, such as `1.26`",
    |v| {
        let parts: Vec<&str> = v.split('.').collect();
        (1..=3).contains(&parts.len())
            && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
    }
);

impl Version {
    /// Numeric parts, padded to three, for comparisons such as `nginx >= 1.25.1`.
    pub fn parts(&self) -> [u32; 3] {
        let mut out = [0; 3];
        for (slot, part) in out.iter_mut().zip(self.0.split('.')) {
            *slot = part.parse().unwrap_or(0);
        }
        out
    }
}

/// Characters a command may not hold: control characters (a newline would end the YAML or
/// Dockerfile line it is placed on), backticks, and template or CI expression braces that GitHub
/// Actions, GitLab or Tera would evaluate instead of the shell.
fn is_command(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 300
        && v.trim() == v
        && !v.chars().any(|c| c.is_control() || c == '`' || !c.is_ascii())
        && !["{{", "}}", "{%", "%}", "${{"].iter().any(|b| v.contains(b))
}

text_type!(
    /// A shell command run from the repository root (`pnpm run build`), or `none` for no step.
    Command,
    "command",
    "one line of printable ASCII, at most 300 characters, without backticks or `{{`; `none` for no step",
    is_command
);

impl Command {
    /// `none` turns a step off.
    pub fn is_none(&self) -> bool {
        self.0 == "none"
    }
}

text_type!(
    /// A directory or file inside the repository, relative to its root: `.`, `apps/web`,
    /// `prisma/schema.prisma`.
    RelPath,
    "relative path",
    "`.` or `/`-separated names of letters, digits and `._@+-`, inside the repository (no `..`, no leading `/`)",
    |v| v == "."
        || (v.len() <= 200
            && v.trim_start_matches("./").split('/').all(|seg| {
                !seg.is_empty()
                    && seg != "."
                    && seg != ".."
                    && seg.chars().all(|c| c.is_ascii_alphanumeric() || "._@+-".contains(c))
            }))
);

impl RelPath {
    pub fn is_root(&self) -> bool {
        self.clean() == "."
    }

    /// Without a leading `./`, and `.` for the root.
    pub fn clean(&self) -> &str {
        match self.0.trim_start_matches("./") {
            "" => ".",
            rest => rest,
        }
    }
}

text_type!(
    /// Files inside the repository by path or glob: `Dockerfile`, `.github/workflows/*.yml`,
    /// `docs/**` (`*` within a name, `**` for any folders).
    PathGlob,
    "path or glob",
    "`/`-separated names of letters, digits, `._@+-` and `*` (`**` for any folders), inside the repository",
    |v| v.len() <= 200
        && !v.starts_with('/')
        && v.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg.chars().all(|c| c.is_ascii_alphanumeric() || "._@+-*".contains(c))
        })
);

impl PathGlob {
    /// Whether the relative `path` matches: `**` spans any number of folders, `*` any characters
    /// within one name.
    pub fn matches(&self, path: &str) -> bool {
        fn name(glob: &str, text: &str) -> bool {
            match glob.split_once('*') {
                None => glob == text,
                Some((head, rest)) => {
                    text.starts_with(head)
                        && (head.len()..=text.len()).any(|i| text.is_char_boundary(i) && name(rest, &text[i..]))
                }
            }
        }
        fn segs(glob: &[&str], path: &[&str]) -> bool {
            match (glob.first(), path.first()) {
                (None, None) => true,
                (Some(&"**"), _) => segs(&glob[1..], path) || (!path.is_empty() && segs(glob, &path[1..])),
                (Some(g), Some(p)) => name(g, p) && segs(&glob[1..], &path[1..]),
                _ => false,
            }
        }
        let glob: Vec<&str> = self.0.split('/').collect();
        let path: Vec<&str> = path.split('/').collect();
        segs(&glob, &path)
    }
}

fn is_network(v: &str) -> bool {
    let (addr, bits) = v.split_once('/').map_or((v, None), |(a, b)| (a, Some(b)));
    let Ok(addr) = addr.parse::<std::net::IpAddr>() else { return false };
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let Some(bits) = bits else { return true };
    let Some(bits) = bits.parse::<u32>().ok().filter(|b| *b <= max && !bits.starts_with('+')) else { return false };
    // The host part is zero: `10.1.2.3/8` is a typo for a host or for `10.0.0.0/8`.
    let value = match addr {
        std::net::IpAddr::V4(a) => u128::from(u32::from(a)),
        std::net::IpAddr::V6(a) => u128::from(a),
    };
    bits == max || value & ((1u128 << (max - bits)) - 1) == 0
}

text_type!(
    /// An IPv4 or IPv6 address, or a network in CIDR form.
    Network,
    "address or network",
    "an IPv4 or IPv6 address, or a network with its host bits zero, such as `203.0.113.0/24` or `2001:db8::/32`",
    is_network
);

text_type!(
    /// An `https://` URL of a service outside the project, such as an identity provider's endpoint.
    HttpsUrl,
    "https URL",
    "`https://`, a host name, and an optional port and path of letters, digits and `/-_.~:%` (no `..`), at most 300 characters",
    |v| v.len() <= 300
        && v.strip_prefix("https://").is_some_and(|rest| {
            let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
            let host = host.rsplit_once(':').filter(|(_, port)| port.parse::<u16>().is_ok()).map_or(host, |(h, _)| h);
            is_domain(host)
                && path.split('/').all(|seg| seg != ".." && seg != ".")
                && path.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.~:%".contains(c))
        })
);

text_type!(
    /// An OAuth client id as an identity provider issues it.
    ClientId,
    "client id",
    "letters, digits and `._:@-`, at most 200 characters",
    |v| !v.is_empty() && v.len() <= 200 && v.chars().all(|c| c.is_ascii_alphanumeric() || "._:@-".contains(c))
);

text_type!(
    /// One line of free text, such as why a file is excluded.
    Note,
    "note",
    "one line of printable text, at most 200 characters",
    |v| v.len() <= 200 && !v.chars().any(char::is_control)
);

text_type!(
    /// An image tag such as `17-alpine` or `1.27.3`.
    ImageTag,
    "image tag",
    "letters, digits and `._-`, never `latest`",
    |v| !v.is_empty()
        && v.len() <= 64
        && v != "latest"
        && v.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && v.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
);

text_type!(
    /// The tag of a versioned server image, such as `17.6-alpine`: a version number first, since
    /// the templates read the major version from it.
    VersionTag,
    "version tag",
    "a version number, optionally followed by `-` and a variant, such as `17.6-alpine`",
    |v| v.len() <= 64
        && !v.ends_with(['-', '.'])
        && v.chars().next().is_some_and(|c| c.is_ascii_digit())
        && v.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        && v.split('-').next().is_some_and(|n| n.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())))
);

text_type!(
    /// Where app images are pushed and pulled: `ghcr.io/acme` or `123456789012.dkr.ecr.eu-west-1.amazonaws.com`.
    ImageRepo,
    "image repository",
    "lower-case letters, digits and `./-_:`, such as `ghcr.io/acme`",
    |v| !v.is_empty()
        && v.len() <= 200
        && !v.ends_with('/')
        && !v.contains("//")
        && !v.contains("..")
        && v.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && v.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "./-_:".contains(c))
);

/// Splits `15d`, `1h30m` into (number, unit) pairs; `None` when the text is not of that shape.
fn unit_pairs(v: &str) -> Option<Vec<(u64, &str)>> {
    let mut out = Vec::new();
    let mut rest = v;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let num: u64 = rest[..digits].parse().ok()?;
        let after = &rest[digits..];
        let unit_len = after.find(|c: char| c.is_ascii_digit()).unwrap_or(after.len());
        if unit_len == 0 {
            return None;
        }
        out.push((num, &after[..unit_len]));
        rest = &after[unit_len..];
    }
    (!out.is_empty()).then_some(out)
}

/// Prometheus' grammar: units from the largest down, each at most once (`1h30m`, never `30m1h`
/// or `1m1m`).
fn duration_seconds(v: &str) -> Option<u64> {
    const UNITS: [(&str, u64); 6] =
        [("y", 31_536_000), ("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)];
    let mut next = 0;
    unit_pairs(v)?.into_iter().try_fold(0u64, |acc, (n, unit)| {
        let at = next + UNITS[next..].iter().position(|(u, _)| *u == unit)?;
        next = at + 1;
        acc.checked_add(n.checked_mul(UNITS[at].1)?)
    })
}

text_type!(
    /// A duration in Prometheus notation: `90s`, `15d`, `1h30m` (units s, m, h, d, w, y).
    Duration,
    "duration",
    "a number and a unit (s, m, h, d, w, y), such as `90s` or `15d`; several go from the largest unit down, each once (`1h30m`)",
    |v| duration_seconds(v).is_some_and(|s| s > 0)
);

impl Duration {
    pub fn seconds(&self) -> u64 {
        duration_seconds(&self.0).unwrap_or(0)
    }
}

fn size_bytes(v: &str) -> Option<u64> {
    let pairs = unit_pairs(v)?;
    let [(n, unit)] = pairs.as_slice() else { return None };
    let mult: u64 = match *unit {
        "B" => 1,
        "KB" => 1 << 10,
        "MB" => 1 << 20,
        "GB" => 1 << 30,
        "TB" => 1 << 40,
        _ => return None,
    };
    n.checked_mul(mult)
}

text_type!(
    /// A size such as `16MB` or `20GB` (units B, KB, MB, GB, TB; powers of 1024, as Prometheus reads them).
    Size,
    "size",
    "a number and a unit (B, KB, MB, GB, TB), such as `16MB`",
    |v| size_bytes(v).is_some_and(|b| b > 0)
);

impl Size {
    pub fn bytes(&self) -> u64 {
        size_bytes(&self.0).unwrap_or(0)
    }
}

/// A TCP port, 1–65535.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Port(pub u16);

impl Serialize for Port {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u16(self.0)
    }
}

impl schemars::JsonSchema for Port {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Port".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer", "minimum": 1, "maximum": 65535, "description": "A TCP port" })
    }
}

impl<'de> Deserialize<'de> for Port {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = d.deserialize_any(ScalarText)?;
        match text.parse::<u16>() {
            Ok(p) if p > 0 => Ok(Port(p)),
            _ => Err(de::Error::custom(reject(&text, "port", "a whole number from 1 to 65535"))),
        }
    }
}

#[cfg(test)]
mod glob_tests {
    use super::PathGlob;

    #[test]
    fn globs_match_names_and_folders() {
        let g = |p: &str| PathGlob::parse(p).unwrap();
        assert!(g("Dockerfile").matches("Dockerfile"));
        assert!(!g("Dockerfile").matches("docker/Dockerfile"));
        assert!(g(".github/workflows/*.yml").matches(".github/workflows/ci.yml"));
        assert!(!g(".github/workflows/*.yml").matches(".github/workflows/sub/ci.yml"));
        assert!(g("docs/**").matches("docs/runbooks/deploy.md"));
        assert!(g("**/*.md").matches("README.md") && g("**/*.md").matches("docs/a/b.md"));
        assert!(PathGlob::parse("../x").is_err() && PathGlob::parse("/etc/x").is_err());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_are_rejected_everywhere() {
        for bad in ["a;b", "a\nb", "a\"b", "a'b", "../etc", "a b", "a`b", "a$b", "", "a{b"] {
            assert!(Ident::parse(bad).is_err(), "ident accepted {bad:?}");
            assert!(Domain::parse(bad).is_err(), "domain accepted {bad:?}");
            assert!(Email::parse(bad).is_err(), "email accepted {bad:?}");
            assert!(UrlPath::parse(bad).is_err(), "path accepted {bad:?}");
            assert!(Duration::parse(bad).is_err(), "duration accepted {bad:?}");
            assert!(Size::parse(bad).is_err(), "size accepted {bad:?}");
            assert!(ImageTag::parse(bad).is_err(), "tag accepted {bad:?}");
            assert!(Network::parse(bad).is_err(), "network accepted {bad:?}");
            if !bad.is_empty() {
                assert!(HttpsUrl::parse(&format!("https://id.example.com/{bad}")).is_err(), "url accepted {bad:?}");
            }
            assert!(ClientId::parse(bad).is_err(), "client id accepted {bad:?}");
        }
        assert!(UrlPath::parse("/api/../admin").is_err());
        assert!(UrlPath::parse("/api;return 200").is_err());
    }

    #[test]
    fn networks_are_addresses_or_prefixes_without_host_bits() {
        for good in ["203.0.113.7", "203.0.113.0/24", "0.0.0.0/0", "10.0.0.0/8", "2001:db8::/32", "::1", "192.0.2.1/32"]
        {
            assert!(Network::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "10.1.2.3/8",
            "203.0.113.0/33",
            "2001:db8::1/32",
            "::/129",
            "1.2.3/24",
            "10.0.0.0/+8",
            "10.0.0.0/",
            "a.b.c.d",
        ] {
            assert!(Network::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn https_urls_name_a_host_and_a_plain_path() {
        for good in
            ["https://id.example.com", "https://id.example.com:8443/oauth2/token", "https://a.example.com/v1/userinfo"]
        {
            assert!(HttpsUrl::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "http://id.example.com/a",
            "https://localhost/a",
            "https://id.example.com/a?b=c",
            "https://id.example.com:99999/",
            "https://",
        ] {
            assert!(HttpsUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_are_real_calendar_days_counted_from_the_epoch() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert_eq!(Date::parse("2000-03-01").unwrap().days(), 11_017);
        assert_eq!(Date::parse("2024-02-29").unwrap().days() - Date::parse("2024-02-28").unwrap().days(), 1);
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "+026-01-01",
            "1969-12-31",
        ] {
            assert!(Date::parse(bad).is_err(), "date accepted {bad:?}");
        }
    }

    #[test]
    fn good_values_pass_and_convert() {
        assert!(Ident::parse("web-1").is_ok());
        assert!(Domain::parse("api.example.com").is_ok());
        assert!(Domain::parse("API.example.com").is_err());
        assert!(Domain::parse("localhost").is_err());
        assert!(Email::parse("ops+alerts@example.com").is_ok());
        assert_eq!(Duration::parse("1h30m").unwrap().seconds(), 5400);
        assert_eq!(Duration::parse("15d").unwrap().seconds(), 1_296_000);
        assert!(Duration::parse("15x").is_err());
        assert_eq!(Size::parse("16MB").unwrap().bytes(), 16 << 20);
        assert!(Size::parse("16mb").is_err());
        assert_eq!(Version::parse("1.25.1").unwrap().parts(), [1, 25, 1]);
        assert_eq!(Version::parse("3.5").unwrap().parts(), [3, 5, 0]);
        assert!(ImageTag::parse("latest").is_err());
        for bad in ["alpine", "17..1", "-17", "17.6-", "latest"] {
            assert!(VersionTag::parse(bad).is_err(), "version tag accepted {bad:?}");
        }
        assert!(VersionTag::parse("17.6-alpine").is_ok() && VersionTag::parse("7").is_ok());
        for bad in ["30s1m", "1m1m", "1h2y", "5ms", "m"] {
            assert!(Duration::parse(bad).is_err(), "duration accepted {bad:?}");
        }
        assert_eq!(Duration::parse("1h30m").unwrap().seconds(), 5400);
    }

    #[test]
    fn shown_escapes_control_characters() {
        assert_eq!(shown("a\nb`c"), "a\\nb\\`c");
    }
}
