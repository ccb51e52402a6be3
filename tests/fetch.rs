//! Fetching a document by address (src/io/fetch.rs) against a small HTTP server that
//! each test starts on 127.0.0.1: no test touches the internet.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

#[path = "common/http.rs"]
mod http;

use std::cell::{Cell, RefCell};
use std::io::Write as _;
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use triangulate::io::fetch::{FetchError, FetchOptions, USER_AGENT, fetch, looks_like_address};

// --- The server -----------------------------------------------------------------------

/// The page the server serves.
const PAGE: &str = "<!DOCTYPE html><html><head><title>Test page</title></head>\
                    <body><article><h1>Test page</h1><p>Hello from the test server.</p>\
                    </article></body></html>";

/// `/статья`, as it arrives at the server.
const CYRILLIC_PATH: &str = "/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F";

/// The size limit the tests fetch with, so that "too large" needs only a little data.
const SMALL_LIMIT: u64 = 1000;

/// Starts the test server (tests/common/http.rs) with this file's answers.
fn start_server() -> String {
    http::start(answer)
}

/// Answers one request.
fn answer(request: &http::Request, stream: &mut TcpStream) -> std::io::Result<()> {
    let path = request.path.clone();
    let user_agent = request.header("user-agent").unwrap_or_default();
    let base = format!("http://{}", stream.local_addr()?);
    let html = [("Content-Type", "text/html; charset=utf-8")];
    let plain = [("Content-Type", "text/plain")];

    if let Some(left) = path.strip_prefix("/redirect/") {
        let left: u32 = left.parse().unwrap_or(1);
        // Relative and absolute locations, 301 and 302 in turn.
        let location = if left <= 1 {
            format!("{base}/page")
        } else {
            format!("/redirect/{}", left - 1)
        };
        let status = if left.is_multiple_of(2) {
            "301 Moved Permanently"
        } else {
            "302 Found"
        };
        return http::respond(stream, status, &[("Location", &location)], b"");
    }
    match path.as_str() {
        "/" | "/page" | CYRILLIC_PATH => http::respond(stream, "200 OK", &html, PAGE.as_bytes()),
        "/loop" => http::respond(stream, "302 Found", &[("Location", "/loop")], b""),
        "/missing" => http::respond(
            stream,
            "404 Not Found",
            &html,
            b"<html><body>No such page</body></html>",
        ),
        "/slow" => {
            // Headers and a little of the body, then nothing.
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>"
            )?;
            stream.flush()?;
            thread::sleep(Duration::from_secs(30));
            Ok(())
        }
        "/big-announced" => http::respond(stream, "200 OK", &plain, &[b'a'; 2000]),
        "/big-unannounced" => respond_unannounced(stream, "text/plain", 2000),
        "/exact" => respond_unannounced(stream, "text/plain", 1000),
        "/stream" => respond_unannounced(stream, "text/plain", 640 * 1024),
        "/truncated" => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 900\r\n\r\nonly this"
            )?;
            Ok(())
        }
        "/image.png" => http::respond(
            stream,
            "200 OK",
            &[("Content-Type", "image/png")],
            b"\x89PNG\r\n\x1a\n",
        ),
        "/blob" => http::respond(
            stream,
            "200 OK",
            &[("Content-Type", "application/octet-stream")],
            b"\x00\x01\x02",
        ),
        "/report" | "/paper.pdf" => {
            let content_type = if path == "/report" {
                "application/pdf"
            } else {
                "application/octet-stream"
            };
            http::respond(
                stream,
                "200 OK",
                &[("Content-Type", content_type)],
                b"%PDF-1.4\n%%EOF\n",
            )
        }
        "/notes.md" => http::respond(
            stream,
            "200 OK",
            &[("Content-Type", "text/markdown; charset=utf-8")],
            b"# Notes\n\nA line.\n",
        ),
        "/plain" => http::respond(stream, "200 OK", &plain, b"Plain text.\n"),
        "/untyped" => http::respond(stream, "200 OK", &[], b"No type given.\n"),
        "/gzip" => http::respond(
            stream,
            "200 OK",
            &[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            &gzip_stored(PAGE.as_bytes()),
        ),
        "/ua" => http::respond(stream, "200 OK", &plain, user_agent.as_bytes()),
        _ => http::respond(stream, "500 Internal Server Error", &plain, b"unknown path"),
    }
}

