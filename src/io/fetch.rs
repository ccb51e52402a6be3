//! Fetching a document by its address, for import.
//!
//! The rules:
//! - Only `http://` and `https://` addresses are fetched; any other scheme (`ftp:`,
//!   `file:`, …) is refused before the network is touched.
//! - One blocking request through ureq with rustls: a connect time-out, a total
//!   time-out over the whole fetch (redirects and body included), at most
//!   [`FetchOptions::max_redirects`] redirects, and an honest [`USER_AGENT`].
//! - The body is read in chunks: `progress` hears of each one and can cancel, and
//!   the size limit ([`MAX_IMPORT_BYTES`] by default, as for files) holds while
//!   reading, whatever `Content-Length` says or whether it is there at all.
//!   A `gzip` body is unpacked as it is read and the limit counts unpacked bytes.
//! - Only web pages, plain text, Markdown and PDF are taken (or a body of no stated
//!   type); images, video, archives and the like are refused, saying what they are.
//! - The result keeps the address the fetch ended at (after redirects) and the time
//!   it was retrieved, and names the body so that `import_bytes` reads it as the
//!   right kind of file.
//! - An address with non-ASCII text is sent percent-encoded, with its host in
//!   punycode; a `#fragment` is not sent.
//! - A loopback address (`localhost`, `127.0.0.1`, `[::1]`) is never sent through a
//!   proxy; other addresses use the proxy in `ALL_PROXY`/`HTTPS_PROXY`/`HTTP_PROXY`
//!   (and `NO_PROXY`), if set.
//!
//! Cancelling is checked between chunks: a server that sends nothing is stopped by
//! the time-outs, so a window should not wait for the worker after Cancel.

use std::io::Read as _;
use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

use ureq::ResponseExt as _;
use ureq::http::{Uri, header};

use crate::io::import::MAX_IMPORT_BYTES;

/// What Triangulate calls itself to the servers it fetches from.
pub const USER_AGENT: &str = concat!(
    "Triangulate/",
    env!("CARGO_PKG_VERSION"),
    " (desktop research tool)"
);

/// The kinds of content we ask for, best first.
const ACCEPT: &str = "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,\
                      application/pdf;q=0.8,*/*;q=0.1";

/// How much of the body is read between two calls of `progress`.
const CHUNK_BYTES: usize = 64 * 1024;

/// The longest file name made from an address, in chars (before the extension).
const MAX_NAME_CHARS: usize = 100;

/// A document fetched from its address, ready for `import_bytes`.
#[derive(Clone, Debug)]
pub struct Fetched {
    /// The address the fetch ended at, after any redirects.
    pub final_url: String,
    /// When the fetch finished, as an RFC 3339 UTC time to the second.
    pub retrieved: String,
    /// The `Content-Type` the server gave, if any.
    pub content_type: Option<String>,
    /// A file name for `import_bytes`: the address's last path segment (or its host)
    /// with an extension that matches the content type, such as `article.html`.
    pub file_name: String,
    /// The body, unpacked if it was sent compressed.
    pub bytes: Vec<u8>,
}

/// Why an address could not be fetched; each message names the address and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The text is not a web address at all.
    #[error("“{0}” is not a web address; give a full address that starts with http:// or https://")]
    NotAnAddress(String),
    /// The address uses a scheme other than http or https.
    #[error("{}", unsupported_scheme_message(address, scheme))]
    UnsupportedScheme {
        /// The address given.
        address: String,
        /// Its scheme, such as "ftp".
        scheme: String,
    },
    /// The server answered with an error status.
    #[error(
        "“{address}” answered {code}{}{}; {}",
        if reason.is_empty() { "" } else { " " },
        reason,
        status_advice(*code)
    )]
    Status {
        /// The address given.
        address: String,
        /// The HTTP status code, such as 404.
        code: u16,
        /// Its standard reason, such as "Not Found" (empty when there is none).
        reason: String,
    },
    /// The body is larger than the limit.
    #[error(
        "“{address}” is larger than the {} Triangulate imports; save the page from the browser, \
         split it into smaller files and import those",
        mebibytes(*limit)
    )]
    TooLarge {
        /// The address given.
        address: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The server took longer than the time-outs allow.
    #[error(
        "“{address}” took too long to answer, so the fetch was stopped; try again later, or save \
         the page from the browser and import the file"
    )]
    TimedOut {
        /// The address given.
        address: String,
    },
    /// The address redirects more times than allowed, or in a loop.
    #[error(
        "“{address}” redirects too many times (more than {limit}), perhaps in a loop; open it in \
         a browser and import the address it ends at, or save the page and import the file"
    )]
    TooManyRedirects {
        /// The address given.
        address: String,
        /// How many redirects are followed.
        limit: u32,
    },
    /// No answer could be had: no such server, no connection, a failed TLS handshake, …
    #[error("could not fetch “{address}”: {detail}; check the address and the internet connection")]
    Unreachable {
        /// The address given.
        address: String,
        /// What went wrong, for people.
        detail: String,
    },
    /// The address holds something that is not a web page, text or PDF.
    #[error(
        "“{address}” is {} ({content_type}), not a web page, text or PDF; Triangulate imports \
         web pages, plain text, Markdown and PDF documents",
        kind_of_type(content_type)
    )]
    UnsupportedType {
        /// The address given.
        address: String,
        /// The content type the server gave, such as "image/png".
        content_type: String,
    },
    /// `progress` asked to stop.
    #[error("the fetch was cancelled")]
    Cancelled,
}

