//! Cross-tabulation: claims counted by tag and source, tag and stance, source and stance.
//!
//! A [`CrossTab`] counts the claims that pass a [`ClaimFilter`] (all of them, one
//! document's, or what the claims panel shows) in a table of one [`Dimension`]
//! against another. The rules:
//!
//! - **Tags.** A claim counts once in the row of each tag it carries, so a claim
//!   with two tags counts in two rows, and the tag rows may add up to more than
//!   the claims: the totals ([`CrossTab::row_totals`], [`CrossTab::column_totals`]
//!   and [`CrossTab::total`]) count each claim once, and the grand total is the
//!   number of distinct claims counted. A nested tag ("military/withdrawal")
//!   counts under its own path only, not under its parent's. A claim with no tag
//!   counts in the "(no tag)" row.
//! - **Sources.** A claim counts under its source; a claim with no source (its
//!   document's outlet asserts it) counts under "(no source)".
//! - **Stances.** The project's whole scale is shown, in its order, even a stance
//!   no claim takes; a claim with no stance counts under "(no stance)".
//! - Tags and sources that no counted claim has, and the "(no …)" headers when no
//!   claim falls there, are left out. Tags are sorted by path, sources by name,
//!   ignoring case; the "(no …)" header comes last.
//!
//! Every cell gives back the [`ClaimFilter`] that lists exactly its claims
//! ([`CrossTab::filter_for`]): the base filter and the cell's row and column.
//! [`CrossTab::to_csv`] writes the table through the project's one CSV writer.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use crate::export::csv::{LineEnd, write_rows};
use crate::model::{Project, SourceId, StanceId, TagId};
use crate::query::{ClaimFilter, SourceFilter, filtered_claims};

/// What the rows or the columns of a table count claims by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// The claim's tags (each one).
    Tags,
    /// Who asserts the claim.
    Sources,
    /// The claim's stance.
    Stances,
}

impl Dimension {
    /// Its name in a table's corner and in the CSV ("Tag").
    pub fn label(self) -> &'static str {
        match self {
            Self::Tags => "Tag",
            Self::Sources => "Source",
            Self::Stances => "Stance",
        }
    }

    /// Its name on the command line ("tags").
    pub fn name(self) -> &'static str {
        match self {
            Self::Tags => "tags",
            Self::Sources => "sources",
            Self::Stances => "stances",
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Dimension {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "tags" | "tag" => Ok(Self::Tags),
            "sources" | "source" => Ok(Self::Sources),
            "stances" | "stance" => Ok(Self::Stances),
            other => Err(format!(
                "“{other}” is not something to count by: use tags, sources or stances"
            )),
        }
    }
}

/// The three tables the window offers: rows, then columns.
pub const PAIRS: [(Dimension, Dimension); 3] = [
    (Dimension::Tags, Dimension::Sources),
    (Dimension::Tags, Dimension::Stances),
    (Dimension::Sources, Dimension::Stances),
];

/// What one row or column stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// Claims carrying this tag itself.
    Tag(TagId),
    /// Claims with no tag.
    NoTag,
    /// Claims asserted by this source.
    Source(SourceId),
    /// Claims with no source (asserted by their document's outlet).
    NoSource,
    /// Claims taking this stance.
    Stance(StanceId),
    /// Claims taking no stance.
    NoStance,
}

/// A row or a column of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// What it counts.
    pub key: Key,
    /// Its name for people: the tag's path, the source's name, the stance's name, or "(no tag)".
    pub label: String,
    /// For a tag: whether other tags are nested under it (then the claims panel's
    /// tag filter, which takes nested tags in, cannot list only its claims).
    pub has_nested: bool,
}

/// A table of claim counts: one dimension in the rows, another in the columns.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossTab {
    /// What the rows count by.
    pub row_dimension: Dimension,
    /// What the columns count by.
    pub column_dimension: Dimension,
    /// The rows, top to bottom.
    pub rows: Vec<Header>,
    /// The columns, left to right.
    pub columns: Vec<Header>,
    /// The counts, row after row (`rows.len() × columns.len()`).
    counts: Vec<usize>,
    /// The claims in each row, each counted once.
    pub row_totals: Vec<usize>,
    /// The claims in each column, each counted once.
    pub column_totals: Vec<usize>,
    /// The distinct claims counted.
    pub total: usize,
    /// The filter the claims passed.
    pub base: ClaimFilter,
}

