//! XML read as a stream, bounded, with no entity ever expanded.
//!
//! [`read`] hands each element's start (its local name and attributes), its text
//! and its end to a callback, in document order, without building a tree: memory
//! stays proportional to the deepest element, not to the file. The five
//! predefined entities and character references are resolved; any other entity
//! reference is an error, and a document type declaration is skipped unread, so
//! an entity bomb has nothing to expand. Depth, element count, attribute count and
//! the length of one text are bounded by [`Limits`]. The text must be UTF-8 (with
//! or without a byte-order mark) or UTF-16 with one.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event as Raw};

/// How much a document may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Elements nested in one another.
    pub max_depth: usize,
    /// Elements in the whole document.
    pub max_elements: usize,
    /// Attributes of one element.
    pub max_attributes: usize,
    /// Bytes of one text or one attribute value.
    pub max_text_bytes: usize,
}

impl Limits {
    /// Generous for any real project: ten times the elements of a project of
    /// 300,000 coded selections, texts up to the size of our largest field.
    pub const DEFAULT: Self = Self {
        max_depth: 256,
        max_elements: 20_000_000,
        max_attributes: 64,
        max_text_bytes: 64 * 1024 * 1024,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// An element's start: its local name (without a namespace prefix) and attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// The local name (`Code` for `<qda:Code>`).
    pub name: String,
    /// The attributes, local names and resolved values, in document order.
    pub attributes: Vec<(String, String)>,
}

impl Element {
    /// The value of the attribute with this local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One step through a document.
#[derive(Debug, PartialEq, Eq)]
pub enum Event<'e> {
    /// An element starts (an empty element gives a start and an end).
    Start(&'e Element),
    /// Text inside the current element: character data, CDATA or a resolved
    /// reference. One element's text may come in several pieces.
    Text(&'e str),
    /// The current element ends; its local name.
    End(&'e str),
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("line {line}: {message}")]
pub struct XmlError {
    /// The line the reader was on, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The text of an XML file's bytes: UTF-8 with or without a byte-order mark, or
/// UTF-16 with one.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, XmlError> {
    let fail = |message: &str| XmlError {
        line: 1,
        message: message.to_owned(),
    };
    match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) if encoding != encoding_rs::UTF_8 => {
            let (text, malformed) =
                encoding.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default());
            if malformed {
                return Err(fail("the text is not valid UTF-16"));
            }
            Ok(Cow::Owned(text.into_owned()))
        }
        Some((_, bom)) => std::str::from_utf8(bytes.get(bom..).unwrap_or_default())
            .map(Cow::Borrowed)
            .map_err(|_| fail("the text is not valid UTF-8")),
        None => std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|_| fail("the text is not valid UTF-8")),
    }
}

/// Reads `xml`, calling `on` for each event; stops at the first error, the
/// reader's or the callback's.
pub fn read(
    xml: &str,
    limits: &Limits,
    mut on: impl FnMut(Event<'_>) -> Result<(), String>,
) -> Result<(), XmlError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.check_end_names = true;
    let line_at = |offset: u64| {
        let end = usize::try_from(offset).unwrap_or(usize::MAX).min(xml.len());
        1 + xml
            .as_bytes()
            .get(..end)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
    };
    let mut stack: Vec<String> = Vec::new();
    let mut elements = 0usize;
    let mut seen_root = false;
    let mut element = Element::default();
    loop {
        let position = reader.buffer_position();
        let fail = |message: String| XmlError {
            line: line_at(position),
            message,
        };
        let event = reader.read_event().map_err(|err| XmlError {
            line: line_at(reader.error_position()),
            message: err.to_string(),
        })?;
        match event {
            Raw::Start(start) => {
                if stack.is_empty() && seen_root {
                    return Err(fail("a second root element".into()));
                }
                seen_root = true;
                elements += 1;
                if elements > limits.max_elements {
                    return Err(fail(format!(
                        "more than {} elements; the document is refused",
                        limits.max_elements
                    )));
                }
                if stack.len() >= limits.max_depth {
                    return Err(fail(format!(
                        "elements nested more than {} deep; the document is refused",
                        limits.max_depth
                    )));
                }
                fill(&mut element, &start, limits).map_err(fail)?;
                on(Event::Start(&element)).map_err(fail)?;
                stack.push(std::mem::take(&mut element.name));
            }
            Raw::End(_) => {
                let name = stack.pop().unwrap_or_default();
                on(Event::End(&name)).map_err(fail)?;
            }
            Raw::Text(text) => {
                let text = text.xml10_content().map_err(|err| fail(err.to_string()))?;
                if stack.is_empty() {
                    if !text.trim().is_empty() {
                        return Err(fail("text outside the root element".into()));
                    }
                    continue;
                }
                check_length(text.len(), limits).map_err(fail)?;
                on(Event::Text(&text)).map_err(fail)?;
            }
            Raw::CData(data) => {
                let text = data.decode().map_err(|err| fail(err.to_string()))?;
                check_length(text.len(), limits).map_err(fail)?;
                if !stack.is_empty() {
                    on(Event::Text(&text)).map_err(fail)?;
                }
            }
            Raw::GeneralRef(reference) => {
                let resolved = match reference
                    .resolve_char_ref()
                    .map_err(|err| fail(err.to_string()))?
                {
                    Some(c) => c.to_string(),
                    None => {
                        let name = reference.decode().map_err(|err| fail(err.to_string()))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| {
                                fail(format!(
                                    "the entity “&{name};” is not one XML predefines; entities are never expanded"
                                ))
                            })?
                            .to_owned()
                    }
                };
                if !stack.is_empty() {
                    on(Event::Text(&resolved)).map_err(fail)?;
                }
            }
            // A DTD is skipped unread: entities it declares are refused where used.
            Raw::DocType(_) | Raw::Comment(_) | Raw::Decl(_) | Raw::PI(_) => {}
            Raw::Empty(_) => {
                // Never given: empty elements are expanded into a start and an end.
            }
            Raw::Eof => {
                if let Some(open) = stack.last() {
                    return Err(fail(format!("the file ends inside <{open}>")));
                }
                if !seen_root {
                    return Err(fail("no root element".into()));
                }
                return Ok(());
            }
        }
    }
}

