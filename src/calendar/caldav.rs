//! The few CalDAV (RFC 4791) requests `calendar push` needs, over plain HTTP for a server on
//! this machine and HTTPS (rustls, the Mozilla roots) for any other: PROPFIND to see whether the
//! collection is there and is a calendar, MKCALENDAR to create it, PUT and DELETE of one event
//! each, guarded by ETags (If-None-Match: * for a new one, If-Match for one we wrote), and HEAD
//! for an ETag the server did not give with its PUT.

use anyhow::{Result, anyhow, bail};
use base64::Engine;
use std::time::Duration;
use ureq::http::{self, Method, StatusCode};
use ureq::{Agent, Body};

/// A calendar collection on a server, with the user's credentials.
pub struct Server {
    agent: Agent,
    /// The collection's URL, ending in `/`.
    pub url: String,
    username: String,
    authorization: String,
}

/// Whether the collection is there.
#[derive(Debug, PartialEq, Eq)]
pub enum Collection {
    Calendar,
    Missing,
}

/// The guard on a write: what the resource must be for it to happen.
#[derive(Debug, Clone, Copy)]
pub enum Guard<'a> {
    /// It must not exist (If-None-Match: *).
    New,
    /// It must be as we last wrote it (If-Match).
    Etag(&'a str),
    /// Whatever it is (`--force`, or an ETag the server never gave).
    None,
}

/// How a write went.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// Done; the resource's new ETag when the server gave one.
    Done(Option<String>),
    /// Refused by its guard (412): someone else changed or created it.
    Conflict,
}

/// A failed request, for the caller to word: the server could not be reached, refused the
/// credentials, holds something other than a calendar at the URL, or answered something else.
#[derive(Debug)]
pub enum Failure {
    Unreachable(String),
    Unauthorized,
    NotCalendar,
    Status(u16, String),
}

impl Server {
    pub fn new(url: &str, username: &str, password: &str) -> Server {
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            .timeout_global(Some(Duration::from_secs(60)))
            .user_agent(concat!("followup/", env!("CARGO_PKG_VERSION")))
            .build();
        let credentials =
            base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
        Server {
            agent: Agent::new_with_config(config),
            url: url.to_string(),
            username: username.to_string(),
            authorization: format!("Basic {credentials}"),
        }
    }

    /// The URL of the resource named `name` in the collection.
    pub fn href(&self, name: &str) -> String {
        const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'_')
            .remove(b'.')
            .remove(b'~')
            .remove(b'@');
        format!(
            "{}{}",
            self.url,
            percent_encoding::utf8_percent_encode(name, KEEP)
        )
    }

    /// Sends one request. A 401 is [`Failure::Unauthorized`]; a status `expected` does not
    /// accept is [`Failure::Status`], with the start of what the server said.
    fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        expected: fn(u16) -> bool,
    ) -> Result<http::Response<Body>, Failure> {
        let mut request = http::Request::builder()
            .method(Method::from_bytes(method.as_bytes()).expect("a method name"))
            .uri(url)
            .header("Authorization", &self.authorization);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(body.to_vec())
            .map_err(|err| Failure::Unreachable(err.to_string()))?;
        let mut response = self
            .agent
            .run(request)
            .map_err(|err| Failure::Unreachable(reach_error(&err)))?;
        match response.status().as_u16() {
            401 => Err(Failure::Unauthorized),
            status if expected(status) => Ok(response),
            status => Err(status_failure(status, &mut response)),
        }
    }

    /// Whether the collection exists and is a calendar; a collection that is not a calendar
    /// (an address book, a user's home) is an error.
    pub fn collection(&self) -> Result<Collection, Failure> {
        let body = br#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>"#;
        let headers = [("Depth", "0"), XML];
        let mut response = self.send("PROPFIND", &self.url, &headers, body, |s| {
            matches!(s, 207 | 404)
        })?;
        if response.status() == StatusCode::NOT_FOUND {
            return Ok(Collection::Missing);
        }
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|err| Failure::Unreachable(reach_error(&err)))?;
        match is_calendar(&text) {
            true => Ok(Collection::Calendar),
            false => Err(Failure::NotCalendar),
        }
    }

    /// Creates the collection as a calendar of events named "followup".
    pub fn make_calendar(&self) -> Result<(), Failure> {
        let body = br#"<?xml version="1.0" encoding="utf-8"?>
<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop><d:displayname>followup</d:displayname><c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>"#;
        self.send("MKCALENDAR", &self.url, &[XML], body, success)?;
        Ok(())
    }

    /// Writes one calendar object at `href`.
    pub fn put(&self, href: &str, text: &str, guard: Guard) -> Result<Written, Failure> {
        let mut headers = vec![("Content-Type", "text/calendar; charset=utf-8")];
        match guard {
            Guard::New => headers.push(("If-None-Match", "*")),
            Guard::Etag(etag) => headers.push(("If-Match", etag)),
            Guard::None => {}
        }
        let response = self.send("PUT", href, &headers, text.as_bytes(), |s| {
            success(s) || s == 412
        })?;
        if response.status() == StatusCode::PRECONDITION_FAILED {
            return Ok(Written::Conflict);
        }
        match etag_of(&response) {
            Some(etag) => Ok(Written::Done(Some(etag))),
            // A server that changed what it stored gives no ETag: ask for it.
            None => {
                let response = self.send("HEAD", href, &[], &[], |_| true)?;
                Ok(Written::Done(etag_of(&response)))
            }
        }
    }

    /// Removes the resource at `href`; one already gone is done too.
    pub fn delete(&self, href: &str, guard: Guard) -> Result<Written, Failure> {
        let headers: Vec<(&str, &str)> = match guard {
            Guard::Etag(etag) => vec![("If-Match", etag)],
            Guard::New | Guard::None => vec![],
        };
        let response = self.send("DELETE", href, &headers, &[], |s| {
            success(s) || matches!(s, 404 | 410 | 412)
        })?;
        match response.status() {
            StatusCode::PRECONDITION_FAILED => Ok(Written::Conflict),
            _ => Ok(Written::Done(None)),
        }
    }

    pub fn username(&self) -> &str {
        &self.username
    }
}