/// Why a table could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CrossTabError {
    /// Rows and columns count by the same thing.
    #[error("the rows and the columns both count {0}: choose two different things to count by")]
    SameDimension(Dimension),
}

impl CrossTab {
    /// Counts the claims of `project` that `base` keeps, `rows` against `columns`.
    pub fn new(
        project: &Project,
        base: &ClaimFilter,
        rows: Dimension,
        columns: Dimension,
    ) -> Result<Self, CrossTabError> {
        if rows == columns {
            return Err(CrossTabError::SameDimension(rows));
        }
        let claims = filtered_claims(project, base);
        let mut row_axis = Axis::new(project, rows);
        let mut column_axis = Axis::new(project, columns);
        // Counted by key first (a few hash lookups per claim), laid out once all are known.
        let mut cells: HashMap<(usize, usize), usize> = HashMap::new();
        let mut row_keys = Vec::new();
        let mut column_keys = Vec::new();
        for claim in claims.iter().filter_map(|&at| project.claims.get(at)) {
            row_axis.keys_of(claim, &mut row_keys);
            column_axis.keys_of(claim, &mut column_keys);
            for &r in &row_keys {
                *row_axis.totals.entry(r).or_default() += 1;
                for &c in &column_keys {
                    *cells.entry((r, c)).or_default() += 1;
                }
            }
            for &c in &column_keys {
                *column_axis.totals.entry(c).or_default() += 1;
            }
        }
        let (row_headers, row_totals, row_at) = row_axis.finish();
        let (column_headers, column_totals, column_at) = column_axis.finish();
        let width = column_headers.len();
        let mut counts = vec![0; row_headers.len() * width];
        for ((r, c), count) in cells {
            if let (Some(&r), Some(&c)) = (row_at.get(&r), column_at.get(&c))
                && let Some(cell) = counts.get_mut(r * width + c)
            {
                *cell = count;
            }
        }
        Ok(Self {
            row_dimension: rows,
            column_dimension: columns,
            rows: row_headers,
            columns: column_headers,
            counts,
            row_totals,
            column_totals,
            total: claims.len(),
            base: base.clone(),
        })
    }

    /// The count of a cell, of a row's total (`column` is `None`), of a column's
    /// total (`row` is `None`) or the grand total (both `None`); `None` outside the table.
    pub fn count(&self, row: Option<usize>, column: Option<usize>) -> Option<usize> {
        match (row, column) {
            (Some(r), Some(c)) if c < self.columns.len() => {
                self.counts.get(r * self.columns.len() + c).copied()
            }
            (Some(_), Some(_)) => None,
            (Some(r), None) => self.row_totals.get(r).copied(),
            (None, Some(c)) => self.column_totals.get(c).copied(),
            (None, None) => Some(self.total),
        }
    }

    /// The largest count of a cell (not of a total), for shading.
    pub fn max_count(&self) -> usize {
        self.counts.iter().copied().max().unwrap_or(0)
    }

    /// The filter that lists exactly the claims counted at `row` and `column` (a
    /// `None` stands for the total over them, as in [`count`](Self::count)): the
    /// base filter, narrowed to the row and the column. `None` outside the table
    /// and where the count is zero (a filter cannot always list nothing).
    pub fn filter_for(&self, row: Option<usize>, column: Option<usize>) -> Option<ClaimFilter> {
        if self.count(row, column)? == 0 {
            return None;
        }
        let mut filter = self.base.clone();
        for header in [
            row.and_then(|r| self.rows.get(r)),
            column.and_then(|c| self.columns.get(c)),
        ]
        .into_iter()
        .flatten()
        {
            narrow(&mut filter, header);
        }
        Some(filter)
    }

