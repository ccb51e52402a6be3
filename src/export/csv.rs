//! CSV (RFC 4180): a header row, then one row per claim.
//!
//! UTF-8, CRLF between records, fields quoted when they must be, and an optional
//! byte-order mark so that Excel reads the file as UTF-8. Cells that a spreadsheet
//! would run as a formula (starting with `=`, `+`, `-`, `@`, tab, CR, LF or NUL)
//! get a leading `'`, as OWASP recommends against CSV injection.
//!
//! [`write_rows`] is the one CSV writer of Triangulate: the claims export and
//! `triangulate compare --format csv` both write through it, so every cell of
//! every CSV goes through [`neutralise`].

use super::{ClaimSet, ExportError, Format};

/// The header row, in column order.
pub const COLUMNS: [&str; 18] = [
    "document_title",
    "outlet",
    "url",
    "published",
    "source",
    "stance",
    "proposition",
    "tags",
    "value",
    "quote",
    "note",
    "annotator",
    "created",
    "modified",
    "review_status",
    "char_start",
    "char_end",
    "claim_id",
];

/// What joins a claim's tags in the `tags` column.
pub const TAG_SEPARATOR: &str = "; ";

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How the records of a CSV end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnd {
    /// `\r\n`, as RFC 4180 has it (files for spreadsheets).
    Crlf,
    /// `\n` (text for a terminal or a pipeline).
    Lf,
}

/// Writes `rows` as CSV after `prefix` (a byte-order mark, or nothing): fields
/// quoted when they must be, every cell [neutralised](neutralise).
pub fn write_rows<R, C>(prefix: &[u8], rows: R, line_end: LineEnd) -> Result<Vec<u8>, ::csv::Error>
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(match line_end {
            LineEnd::Crlf => ::csv::Terminator::CRLF,
            LineEnd::Lf => ::csv::Terminator::Any(b'\n'),
        })
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(prefix.to_vec());
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|cell| neutralise(cell.as_ref()).into_owned())
            .collect();
        writer.write_record(&cells)?;
    }
    writer
        .into_inner()
        .map_err(|err| ::csv::Error::from(err.into_error()))
}

/// Writes the claims as CSV.
pub(crate) fn write(set: &ClaimSet<'_>, bom: bool) -> Result<Vec<u8>, ExportError> {
    let header = COLUMNS.map(str::to_owned);
    let records = set.claims.iter().map(|claim| {
        let document = set.document(claim);
        let field = |get: fn(&crate::model::Document) -> &str| {
            document.map(|d| get(d).to_owned()).unwrap_or_default()
        };
        let tags: Vec<&str> = set.tags(claim).iter().map(|t| t.path.as_str()).collect();
        [
            field(|d| &d.title),
            field(|d| &d.outlet),
            field(|d| &d.url),
            field(|d| &d.published),
            set.asserted_by(claim),
            set.stance_name(claim),
            set.proposition(claim)
                .map(|p| p.text.clone())
                .unwrap_or_default(),
            tags.join(TAG_SEPARATOR),
            claim.value.clone(),
            claim.quote.exact.clone(),
            claim.note.clone(),
            claim.annotator.clone(),
            claim.created.clone(),
            claim.modified.clone(),
            claim
                .review
                .as_ref()
                .map(|r| r.status.label().to_owned())
                .unwrap_or_default(),
            claim.range.start.to_string(),
            claim.range.end.to_string(),
            claim.id.to_string(),
        ]
    });
    write_rows(
        if bom { BOM } else { &[] },
        std::iter::once(header).chain(records),
        LineEnd::Crlf,
    )
    .map_err(|err| ExportError::write(Format::Csv, err))
}

/// The cell with a leading `'` when a spreadsheet would otherwise run it as a formula.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n' | '\0') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", "\0x"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        for cell in ["568", "", "a=b", "'quoted", " =x"] {
            assert_eq!(neutralise(cell), cell);
        }
    }

    #[test]
    fn rows_are_quoted_neutralised_and_ended_as_asked() {
        let rows = [["a,b", "=HYPERLINK(\"x\")"], ["-1", "plain"]];
        let crlf = write_rows(b"", rows, LineEnd::Crlf).unwrap();
        assert_eq!(
            String::from_utf8(crlf).unwrap(),
            "\"a,b\",\"'=HYPERLINK(\"\"x\"\")\"\r\n'-1,plain\r\n"
        );
        let lf = write_rows(BOM, [["x"]], LineEnd::Lf).unwrap();
        assert_eq!(lf, b"\xEF\xBB\xBFx\n");
    }
}