const XML: (&str, &str) = ("Content-Type", "application/xml; charset=utf-8");

fn success(status: u16) -> bool {
    (200..300).contains(&status)
}

fn etag_of(response: &http::Response<Body>) -> Option<String> {
    response
        .headers()
        .get("ETag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .filter(|v| !v.is_empty())
}

/// An unexpected answer, with the start of what the server said about it.
fn status_failure(status: u16, response: &mut http::Response<Body>) -> Failure {
    let reason = StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let said = response
        .body_mut()
        .with_config()
        .limit(4096)
        .read_to_string()
        .unwrap_or_default();
    let said: String = crate::render::clean(said.trim())
        .chars()
        .take(300)
        .collect();
    let text = match said.is_empty() {
        true => reason.to_string(),
        false => format!("{reason}: {said}"),
    };
    Failure::Status(status, text)
}

/// Why a request got no answer, in words: "connection refused".
fn reach_error(err: &ureq::Error) -> String {
    match err {
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
            _ => io.to_string(),
        },
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::Timeout(_) => "no answer within 60 seconds".to_string(),
        other => other.to_string(),
    }
}

/// Whether a PROPFIND answer says the resource is a calendar collection.
fn is_calendar(xml: &str) -> bool {
    const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";
    let Ok(doc) = roxmltree::Document::parse(xml) else {
        return false;
    };
    doc.descendants()
        .filter(|n| n.has_tag_name(("DAV:", "resourcetype")))
        .any(|types| {
            types
                .children()
                .any(|t| t.has_tag_name((CALDAV, "calendar")))
        })
}

/// Refuses a URL that is not HTTP(S), plain HTTP to a host other than this machine (the
/// password would cross the network in clear), and user info (a password would hide in the
/// URL); gives it a trailing `/` (a collection's).
pub fn collection_url(url: &str) -> Result<String> {
    let url = url.trim();
    let (plain, rest) = match url.strip_prefix("https://") {
        Some(rest) => (false, rest),
        None => (
            true,
            url.strip_prefix("http://").ok_or_else(|| {
                anyhow!("it must start with https:// (or http:// for a server on this machine)")
            })?,
        ),
    };
    if rest.is_empty() || rest.starts_with('/') {
        bail!("it names no server");
    }
    if url.contains(['?', '#']) || url.chars().any(char::is_whitespace) {
        bail!("it must be a plain URL, without spaces, ? or #");
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        bail!(
            "it holds a user name or password before the host (user@ or user:password@): remove it, and set username and password_command under [calendar] instead"
        );
    }
    let uri = url
        .parse::<http::Uri>()
        .map_err(|err| anyhow!("it is not a URL ({err})"))?;
    let host = uri.host().unwrap_or_default();
    if plain && !loopback(host) {
        bail!(
            "http:// would send the password to {host} in clear: use https:// (http:// is only for a server on this machine: localhost, 127.0.0.1 or [::1])"
        );
    }
    Ok(match url.ends_with('/') {
        true => url.to_string(),
        false => format!("{url}/"),
    })
}