    /// The table as CSV (UTF-8, CRLF): a header row (the corner names the rows'
    /// and the columns' dimension, then the columns and "Total"), a row per row
    /// ending with its total, and a "Total" row ending with the distinct claims
    /// counted. Every cell goes through the project's CSV writer, which
    /// neutralises what a spreadsheet would run as a formula.
    pub fn to_csv(&self) -> Result<Vec<u8>, ::csv::Error> {
        let corner = format!(
            "{} \\ {}",
            self.row_dimension.label(),
            self.column_dimension.label()
        );
        let header = std::iter::once(corner)
            .chain(self.columns.iter().map(|h| h.label.clone()))
            .chain(std::iter::once("Total".to_owned()))
            .collect::<Vec<_>>();
        let width = self.columns.len();
        let body = self.rows.iter().enumerate().map(move |(r, row)| {
            std::iter::once(row.label.clone())
                .chain(
                    (0..width).map(move |c| self.count(Some(r), Some(c)).unwrap_or(0).to_string()),
                )
                .chain(std::iter::once(
                    self.row_totals.get(r).copied().unwrap_or(0).to_string(),
                ))
                .collect::<Vec<_>>()
        });
        let totals = std::iter::once("Total".to_owned())
            .chain(self.column_totals.iter().map(ToString::to_string))
            .chain(std::iter::once(self.total.to_string()))
            .collect::<Vec<_>>();
        write_rows(
            b"",
            std::iter::once(header)
                .chain(body)
                .chain(std::iter::once(totals)),
            LineEnd::Crlf,
        )
    }
}

/// Adds the condition of `header` to `filter`, using the fields the claims panel
/// shows where they say exactly the same.
fn narrow(filter: &mut ClaimFilter, header: &Header) {
    match header.key {
        Key::Tag(id) => {
            // The panel's tag filter takes nested tags in: right only for a tag with none.
            if filter.tag.is_none() && !header.has_nested {
                filter.tag = Some(id);
            } else if (filter.tag != Some(id) || header.has_nested)
                && !filter.own_tags.contains(&id)
            {
                filter.own_tags.push(id);
            }
        }
        Key::NoTag => filter.untagged_only = true,
        Key::Source(id) => filter.source = Some(SourceFilter::Source(id)),
        Key::NoSource => filter.source = Some(SourceFilter::DocumentOutlet),
        Key::Stance(id) => filter.stance = Some(id),
        Key::NoStance => filter.no_stance_only = true,
    }
}

/// One side of a table while claims are counted.
struct Axis {
    dimension: Dimension,
    /// The headers the project's vocabulary gives, in the table's order, by key.
    known: Vec<Header>,
    /// Where each key is in `known`.
    index: HashMap<Key, usize>,
    /// The claims counted per header (by index into `known`).
    totals: HashMap<usize, usize>,
}

impl Axis {
    fn new(project: &Project, dimension: Dimension) -> Self {
        let mut known: Vec<Header> = match dimension {
            Dimension::Tags => {
                let paths: HashSet<String> =
                    project.tags.iter().map(|t| lower_path(&t.path)).collect();
                let mut parents = HashSet::new();
                for path in &paths {
                    let mut rest = path.as_str();
                    while let Some((parent, _)) = rest.rsplit_once('/') {
                        parents.insert(parent.to_owned());
                        rest = parent;
                    }
                }
                let mut tags: Vec<Header> = project
                    .tags
                    .iter()
                    .map(|t| Header {
                        key: Key::Tag(t.id),
                        label: t.path.trim().to_owned(),
                        has_nested: parents.contains(&lower_path(&t.path)),
                    })
                    .collect();
                tags.sort_by_cached_key(|h| (h.label.to_lowercase(), h.label.clone()));
                tags.push(none_header(Key::NoTag, "(no tag)"));
                tags
            }
            Dimension::Sources => {
                let mut sources: Vec<Header> = project
                    .sources
                    .iter()
                    .map(|s| Header {
                        key: Key::Source(s.id),
                        label: s.name.trim().to_owned(),
                        has_nested: false,
                    })
                    .collect();
                sources.sort_by_cached_key(|h| (h.label.to_lowercase(), h.label.clone()));
                sources.push(none_header(Key::NoSource, "(no source)"));
                sources
            }
            Dimension::Stances => {
                let mut stances: Vec<Header> = project
                    .stances
                    .iter()
                    .map(|s| Header {
                        key: Key::Stance(s.id),
                        label: s.name.trim().to_owned(),
                        has_nested: false,
                    })
                    .collect();
                stances.push(none_header(Key::NoStance, "(no stance)"));
                stances
            }
        };
        // The first of two entries with one id wins, as `Project::tag` and friends do.
        let mut index = HashMap::with_capacity(known.len());
        let mut kept = Vec::with_capacity(known.len());
        for header in known.drain(..) {
            if let std::collections::hash_map::Entry::Vacant(entry) = index.entry(header.key) {
                entry.insert(kept.len());
                kept.push(header);
            }
        }
        Self {
            dimension,
            known: kept,
            index,
            totals: HashMap::new(),
        }
    }