/// Writes `size` bytes of body with no length: the end of the body is the end of the connection.
fn respond_unannounced(
    stream: &mut TcpStream,
    content_type: &str,
    size: usize,
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n"
    )?;
    let piece = vec![b'b'; 256];
    let mut left = size;
    while left > 0 {
        let now = left.min(piece.len());
        stream.write_all(&piece[..now])?;
        stream.flush()?;
        left -= now;
    }
    Ok(())
}

/// `data` as gzip, in one stored (uncompressed) deflate block.
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let length = u16::try_from(data.len()).unwrap();
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    out.push(1); // The last block, stored.
    out.extend(length.to_le_bytes());
    out.extend((!length).to_le_bytes());
    out.extend(data);
    out.extend(crc32(data).to_le_bytes());
    out.extend(u32::try_from(data.len()).unwrap().to_le_bytes());
    out
}

/// The CRC-32 that gzip uses.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0_u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

// --- Helpers ----------------------------------------------------------------------------

/// Options that keep a failing test short.
fn options() -> FetchOptions {
    FetchOptions {
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(5),
        ..FetchOptions::default()
    }
}

/// Options with the small size limit.
fn small() -> FetchOptions {
    FetchOptions {
        max_bytes: SMALL_LIMIT,
        ..options()
    }
}

/// Fetches with a progress callback that never cancels.
fn get(
    address: &str,
    options: &FetchOptions,
) -> Result<triangulate::io::fetch::Fetched, FetchError> {
    fetch(address, options, &|_, _| true)
}

// --- Tests ------------------------------------------------------------------------------

