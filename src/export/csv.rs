//! CSV (RFC 4180): a header row, then one row per claim.
//!
//! UTF-8, CRLF between records, fields quoted when they must be, and an optional
//! byte-order mark so that Excel reads the file as UTF-8. Cells that a spreadsheet
//! would run as a formula (starting with `=`, `+`, `-`, `@`, tab, CR, LF or NUL)
//! get a leading `'`, as OWASP recommends against CSV injection.

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

/// Writes the claims as CSV.
pub(crate) fn write(set: &ClaimSet<'_>, bom: bool) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::new();
    if bom {
        bytes.extend_from_slice(BOM);
    }
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(bytes);
    let fail = |err: ::csv::Error| ExportError::write(Format::Csv, err);
    writer.write_record(COLUMNS).map_err(fail)?;
    for claim in &set.claims {
        let document = set.document(claim);
        let field = |get: fn(&crate::model::Document) -> &str| {
            document.map(|d| get(d).to_owned()).unwrap_or_default()
        };
        let tags: Vec<&str> = set.tags(claim).iter().map(|t| t.path.as_str()).collect();
        let record = [
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
        ];
        writer
            .write_record(record.iter().map(|cell| neutralise(cell).into_owned()))
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|err| ExportError::write(Format::Csv, err.error()))
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
}
