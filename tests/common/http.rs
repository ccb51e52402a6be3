//! A small HTTP server for the tests that fetch by address (no internet in tests
//! or CI): it listens on 127.0.0.1, reads each request's head, and hands the
//! request and the connection to the test's `answer`.
//!
//! Not under `common/mod.rs`, which needs the window: a test file takes it with
//! `#[path = "common/http.rs"] mod http;`.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

/// A request's path and head.
pub struct Request {
    /// The path asked for, such as `/news/bridge`.
    pub path: String,
    /// The request line and headers, as sent.
    #[allow(dead_code, reason = "read by some of the tests that include this file")]
    pub head: String,
}

#[allow(dead_code, reason = "used by some of the tests that include this file")]
impl Request {
    /// The value of the header `name` (any case), if sent.
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }
}

/// Starts a server that answers each connection's request with `answer`, on a
/// thread of its own; returns its base address, such as `http://127.0.0.1:4567`.
pub fn start(answer: fn(&Request, &mut TcpStream) -> std::io::Result<()>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port on 127.0.0.1");
    let base = format!("http://{}", listener.local_addr().expect("its address"));
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            thread::spawn(move || {
                let _ = serve(stream, answer);
            });
        }
    });
    base
}

/// Reads one request's head on `stream` and answers it, then closes it.
fn serve(
    mut stream: TcpStream,
    answer: fn(&Request, &mut TcpStream) -> std::io::Result<()>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut head = Vec::new();
    let mut buffer = [0_u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = stream.read(&mut buffer)?;
        if read == 0 {
            return Ok(());
        }
        head.extend_from_slice(buffer.get(..read).unwrap_or_default());
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    answer(&Request { path, head }, &mut stream)
}

/// Writes a whole response with a `Content-Length`.
pub fn respond(
    stream: &mut TcpStream,
    status: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<()> {
    write!(stream, "HTTP/1.1 {status}\r\n")?;
    for (name, value) in headers {
        write!(stream, "{name}: {value}\r\n")?;
    }
    write!(
        stream,
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
}