#[test]
fn a_page_is_fetched_with_its_address_time_and_name() {
    let base = start_server();
    let calls = RefCell::new(Vec::new());
    let before = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let fetched = fetch(&format!("{base}/page"), &options(), &|bytes, length| {
        calls.borrow_mut().push((bytes, length));
        true
    })
    .unwrap();

    assert_eq!(fetched.final_url, format!("{base}/page"));
    assert_eq!(fetched.bytes, PAGE.as_bytes());
    assert_eq!(fetched.file_name, "page.html");
    assert_eq!(
        fetched.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    let retrieved = OffsetDateTime::parse(&fetched.retrieved, &Rfc3339).unwrap();
    assert!(fetched.retrieved.ends_with('Z'), "{}", fetched.retrieved);
    assert!(retrieved >= before && retrieved <= OffsetDateTime::now_utc());

    let length = PAGE.len() as u64;
    let calls = calls.into_inner();
    assert_eq!(calls.first(), Some(&(0, None)), "told before connecting");
    assert_eq!(
        calls.last(),
        Some(&(length, Some(length))),
        "told of the last chunk"
    );

    let imported =
        triangulate::io::import::import_bytes(&fetched.file_name, &fetched.bytes).unwrap();
    assert!(
        imported
            .document
            .text
            .contains("Hello from the test server."),
        "{}",
        imported.document.text
    );
}

#[test]
fn the_root_of_a_site_is_named_after_its_host() {
    let base = start_server();
    let fetched = get(&format!("{base}/"), &options()).unwrap();
    assert_eq!(fetched.file_name, "127.0.0.1.html");
    // An address without a path is the root.
    let fetched = get(&base, &options()).unwrap();
    assert_eq!(fetched.final_url, format!("{base}/"));
}

#[test]
fn redirects_are_followed_and_the_final_address_kept() {
    let base = start_server();
    for count in [1, 3, 5] {
        let fetched = get(&format!("{base}/redirect/{count}"), &options()).unwrap();
        assert_eq!(
            fetched.final_url,
            format!("{base}/page"),
            "{count} redirects"
        );
        assert_eq!(fetched.bytes, PAGE.as_bytes());
    }
}

#[test]
fn more_than_five_redirects_or_a_loop_is_refused() {
    let base = start_server();
    for path in ["/redirect/6", "/loop"] {
        let address = format!("{base}{path}");
        let err = get(&address, &options()).unwrap_err();
        assert!(
            matches!(err, FetchError::TooManyRedirects { ref address, limit: 5 } if address.ends_with(path)),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(message.contains(&address), "{message}");
    }
    // With no redirects allowed, the first one is too many.
    let none = FetchOptions {
        max_redirects: 0,
        ..options()
    };
    let err = get(&format!("{base}/redirect/1"), &none).unwrap_err();
    assert!(
        matches!(err, FetchError::TooManyRedirects { .. }),
        "{err:?}"
    );
}

#[test]
fn an_error_status_is_reported_with_advice() {
    let base = start_server();
    let address = format!("{base}/missing");
    let err = get(&address, &options()).unwrap_err();
    assert!(
        matches!(err, FetchError::Status { code: 404, ref reason, .. } if reason == "Not Found"),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains(&address), "{message}");
    assert!(message.contains("404 Not Found"), "{message}");
    assert!(message.contains("check the address"), "{message}");
}

#[test]
fn a_server_that_stalls_times_out() {
    let base = start_server();
    let quick = FetchOptions {
        total_timeout: Duration::from_secs(1),
        ..options()
    };
    let started = Instant::now();
    let err = get(&format!("{base}/slow"), &quick).unwrap_err();
    assert!(matches!(err, FetchError::TimedOut { .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert!(err.to_string().contains("took too long"), "{err}");
}

#[test]
fn a_body_over_the_limit_is_refused_with_or_without_a_length() {
    let base = start_server();
    for path in ["/big-announced", "/big-unannounced"] {
        let largest = RefCell::new(0);
        let err = fetch(&format!("{base}{path}"), &small(), &|bytes, _| {
            *largest.borrow_mut() = bytes;
            true
        })
        .unwrap_err();
        assert!(
            matches!(
                err,
                FetchError::TooLarge {
                    limit: SMALL_LIMIT,
                    ..
                }
            ),
            "{path}: {err:?}"
        );
        assert!(
            *largest.borrow() <= SMALL_LIMIT,
            "{path}: read past the limit"
        );
    }
    // A body of exactly the limit is taken.
    let fetched = get(&format!("{base}/exact"), &small()).unwrap();
    assert_eq!(fetched.bytes.len() as u64, SMALL_LIMIT);
    // The message gives the limit.
    assert!(
        get(&format!("{base}/big-announced"), &options()).is_ok(),
        "2000 bytes are within the default limit"
    );
    let message = FetchError::TooLarge {
        address: "https://example.org/huge".to_owned(),
        limit: 64 * 1024 * 1024,
    }
    .to_string();
    assert!(message.contains("64 MiB"), "{message}");
}

#[test]
fn images_and_unknown_binary_are_refused_saying_what_they_are() {
    let base = start_server();
    let address = format!("{base}/image.png");
    let err = get(&address, &options()).unwrap_err();
    assert!(
        matches!(err, FetchError::UnsupportedType { ref content_type, .. } if content_type == "image/png"),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains(&address), "{message}");
    assert!(message.contains("an image (image/png)"), "{message}");

    let err = get(&format!("{base}/blob"), &options()).unwrap_err();
    assert!(err.to_string().contains("binary data"), "{err}");
}

#[test]
fn the_file_name_follows_the_content_type() {
    let base = start_server();
    for (path, name) in [
        ("/report", "report.pdf"),
        ("/paper.pdf", "paper.pdf"),
        ("/notes.md", "notes.md"),
        ("/plain", "plain.txt"),
        ("/untyped", "untyped"),
        ("/статья", "статья.html"),
    ] {
        let fetched = get(&format!("{base}{path}"), &options()).unwrap();
        assert_eq!(fetched.file_name, name, "{path}");
    }
    let fetched = get(&format!("{base}/report"), &options()).unwrap();
    assert!(fetched.bytes.starts_with(b"%PDF"));
    assert_eq!(fetched.content_type.as_deref(), Some("application/pdf"));
    let fetched = get(&format!("{base}/untyped"), &options()).unwrap();
    assert_eq!(fetched.content_type, None);
}

#[test]
fn other_schemes_are_refused_without_touching_the_network() {
    for (address, scheme) in [
        ("ftp://127.0.0.1/file.txt", "ftp"),
        ("file:///home/analyst/article.html", "file"),
        ("FTP://example.org/x", "ftp"),
    ] {
        let called = Cell::new(false);
        let err = fetch(address, &options(), &|_, _| {
            called.set(true);
            true
        })
        .unwrap_err();
        assert!(
            matches!(err, FetchError::UnsupportedScheme { scheme: ref s, .. } if s == scheme),
            "{address}: {err:?}"
        );
        assert!(!called.get(), "{address}: got as far as connecting");
        let message = err.to_string();
        assert!(message.contains(address), "{message}");
        assert!(message.contains("http:// and https://"), "{message}");
    }
}

#[test]
fn text_that_is_not_an_address_is_refused() {
    for garbage in [
        "htp:/x",
        "",
        "   ",
        "example.org/page",
        "http://",
        "https:// /x",
        "C:\\articles\\one.html",
    ] {
        let err = get(garbage, &options()).unwrap_err();
        assert!(
            matches!(err, FetchError::NotAnAddress(_)),
            "{garbage:?}: {err:?}"
        );
    }
    let message = get("htp:/x", &options()).unwrap_err().to_string();
    assert!(message.contains("“htp:/x”"), "{message}");
    assert!(message.contains("https://"), "{message}");
}

#[test]
fn the_progress_callback_cancels() {
    let base = start_server();
    // Before connecting.
    let err = fetch(&format!("{base}/page"), &options(), &|_, _| false).unwrap_err();
    assert!(matches!(err, FetchError::Cancelled), "{err:?}");
    // Part way through a long body.
    let seen = Cell::new(0);
    let err = fetch(&format!("{base}/stream"), &options(), &|bytes, _| {
        seen.set(bytes);
        bytes == 0
    })
    .unwrap_err();
    assert!(matches!(err, FetchError::Cancelled), "{err:?}");
    assert!(seen.get() > 0 && seen.get() < 640 * 1024, "{}", seen.get());
}

#[test]
fn a_gzip_body_is_unpacked() {
    let base = start_server();
    let fetched = get(&format!("{base}/gzip"), &options()).unwrap();
    assert_eq!(fetched.bytes, PAGE.as_bytes());
    assert_eq!(fetched.file_name, "gzip.html");
}

#[test]
fn the_user_agent_is_honest() {
    let base = start_server();
    let fetched = get(&format!("{base}/ua"), &options()).unwrap();
    let sent = String::from_utf8(fetched.bytes).unwrap();
    assert_eq!(sent, USER_AGENT);
    assert!(sent.starts_with("Triangulate/"), "{sent}");
}

#[test]
fn a_closed_port_or_a_cut_body_is_unreachable() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let address = format!("http://127.0.0.1:{port}/page");
    let err = get(&address, &options()).unwrap_err();
    assert!(matches!(err, FetchError::Unreachable { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&address), "{message}");

    let base = start_server();
    let err = get(&format!("{base}/truncated"), &options()).unwrap_err();
    assert!(matches!(err, FetchError::Unreachable { .. }), "{err:?}");
}

#[test]
fn addresses_are_told_from_paths() {
    for address in [
        "http://example.org",
        "https://example.org/a",
        "HTTPS://EXAMPLE.ORG",
        "  https://example.org  ",
        "ftp://x",
        "file:///x",
    ] {
        assert!(looks_like_address(address), "{address}");
    }
    for path in [
        "article.html",
        "notes/http://x",
        "C:\\articles\\one.html",
        "C://articles/one.html",
        "/home/analyst/page.html",
        "htp:/x",
        "",
    ] {
        assert!(!looks_like_address(path), "{path}");
    }
}