/// The limits of a fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchOptions {
    /// How long connecting (and looking up the host) may take.
    pub connect_timeout: Duration,
    /// How long the whole fetch may take, redirects and body included.
    pub total_timeout: Duration,
    /// The largest body taken, in bytes.
    pub max_bytes: u64,
    /// How many redirects are followed.
    pub max_redirects: u32,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(60),
            max_bytes: MAX_IMPORT_BYTES,
            max_redirects: 5,
        }
    }
}

/// What the content type says the body is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A web page.
    Html,
    /// A PDF document.
    Pdf,
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// No type was given: `import_bytes` decides from the content.
    Unstated,
}

/// Whether `arg` is meant as an address rather than a file path: it starts with a
/// scheme of two or more letters and `://`, such as `https://`, `ftp://` or `file://`
/// (so `C:\notes.txt` is a path). Only http and https are fetched.
pub fn looks_like_address(arg: &str) -> bool {
    scheme_of(arg.trim()).is_some()
}

/// Fetches `address`; `progress` hears the bytes read so far and the announced
/// length after each chunk (and once with 0 before connecting), and cancels the
/// fetch by returning `false`.
pub fn fetch(
    address: &str,
    options: &FetchOptions,
    progress: &dyn Fn(u64, Option<u64>) -> bool,
) -> Result<Fetched, FetchError> {
    let address = address.trim();
    let (uri, host) = parse_address(address)?;
    if !progress(0, None) {
        return Err(FetchError::Cancelled);
    }

    let mut config = ureq::Agent::config_builder()
        .timeout_global(Some(options.total_timeout))
        .timeout_resolve(Some(options.connect_timeout))
        .timeout_connect(Some(options.connect_timeout))
        .max_redirects(options.max_redirects)
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .accept(ACCEPT);
    if is_loopback(&host) {
        config = config.proxy(None);
    }
    let agent = ureq::Agent::new_with_config(config.build());

    let response = agent
        .get(uri)
        .call()
        .map_err(|error| from_ureq(address, options, error))?;
    let status = response.status();
    if status.is_redirection() {
        // Only when no redirects are allowed: ureq follows them otherwise.
        return Err(FetchError::TooManyRedirects {
            address: address.to_owned(),
            limit: options.max_redirects,
        });
    }
    if !status.is_success() {
        return Err(FetchError::Status {
            address: address.to_owned(),
            code: status.as_u16(),
            reason: status.canonical_reason().unwrap_or_default().to_owned(),
        });
    }

    let final_uri = response.get_uri().clone();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_owned);
    let segment = last_segment(&final_uri);
    let Some(kind) = kind_of(content_type.as_deref(), &segment) else {
        return Err(FetchError::UnsupportedType {
            address: address.to_owned(),
            content_type: content_type.unwrap_or_default(),
        });
    };

    let announced = response.body().content_length();
    let too_large = || FetchError::TooLarge {
        address: address.to_owned(),
        limit: options.max_bytes,
    };
    if announced.is_some_and(|length| length > options.max_bytes) {
        return Err(too_large());
    }
    let capacity = announced.unwrap_or(0).min(options.max_bytes);
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let mut chunk = vec![0_u8; CHUNK_BYTES];
    // One byte past the limit tells a body at the limit from a larger one.
    let mut reader = response
        .into_body()
        .into_reader()
        .take(options.max_bytes.saturating_add(1));
    loop {
        let read = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(from_ureq(address, options, ureq::Error::from(error))),
        };
        bytes.extend_from_slice(chunk.get(..read).unwrap_or_default());
        let so_far = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if so_far > options.max_bytes {
            return Err(too_large());
        }
        if !progress(so_far, announced) {
            return Err(FetchError::Cancelled);
        }
    }

    Ok(Fetched {
        file_name: file_name(&segment, &final_uri, kind),
        final_url: final_uri.to_string(),
        retrieved: crate::model::now_rfc3339(),
        content_type,
        bytes,
    })
}