/// Fills `element` with the name and attributes of `start`.
fn fill(element: &mut Element, start: &BytesStart<'_>, limits: &Limits) -> Result<(), String> {
    element.name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    element.attributes.clear();
    for attribute in start.attributes().with_checks(true) {
        let attribute = attribute.map_err(|err| err.to_string())?;
        let key = attribute.key.as_ref();
        if key == b"xmlns" || key.starts_with(b"xmlns:") {
            continue;
        }
        if element.attributes.len() >= limits.max_attributes {
            return Err(format!(
                "<{}> has more than {} attributes",
                element.name, limits.max_attributes
            ));
        }
        check_length(attribute.value.len(), limits)?;
        let name = String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Explicit1_0)
            .map_err(|err| format!("<{}> {name}: {err}", element.name))?
            .into_owned();
        element.attributes.push((name, value));
    }
    Ok(())
}

/// Refuses a text or attribute value longer than the limit.
fn check_length(bytes: usize, limits: &Limits) -> Result<(), String> {
    if bytes > limits.max_text_bytes {
        return Err(format!(
            "a text of more than {} bytes; the document is refused",
            limits.max_text_bytes
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

    use super::*;

    /// The events of `xml` as lines: `<name a=v>`, `text`, `</name>`.
    fn events(xml: &str, limits: &Limits) -> Result<Vec<String>, XmlError> {
        let mut out = Vec::new();
        read(xml, limits, |event| {
            out.push(match event {
                Event::Start(e) => {
                    let attrs: Vec<String> = e
                        .attributes
                        .iter()
                        .map(|(n, v)| format!(" {n}={v}"))
                        .collect();
                    format!("<{}{}>", e.name, attrs.concat())
                }
                Event::Text(t) => t.to_owned(),
                Event::End(n) => format!("</{n}>"),
            });
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn elements_text_and_references_come_in_order() {
        let xml = "<?xml version=\"1.0\"?>\n<q:P xmlns:q=\"urn:x\" name=\"a &amp; b\"><q:C g=\"&#x41;\"/>x &lt; y<![CDATA[<z>]]></q:P>";
        assert_eq!(
            events(xml, &Limits::DEFAULT).unwrap(),
            [
                "<P name=a & b>",
                "<C g=A>",
                "</C>",
                "x ",
                "<",
                " y",
                "<z>",
                "</P>"
            ]
        );
    }

    #[test]
    fn entities_are_never_expanded() {
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n<lolz>&lol2;</lolz>";
        let err = events(bomb, &Limits::DEFAULT).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("&lol2;"), "{err}");
        let external = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x a=\"&e;\"/>";
        assert!(events(external, &Limits::DEFAULT).is_err());
    }

    #[test]
    fn limits_hold() {
        let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
        let err = events(&deep, &Limits::DEFAULT).unwrap_err();
        assert!(err.message.contains("nested more than 256"), "{err}");
        let many = format!("<r>{}</r>", "<e/>".repeat(11));
        let few = Limits {
            max_elements: 10,
            ..Limits::DEFAULT
        };
        assert!(
            events(&many, &few)
                .unwrap_err()
                .message
                .contains("more than 10 elements")
        );
        let long = format!("<r>{}</r>", "x".repeat(101));
        let short = Limits {
            max_text_bytes: 100,
            ..Limits::DEFAULT
        };
        assert!(events(&long, &short).is_err());
        assert!(events("<r a=\"1\" a=\"2\"/>", &Limits::DEFAULT).is_err());
    }

    #[test]
    fn broken_documents_say_where() {
        let err = events("<a>\n<b>\n</a>", &Limits::DEFAULT).unwrap_err();
        assert!(err.line >= 2, "{err}");
        assert!(events("<a>", &Limits::DEFAULT).is_err());
        assert!(events("", &Limits::DEFAULT).is_err());
        assert!(events("<a/><b/>", &Limits::DEFAULT).is_err());
    }

    #[test]
    fn utf16_and_boms_are_read() {
        let mut utf16 = vec![0xff, 0xfe];
        for unit in "<a>é</a>".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap(), "<a>é</a>");
        assert_eq!(decode(b"\xef\xbb\xbf<a/>").unwrap(), "<a/>");
        assert!(decode(b"<a>\xff</a>").is_err());
    }
}