    /// The headers (indices into `known`) `claim` counts under, into `out`; a tag,
    /// source or stance the project does not list gets a header of its own.
    fn keys_of(&mut self, claim: &crate::model::Claim, out: &mut Vec<usize>) {
        out.clear();
        match self.dimension {
            Dimension::Tags if claim.tags.is_empty() => out.push(self.at(Key::NoTag)),
            Dimension::Tags => {
                for &tag in &claim.tags {
                    let at = self.at(Key::Tag(tag));
                    if !out.contains(&at) {
                        out.push(at);
                    }
                }
            }
            Dimension::Sources => {
                out.push(self.at(claim.source.map_or(Key::NoSource, Key::Source)))
            }
            Dimension::Stances => {
                out.push(self.at(claim.stance.map_or(Key::NoStance, Key::Stance)))
            }
        }
    }

    /// Where `key` is in `known`, adding a header for an id the project does not list.
    fn at(&mut self, key: Key) -> usize {
        if let Some(&at) = self.index.get(&key) {
            return at;
        }
        let label = match key {
            Key::Tag(id) => format!("(missing tag {})", id.short()),
            Key::Source(id) => format!("(missing source {})", id.short()),
            Key::Stance(id) => format!("(missing stance {})", id.short()),
            Key::NoTag | Key::NoSource | Key::NoStance => String::from("(none)"),
        };
        let at = self.known.len();
        self.known.push(Header {
            key,
            label,
            has_nested: false,
        });
        self.index.insert(key, at);
        at
    }

    /// The headers shown (stances always; others only with claims), their totals,
    /// and where each index into `known` went.
    fn finish(self) -> (Vec<Header>, Vec<usize>, HashMap<usize, usize>) {
        let mut headers = Vec::new();
        let mut totals = Vec::new();
        let mut moved = HashMap::new();
        // Headers for ids the project does not list go just before the "(no …)" one.
        let none_at = self
            .known
            .iter()
            .position(|h| matches!(h.key, Key::NoTag | Key::NoSource | Key::NoStance));
        let listed = none_at.unwrap_or(self.known.len());
        let order = (0..listed)
            .chain(self.known.len().min(listed + 1)..self.known.len())
            .chain(none_at);
        for at in order {
            let Some(header) = self.known.get(at) else {
                continue;
            };
            let total = self.totals.get(&at).copied().unwrap_or(0);
            let always = matches!(header.key, Key::Stance(_));
            if total == 0 && !always {
                continue;
            }
            moved.insert(at, headers.len());
            headers.push(header.clone());
            totals.push(total);
        }
        (headers, totals, moved)
    }
}

/// The header of claims without a tag, source or stance.
fn none_header(key: Key, label: &str) -> Header {
    Header {
        key,
        label: label.to_owned(),
        has_nested: false,
    }
}

/// A tag's path trimmed, lowercased and without a trailing `/`, as the tag filter compares them.
fn lower_path(path: &str) -> String {
    path.trim().trim_end_matches('/').to_lowercase()
}