// --- Addresses ------------------------------------------------------------------------

/// The scheme of `address` (as written) when it starts with `scheme://`.
fn scheme_of(address: &str) -> Option<&str> {
    let (scheme, rest) = address.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let valid = starts_with_letter
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (valid && scheme.len() >= 2 && rest.starts_with("//")).then_some(scheme)
}

/// The request address for `address` and its host, or why it cannot be fetched.
fn parse_address(address: &str) -> Result<(Uri, String), FetchError> {
    let not_an_address = || FetchError::NotAnAddress(address.to_owned());
    let scheme = scheme_of(address).ok_or_else(not_an_address)?;
    let scheme_lower = scheme.to_ascii_lowercase();
    if scheme_lower != "http" && scheme_lower != "https" {
        return Err(FetchError::UnsupportedScheme {
            address: address.to_owned(),
            scheme: scheme_lower,
        });
    }
    let rest = address
        .get(scheme.len() + "://".len()..)
        .ok_or_else(not_an_address)?;
    // The fragment stays in the browser; it is never sent.
    let rest = rest.split('#').next().unwrap_or_default();
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((userinfo, host_port)) => (Some(userinfo), host_port),
        None => (None, authority),
    };
    let (host, port) = split_port(host_port);
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(not_an_address());
    }
    let host = ascii_host(host).ok_or_else(not_an_address)?;

    let mut request = format!("{scheme_lower}://");
    if let Some(userinfo) = userinfo {
        request.push_str(&percent_encode(userinfo));
        request.push('@');
    }
    request.push_str(&host);
    request.push_str(port);
    if !path.starts_with('/') {
        request.push('/');
    }
    request.push_str(&percent_encode(path));
    let uri: Uri = request.parse().map_err(|_| not_an_address())?;
    if uri.host().is_none_or(str::is_empty) {
        return Err(not_an_address());
    }
    Ok((uri, host))
}

/// Splits `host:port` into the host and `:port` (empty when there is none);
/// an IPv6 host keeps its brackets.
fn split_port(host_port: &str) -> (&str, &str) {
    let port_start = match host_port.rfind(':') {
        Some(colon) if !host_port.get(colon..).unwrap_or_default().contains(']') => colon,
        _ => host_port.len(),
    };
    host_port.split_at(port_start)
}

/// `host` as sent: ASCII labels as they are, others lowercased and in punycode
/// (`пример.рф` is `xn--e1afmkfd.xn--p1ai`).
fn ascii_host(host: &str) -> Option<String> {
    if host.is_ascii() {
        return Some(host.to_owned());
    }
    let labels = host
        .split('.')
        .map(|label| {
            if label.is_ascii() {
                Some(label.to_owned())
            } else {
                punycode(&label.to_lowercase()).map(|code| format!("xn--{code}"))
            }
        })
        .collect::<Option<Vec<_>>>()?;
    Some(labels.join("."))
}

/// `text` with every byte that may not stand in an address (spaces, non-ASCII, `"<>\^`{|}`)
/// percent-encoded; `%` is kept, as the address may be encoded already.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let allowed = c.is_ascii_graphic()
            && !matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}');
        if allowed {
            out.push(c);
        } else {
            let mut buffer = [0_u8; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// `text` with its `%XX` escapes decoded (as UTF-8, lossily).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(at + 1..at + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        if let Some(decoded) = escaped {
            out.push(decoded);
            at += 3;
        } else {
            out.push(byte);
            at += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether `host` names this machine, which is never reached through a proxy.
fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Punycode (RFC 3492) of one label, without the `xn--` prefix.
fn punycode(label: &str) -> Option<String> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    // Punycode's digits are a–z for 0–25 and 0–9 for 26–35.
    let digit = |d: u32| match d {
        0..=25 => char::from_u32(u32::from(b'a') + d),
        26..=35 => char::from_u32(u32::from(b'0') + d - 26),
        _ => None,
    };
    let input: Vec<u32> = label.chars().map(u32::from).collect();
    let mut output: String = label.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(output.len()).ok()?;
    if basic > 0 {
        output.push('-');
    }
    let total = u32::try_from(input.len()).ok()?;
    let (mut n, mut delta, mut bias, mut handled) = (128_u32, 0_u32, 72_u32, basic);
    while handled < total {
        let next = input.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((next - n).checked_mul(handled + 1)?)?;
        n = next;
        for &c in &input {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t))?);
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q)?);
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(output)
}