/// The URL to show in a message: a password in it (`user:password@`) replaced by `***`.
pub fn shown(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find('/').unwrap_or(rest.len());
    match rest[..end].rsplit_once('@') {
        Some((info, host)) => {
            let shown = match info.split_once(':') {
                Some((user, _)) => format!("{user}:***"),
                None => info.to_string(),
            };
            format!("{scheme}://{shown}@{host}{}", &rest[end..])
        }
        None => url.to_string(),
    }
}

/// Whether a URL's host is this machine: localhost, 127.0.0.0/8 or ::1.
fn loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calendar_is_told_from_other_collections() {
        let calendar = r#"<?xml version="1.0"?><multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response><href>/a/b/</href><propstat><prop><resourcetype><collection/><C:calendar/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#;
        assert!(is_calendar(calendar));
        let book = calendar.replace(
            "<C:calendar/>",
            "<R:addressbook xmlns:R=\"urn:ietf:params:xml:ns:carddav\"/>",
        );
        assert!(!is_calendar(&book));
        // The name alone, in another namespace, is not enough.
        assert!(!is_calendar(&calendar.replace("C:calendar", "calendar")));
        assert!(!is_calendar("not xml"));
    }

    #[test]
    fn urls_are_checked_and_end_in_a_slash() {
        assert_eq!(
            collection_url("http://127.0.0.1:5232/alex/followup").unwrap(),
            "http://127.0.0.1:5232/alex/followup/"
        );
        assert_eq!(
            collection_url("https://dav.example/cal/").unwrap(),
            "https://dav.example/cal/"
        );
        for bad in [
            "dav.example/cal",
            "ftp://x/",
            "https://",
            "https:///a",
            "https://a/b c",
        ] {
            assert!(collection_url(bad).is_err(), "{bad}");
        }
        // Plain HTTP only to this machine.
        for local in [
            "http://localhost:5232/c/",
            "http://LOCALHOST/c/",
            "http://127.0.0.1/c/",
            "http://127.8.9.10:80/c/",
            "http://[::1]:5232/c/",
        ] {
            assert!(collection_url(local).is_ok(), "{local}");
        }
        for remote in [
            "http://dav.example/cal/",
            "http://192.168.1.2:5232/cal/",
            "http://[::2]/cal/",
            "http://localhost.example/cal/",
            "http://128.0.0.1/cal/",
        ] {
            let err = collection_url(remote).unwrap_err().to_string();
            assert!(
                err.contains("in clear") && err.contains("use https://"),
                "{remote}: {err}"
            );
        }
        assert!(collection_url("https://dav.example/cal/").is_ok());
        // No user info, with or without a password, over either scheme.
        for with_user in [
            "http://alex:secret@127.0.0.1:5299/alex/followup/",
            "https://alex@dav.example/cal/",
            "https://alex:p%40ss@dav.example/cal/",
        ] {
            let err = collection_url(with_user).unwrap_err().to_string();
            assert!(
                err.contains("user name or password") && !err.contains("secret"),
                "{with_user}: {err}"
            );
        }
        assert_eq!(
            shown("http://alex:secret@127.0.0.1:5299/a@b/"),
            "http://alex:***@127.0.0.1:5299/a@b/"
        );
        assert_eq!(
            shown("https://dav.example/a@b/"),
            "https://dav.example/a@b/"
        );
        // An @ in the path is no user info.
        assert!(collection_url("https://dav.example/a@b/cal/").is_ok());
    }

    #[test]
    fn resource_names_are_escaped_in_the_url() {
        let server = Server::new("http://h/c/", "u", "p");
        assert_eq!(
            server.href("1a-thank-you-round-2@followup.ics"),
            "http://h/c/1a-thank-you-round-2@followup.ics"
        );
        assert_eq!(server.href("a b/c"), "http://h/c/a%20b%2Fc");
    }
}