/// Writes a table's CSV to `path`: never over a project file, and atomically
/// (the file is either the old one or the whole new one). Returns a message
/// for the user either way.
pub fn write_csv_file(table: &CrossTab, path: &Path) -> Result<String, String> {
    if crate::io::guard::is_project_file(path) {
        return Err(format!(
            "Did not save the table: {} is a Triangulate project file, and an export never writes over a project; choose another name",
            path.display()
        ));
    }
    let bytes = table
        .to_csv()
        .map_err(|err| format!("Could not write the table as CSV: {err}"))?;
    crate::export::write_file(path, &bytes)
        .map_err(|err| format!("Could not write {}: {err:#}", path.display()))?;
    Ok(format!(
        "Saved the {} × {} table ({} claims) to {}",
        table.row_dimension.name(),
        table.column_dimension.name(),
        table.total,
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CharRange, Claim, Colour, Document, Source, Stance, Tag};

    /// Two documents, four sources (one unused, one named like a formula), four
    /// tags (one unused, one nested) and six claims:
    ///
    /// | claim | doc | source            | stance   | tags                               |
    /// |-------|-----|-------------------|----------|------------------------------------|
    /// | c0    | A   | Serhiy Haidai     | Supports | casualties/civilian                |
    /// | c1    | A   | Rodion Miroshnik  | Disputes | casualties, military/withdrawal    |
    /// | c2    | B   | @lpr_official     | Supports | —                                  |
    /// | c3    | B   | Serhiy Haidai     | —        | casualties                         |
    /// | c4    | A   | Rodion Miroshnik  | Supports | casualties/civilian (twice)        |
    /// | c5    | B   | — (outlet)        | Disputes | military/withdrawal                |
    struct Fixture {
        project: Project,
        doc_a: crate::model::DocumentId,
        casualties: TagId,
        civilian: TagId,
        military: TagId,
    }

    fn fixture() -> Fixture {
        let mut project = Project::new("crosstab");
        let mut doc_a = Document::new("A", "Haidai said 568 civilians remain in the plant.");
        doc_a.outlet = "UNIAN".into();
        let mut doc_b = Document::new("B", "Up to 500 civilians, according to TASS.");
        doc_b.outlet = "TASS".into();
        let haidai = Source::new("Serhiy Haidai");
        let miroshnik = Source::new("Rodion Miroshnik");
        let lpr = Source::new("@lpr_official");
        let unused = Source::new("Unused source");
        let casualties = Tag::new("casualties", Colour::palette(0));
        let civilian = Tag::new("casualties/civilian", Colour::palette(1));
        let military = Tag::new("military/withdrawal", Colour::palette(2));
        let azot = Tag::new("Azot", Colour::palette(3));
        let claim = |doc: &Document, source: Option<&Source>, stance, tags: Vec<TagId>| {
            let mut c = Claim::new(doc, CharRange::new(0, 6), "ana").expect("claim");
            c.source = source.map(|s| s.id);
            c.stance = stance;
            c.tags = tags;
            c
        };
        project.claims = vec![
            claim(
                &doc_a,
                Some(&haidai),
                Some(Stance::SUPPORTS),
                vec![civilian.id],
            ),
            claim(
                &doc_a,
                Some(&miroshnik),
                Some(Stance::DISPUTES),
                vec![casualties.id, military.id],
            ),
            claim(&doc_b, Some(&lpr), Some(Stance::SUPPORTS), vec![]),
            claim(&doc_b, Some(&haidai), None, vec![casualties.id]),
            claim(
                &doc_a,
                Some(&miroshnik),
                Some(Stance::SUPPORTS),
                vec![civilian.id, civilian.id],
            ),
            claim(&doc_b, None, Some(Stance::DISPUTES), vec![military.id]),
        ];
        let fixture = Fixture {
            doc_a: doc_a.id,
            casualties: casualties.id,
            civilian: civilian.id,
            military: military.id,
            project,
        };
        let mut fixture = fixture;
        fixture.project.documents = vec![doc_a, doc_b];
        fixture.project.sources = vec![haidai, miroshnik, lpr, unused];
        fixture.project.tags = vec![casualties, civilian, military, azot];
        fixture
    }

    fn labels(headers: &[Header]) -> Vec<&str> {
        headers.iter().map(|h| h.label.as_str()).collect()
    }

    /// The table's counts, row by row.
    fn grid(table: &CrossTab) -> Vec<Vec<usize>> {
        (0..table.rows.len())
            .map(|r| {
                (0..table.columns.len())
                    .map(|c| table.count(Some(r), Some(c)).unwrap())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_three_tables_count_as_the_rules_say() {
        let f = fixture();
        let all = ClaimFilter::default();
        let stances = ["Supports", "Disputes", "Neutral", "Unclear", "(no stance)"];
        // Rows, columns, their labels, the counts, the row totals, the column totals.
        type Case<'a> = (
            Dimension,
            Dimension,
            Vec<&'a str>,
            Vec<&'a str>,
            Vec<Vec<usize>>,
            Vec<usize>,
            Vec<usize>,
        );
        let cases: [Case<'_>; 3] = [
            (
                Dimension::Tags,
                Dimension::Sources,
                vec![
                    "casualties",
                    "casualties/civilian",
                    "military/withdrawal",
                    "(no tag)",
                ],
                vec![
                    "@lpr_official",
                    "Rodion Miroshnik",
                    "Serhiy Haidai",
                    "(no source)",
                ],
                vec![
                    vec![0, 1, 1, 0],
                    vec![0, 1, 1, 0],
                    vec![0, 1, 0, 1],
                    vec![1, 0, 0, 0],
                ],
                vec![2, 2, 2, 1],
                vec![1, 2, 2, 1],
            ),
            (
                Dimension::Tags,
                Dimension::Stances,
                vec![
                    "casualties",
                    "casualties/civilian",
                    "military/withdrawal",
                    "(no tag)",
                ],
                stances.to_vec(),
                vec![
                    vec![0, 1, 0, 0, 1],
                    vec![2, 0, 0, 0, 0],
                    vec![0, 2, 0, 0, 0],
                    vec![1, 0, 0, 0, 0],
                ],
                vec![2, 2, 2, 1],
                vec![3, 2, 0, 0, 1],
            ),
            (
                Dimension::Sources,
                Dimension::Stances,
                vec![
                    "@lpr_official",
                    "Rodion Miroshnik",
                    "Serhiy Haidai",
                    "(no source)",
                ],
                stances.to_vec(),
                vec![
                    vec![1, 0, 0, 0, 0],
                    vec![1, 1, 0, 0, 0],
                    vec![1, 0, 0, 0, 1],
                    vec![0, 1, 0, 0, 0],
                ],
                vec![1, 2, 2, 1],
                vec![3, 2, 0, 0, 1],
            ),
        ];
        for (rows, columns, row_labels, column_labels, counts, row_totals, column_totals) in cases {
            let what = format!("{rows} x {columns}");
            let table = CrossTab::new(&f.project, &all, rows, columns).unwrap();
            assert_eq!(labels(&table.rows), row_labels, "{what}");
            assert_eq!(labels(&table.columns), column_labels, "{what}");
            assert_eq!(grid(&table), counts, "{what}");
            assert_eq!(table.row_totals, row_totals, "{what}");
            assert_eq!(table.column_totals, column_totals, "{what}");
            assert_eq!(table.total, 6, "{what}: six distinct claims");
            assert_eq!(table.count(None, None), Some(6));
            assert_eq!(
                table.max_count(),
                counts.iter().flatten().copied().max().unwrap()
            );
        }
    }

    #[test]
    fn a_claim_with_two_tags_counts_in_both_rows_but_once_in_the_totals() {
        let f = fixture();
        let table = CrossTab::new(
            &f.project,
            &ClaimFilter::default(),
            Dimension::Tags,
            Dimension::Sources,
        )
        .unwrap();
        // c1 (casualties and military/withdrawal) is in two rows: the tag rows add to 7 of 6 claims.
        assert_eq!(table.row_totals.iter().sum::<usize>(), 7);
        assert_eq!(table.total, 6);
        // Miroshnik's column counts c1 and c4 once each, though its cells add to 3.
        let miroshnik = 1;
        let cells: usize = (0..table.rows.len())
            .map(|r| table.count(Some(r), Some(miroshnik)).unwrap())
            .sum();
        assert_eq!((cells, table.column_totals[miroshnik]), (3, 2));
        // c4 carries casualties/civilian twice and counts once there.
        assert_eq!(table.count(Some(1), Some(miroshnik)), Some(1));
        // Nested tags count under their own path: casualties holds c1 and c3, not c0 and c4.
        assert_eq!(table.rows[0].key, Key::Tag(f.casualties));
        assert_eq!(table.row_totals[0], 2);
        assert!(table.rows[0].has_nested && !table.rows[1].has_nested);
    }

    #[test]
    fn the_base_filter_narrows_the_table_and_empty_headers_go() {
        let f = fixture();
        let only_a = ClaimFilter {
            document: Some(f.doc_a),
            ..ClaimFilter::default()
        };
        let table =
            CrossTab::new(&f.project, &only_a, Dimension::Tags, Dimension::Sources).unwrap();
        assert_eq!(
            labels(&table.rows),
            ["casualties", "casualties/civilian", "military/withdrawal"]
        );
        assert_eq!(
            labels(&table.columns),
            ["Rodion Miroshnik", "Serhiy Haidai"]
        );
        assert_eq!(grid(&table), [[1, 0], [1, 1], [1, 0]]);
        assert_eq!(table.total, 3);
        // Stances stay, all of them, even when no claim takes one.
        let stances =
            CrossTab::new(&f.project, &only_a, Dimension::Sources, Dimension::Stances).unwrap();
        assert_eq!(
            labels(&stances.columns),
            ["Supports", "Disputes", "Neutral", "Unclear"]
        );
        assert_eq!(grid(&stances), [[1, 1, 0, 0], [1, 0, 0, 0]]);
        // Nothing kept: an empty table, a total of zero, and no filter to click.
        let none = ClaimFilter {
            text: "no claim says this".into(),
            ..ClaimFilter::default()
        };
        let empty = CrossTab::new(&f.project, &none, Dimension::Tags, Dimension::Stances).unwrap();
        assert!(empty.rows.is_empty());
        assert_eq!((empty.total, empty.filter_for(None, None)), (0, None));
        assert_eq!(
            empty.to_csv().unwrap(),
            b"Tag \\ Stance,Supports,Disputes,Neutral,Unclear,Total\r\nTotal,0,0,0,0,0\r\n"
        );
    }

    #[test]
    fn rows_and_columns_must_differ() {
        let f = fixture();
        let same = CrossTab::new(
            &f.project,
            &ClaimFilter::default(),
            Dimension::Tags,
            Dimension::Tags,
        );
        assert_eq!(
            same.unwrap_err(),
            CrossTabError::SameDimension(Dimension::Tags)
        );
        assert_eq!("Sources".parse::<Dimension>(), Ok(Dimension::Sources));
        assert!(
            "documents"
                .parse::<Dimension>()
                .unwrap_err()
                .contains("tags, sources or stances")
        );
    }

    #[test]
    fn the_csv_is_the_table_with_its_totals_and_no_formula() {
        let f = fixture();
        let table = CrossTab::new(
            &f.project,
            &ClaimFilter::default(),
            Dimension::Tags,
            Dimension::Sources,
        )
        .unwrap();
        let csv = String::from_utf8(table.to_csv().unwrap()).unwrap();
        assert_eq!(
            csv,
            "Tag \\ Source,'@lpr_official,Rodion Miroshnik,Serhiy Haidai,(no source),Total\r\n\
             casualties,0,1,1,0,2\r\n\
             casualties/civilian,0,1,1,0,2\r\n\
             military/withdrawal,0,1,0,1,2\r\n\
             (no tag),1,0,0,0,1\r\n\
             Total,1,2,2,1,6\r\n"
        );
    }

    /// Whether `claim` belongs under `key`, said the plain way.
    fn under(claim: &Claim, key: Key) -> bool {
        match key {
            Key::Tag(id) => claim.tags.contains(&id),
            Key::NoTag => claim.tags.is_empty(),
            Key::Source(id) => claim.source == Some(id),
            Key::NoSource => claim.source.is_none(),
            Key::Stance(id) => claim.stance == Some(id),
            Key::NoStance => claim.stance.is_none(),
        }
    }

    #[test]
    fn every_cell_and_total_lists_exactly_the_claims_it_counts() {
        let f = fixture();
        let bases = [
            ClaimFilter::default(),
            ClaimFilter {
                document: Some(f.doc_a),
                ..ClaimFilter::default()
            },
            // The claims panel's tag filter takes nested tags in: casualties and casualties/civilian.
            ClaimFilter {
                tag: Some(f.casualties),
                ..ClaimFilter::default()
            },
            ClaimFilter {
                own_tags: vec![f.military],
                ..ClaimFilter::default()
            },
            ClaimFilter {
                stance: Some(Stance::SUPPORTS),
                ..ClaimFilter::default()
            },
        ];
        let mut checked = 0;
        for base in &bases {
            let kept = filtered_claims(&f.project, base);
            for (rows, columns) in PAIRS {
                let table = CrossTab::new(&f.project, base, rows, columns).unwrap();
                let row_choices = (0..table.rows.len()).map(Some).chain([None]);
                for row in row_choices {
                    let column_choices = (0..table.columns.len()).map(Some).chain([None]);
                    for column in column_choices {
                        let expected: Vec<usize> = kept
                            .iter()
                            .copied()
                            .filter(|&at| {
                                let claim = &f.project.claims[at];
                                row.is_none_or(|r| under(claim, table.rows[r].key))
                                    && column.is_none_or(|c| under(claim, table.columns[c].key))
                            })
                            .collect();
                        let what = format!("{base:?} {rows} x {columns} at {row:?}, {column:?}");
                        assert_eq!(table.count(row, column), Some(expected.len()), "{what}");
                        match table.filter_for(row, column) {
                            Some(filter) => {
                                assert_eq!(
                                    filtered_claims(&f.project, &filter),
                                    expected,
                                    "{what}"
                                );
                                checked += 1;
                            }
                            None => assert!(expected.is_empty(), "{what}"),
                        }
                    }
                }
            }
        }
        assert!(checked > 60, "only {checked} cells had claims");
        // Outside the table: nothing.
        let table = CrossTab::new(
            &f.project,
            &ClaimFilter::default(),
            Dimension::Tags,
            Dimension::Sources,
        )
        .unwrap();
        assert_eq!(table.count(Some(99), Some(0)), None);
        assert_eq!(table.count(Some(0), Some(99)), None);
        assert_eq!(table.filter_for(Some(0), Some(99)), None);
    }

    #[test]
    fn cell_filters_use_the_claims_panels_own_fields_where_they_can() {
        let f = fixture();
        let table = CrossTab::new(
            &f.project,
            &ClaimFilter::default(),
            Dimension::Tags,
            Dimension::Stances,
        )
        .unwrap();
        // casualties/civilian × Supports: a tag with nothing nested, and a stance.
        let civilian = table.filter_for(Some(1), Some(0)).unwrap();
        assert_eq!(civilian.tag, Some(f.civilian));
        assert!(civilian.own_tags.is_empty());
        assert_eq!(civilian.stance, Some(Stance::SUPPORTS));
        // casualties has a nested tag: its own claims need `own_tags`.
        let casualties = table.filter_for(Some(0), None).unwrap();
        assert_eq!(
            (casualties.tag, casualties.own_tags),
            (None, vec![f.casualties])
        );
        // "(no tag)" and "(no stance)".
        assert!(table.filter_for(Some(3), None).unwrap().untagged_only);
        assert!(table.filter_for(None, Some(4)).unwrap().no_stance_only);
        let sources = CrossTab::new(
            &f.project,
            &ClaimFilter::default(),
            Dimension::Sources,
            Dimension::Stances,
        )
        .unwrap();
        assert_eq!(
            sources.filter_for(Some(3), None).unwrap().source,
            Some(SourceFilter::DocumentOutlet)
        );
    }

    #[test]
    fn the_csv_file_is_written_but_never_over_a_project() {
        let f = fixture();
        let table = CrossTab::new(
            &f.project,
            &ClaimFilter::default(),
            Dimension::Sources,
            Dimension::Stances,
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("table.csv");
        let message = write_csv_file(&table, &out).unwrap();
        assert!(message.contains("6 claims"), "{message}");
        assert_eq!(std::fs::read(&out).unwrap(), table.to_csv().unwrap());
        let project_file = dir.path().join("p.ron");
        crate::io::project_file::save(&project_file, &f.project).unwrap();
        let before = std::fs::read(&project_file).unwrap();
        let refused = write_csv_file(&table, &project_file).unwrap_err();
        assert!(refused.contains("project file"), "{refused}");
        assert_eq!(std::fs::read(&project_file).unwrap(), before);
    }

    #[test]
    fn three_hundred_tags_by_three_hundred_sources() {
        let mut project = Project::new("large");
        let doc = Document::new("d", "some text here");
        project.tags = (0..300)
            .map(|n| Tag::new(format!("tag {n:03}"), Colour::palette(n)))
            .collect();
        project.sources = (0..300)
            .map(|n| Source::new(format!("source {n:03}")))
            .collect();
        project.claims = (0..30_000)
            .map(|n| {
                let mut c = Claim::new(&doc, CharRange::new(0, 4), "a").unwrap();
                c.tags = vec![project.tags[n % 300].id, project.tags[(n / 300) % 300].id];
                c.source = Some(project.sources[(n * 7) % 300].id);
                c
            })
            .collect();
        project.documents = vec![doc];
        let table = CrossTab::new(
            &project,
            &ClaimFilter::default(),
            Dimension::Tags,
            Dimension::Sources,
        )
        .unwrap();
        assert_eq!(
            (table.rows.len(), table.columns.len(), table.total),
            (300, 300, 30_000)
        );
        let cells: usize = (0..300)
            .flat_map(|r| (0..300).map(move |c| (r, c)))
            .map(|(r, c)| table.count(Some(r), Some(c)).unwrap())
            .sum();
        // Claims whose two tags are one count once: n % 300 == (n / 300) % 300.
        let same = (0..30_000).filter(|n| n % 300 == (n / 300) % 300).count();
        assert_eq!(cells, 60_000 - same);
        assert_eq!(table.column_totals.iter().sum::<usize>(), 30_000);
    }
}