/// Punycode's bias adaptation (RFC 3492, section 6.1).
fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points.max(1);
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + ((BASE - T_MIN + 1) * delta) / (delta + 38)
}

// --- What was fetched -----------------------------------------------------------------

/// What `content_type` says the body is, or `None` when it is not something we
/// import. A body sent as `application/octet-stream` is taken when the address's
/// last segment has an extension we import (`paper.pdf`).
fn kind_of(content_type: Option<&str>, segment: &str) -> Option<Kind> {
    let Some(content_type) = content_type else {
        return Some(Kind::Unstated);
    };
    let essence = essence(content_type);
    match essence.as_str() {
        "text/html" | "application/xhtml+xml" => Some(Kind::Html),
        "application/pdf" | "application/x-pdf" => Some(Kind::Pdf),
        "text/plain" => Some(Kind::Text),
        "text/markdown" | "text/x-markdown" => Some(Kind::Markdown),
        "application/octet-stream" | "binary/octet-stream" => match extension(segment).as_str() {
            "html" | "htm" | "xhtml" => Some(Kind::Html),
            "pdf" => Some(Kind::Pdf),
            "txt" | "text" => Some(Kind::Text),
            "md" | "markdown" => Some(Kind::Markdown),
            _ => None,
        },
        _ => None,
    }
}

/// The type and subtype of a content type, lowercased: `text/html` of `text/HTML; charset=utf-8`.
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The lowercased extension of `name`, or "".
fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The last segment of `uri`'s path, decoded, with nothing in it that a file name cannot hold.
fn last_segment(uri: &Uri) -> String {
    let segment = uri.path().rsplit('/').next().unwrap_or_default();
    percent_decode(segment)
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\') {
                '_'
            } else {
                c
            }
        })
        .take(MAX_NAME_CHARS)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A file name for the body: the last segment (or the host, for `/`) with an
/// extension that matches `kind` (`article.html`, `example.org.html`, `report.pdf`).
fn file_name(segment: &str, uri: &Uri, kind: Kind) -> String {
    let base = if segment.is_empty() || segment == "." || segment == ".." {
        uri.host()
            .unwrap_or("page")
            .trim_matches(['[', ']'])
            .replace(':', "_")
    } else {
        segment.to_owned()
    };
    let (known, wanted): (&[&str], &str) = match kind {
        Kind::Html => (&["html", "htm", "xhtml"], "html"),
        Kind::Pdf => (&["pdf"], "pdf"),
        Kind::Text => (&["txt", "text"], "txt"),
        Kind::Markdown => (&["md", "markdown"], "md"),
        Kind::Unstated => return base,
    };
    if known.contains(&extension(&base).as_str()) {
        base
    } else {
        format!("{base}.{wanted}")
    }
}

// --- Errors -----------------------------------------------------------------------------

/// The error for a failed request to `address`.
fn from_ureq(address: &str, options: &FetchOptions, error: ureq::Error) -> FetchError {
    let address = address.to_owned();
    match error {
        ureq::Error::Timeout(_) => FetchError::TimedOut { address },
        ureq::Error::Io(ref io) if io.kind() == std::io::ErrorKind::TimedOut => {
            FetchError::TimedOut { address }
        }
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects {
            address,
            limit: options.max_redirects,
        },
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
            address,
            limit: options.max_bytes,
        },
        error => FetchError::Unreachable {
            address,
            detail: detail(&error),
        },
    }
}

/// What went wrong in a request, for people.
fn detail(error: &ureq::Error) -> String {
    use std::io::ErrorKind;
    match error {
        ureq::Error::HostNotFound => "no server could be found under that name".to_owned(),
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => "the server refused the connection".to_owned(),
            ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => {
                "the server broke off the connection".to_owned()
            }
            ErrorKind::UnexpectedEof => {
                "the connection closed before the whole page had arrived".to_owned()
            }
            _ => io.to_string(),
        },
        ureq::Error::Rustls(tls) => format!("the secure connection failed ({tls})"),
        ureq::Error::Tls(tls) => format!("the secure connection failed ({tls})"),
        ureq::Error::Protocol(protocol) => {
            format!("the server's answer is not valid HTTP ({protocol})")
        }
        ureq::Error::BadUri(uri) => {
            format!("it leads to an address that cannot be fetched ({uri})")
        }
        ureq::Error::Decompress(_, io) => {
            format!("the compressed page could not be unpacked ({io})")
        }
        other => other.to_string(),
    }
}

/// The message for an address whose scheme we do not fetch.
fn unsupported_scheme_message(address: &str, scheme: &str) -> String {
    let advice = if scheme == "file" {
        "import the file itself by its path instead".to_owned()
    } else {
        format!("download it with a program that reads {scheme}: addresses and import the file")
    };
    format!(
        "“{address}” is a {scheme}: address and Triangulate fetches only http:// and https:// \
         addresses; {advice}"
    )
}

/// What to do about an error status.
fn status_advice(code: u16) -> &'static str {
    match code {
        401 | 403 | 407 | 451 => {
            "the page needs a login or refuses to be read by programs; save it from the browser and import the file"
        }
        404 | 410 => "check the address in a browser; the page may have moved or been removed",
        429 => "the server wants fewer requests; wait a while and try again",
        500..=599 => "the server failed; try again later",
        _ => "open the address in a browser to see what the server says",
    }
}

/// What a content type is, for people: "an image", "a video", …
fn kind_of_type(content_type: &str) -> &'static str {
    let essence = essence(content_type);
    let (main, sub) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    match main {
        "image" => "an image",
        "video" => "a video",
        "audio" => "a sound file",
        "font" => "a font",
        "" => "of no known kind",
        _ if sub.contains("zip")
            || sub.contains("tar")
            || sub.contains("compressed")
            || sub.contains("rar")
            || sub == "gzip" =>
        {
            "an archive"
        }
        _ if sub.contains("json") => "JSON data",
        _ if sub.contains("xml") => "XML data",
        _ if sub.contains("word")
            || sub.contains("opendocument")
            || sub.contains("officedocument") =>
        {
            "an office document"
        }
        _ if sub.contains("octet-stream") => "binary data",
        "text" => "text of a kind Triangulate does not read",
        _ => "a file of a kind Triangulate does not read",
    }
}

/// A size for people, such as "64 MiB" or "0.5 MiB".
fn mebibytes(bytes: u64) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    if mib.fract() == 0.0 {
        format!("{mib:.0} MiB")
    } else if mib >= 0.1 {
        format!("{mib:.1} MiB")
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode_matches_the_rfc_examples() {
        assert_eq!(ascii_host("пример.рф").unwrap(), "xn--e1afmkfd.xn--p1ai");
        assert_eq!(ascii_host("München.de").unwrap(), "xn--mnchen-3ya.de");
        assert_eq!(ascii_host("example.org").unwrap(), "example.org");
    }

    #[test]
    fn addresses_are_encoded_for_sending() {
        let (uri, host) =
            parse_address("https://ru.wikipedia.org/wiki/Северодонецк#История").unwrap();
        assert_eq!(host, "ru.wikipedia.org");
        assert_eq!(
            uri.to_string(),
            "https://ru.wikipedia.org/wiki/%D0%A1%D0%B5%D0%B2%D0%B5%D1%80%D0%BE%D0%B4%D0%BE%D0%BD%D0%B5%D1%86%D0%BA"
        );
        let (uri, _) = parse_address("HTTP://example.org").unwrap();
        assert_eq!(uri.to_string(), "http://example.org/");
        let (uri, host) = parse_address("http://[::1]:8080/a b?q=1").unwrap();
        assert_eq!(host, "[::1]");
        assert_eq!(uri.to_string(), "http://[::1]:8080/a%20b?q=1");
        assert!(is_loopback(&host));
    }

    #[test]
    fn file_names_follow_the_content_type() {
        let uri: Uri = "http://example.org/".parse().unwrap();
        assert_eq!(file_name("", &uri, Kind::Html), "example.org.html");
        assert_eq!(file_name("article", &uri, Kind::Html), "article.html");
        assert_eq!(file_name("page.htm", &uri, Kind::Html), "page.htm");
        assert_eq!(file_name("view.php", &uri, Kind::Pdf), "view.php.pdf");
        assert_eq!(file_name("notes", &uri, Kind::Unstated), "notes");
        let uri: Uri = "http://example.org/a/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F"
            .parse()
            .unwrap();
        assert_eq!(last_segment(&uri), "статья");
    }

    #[test]
    fn types_are_described() {
        assert_eq!(kind_of_type("image/png"), "an image");
        assert_eq!(kind_of_type("application/zip"), "an archive");
        assert_eq!(
            kind_of(Some("text/HTML; charset=utf-8"), ""),
            Some(Kind::Html)
        );
        assert_eq!(
            kind_of(Some("application/octet-stream"), "paper.pdf"),
            Some(Kind::Pdf)
        );
        assert_eq!(kind_of(Some("application/octet-stream"), "blob"), None);
        assert_eq!(mebibytes(MAX_IMPORT_BYTES), "64 MiB");
    }
}
