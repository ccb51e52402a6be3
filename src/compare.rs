//! The comparison matrix: propositions as rows; sources, documents or outlets as
//! columns; in each cell the claims that column makes on that row's proposition.
//!
//! A row is *disputed* when its claims take opposing stances (one Supports, another
//! Disputes) or carry figures that conflict (see [`crate::values`]). Everything is
//! ordered deterministically: rows by the project's order of propositions (or a
//! chosen [`RowOrder`]), columns by number of claims then name, claims in a cell
//! by project order.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use crate::model::{
    Claim, ClaimId, DocumentId, DocumentSetId, Project, PropositionId, SourceId, Stance,
};
use crate::values::{self, Quantity};

/// What the columns of the matrix are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Columns {
    /// Who asserts each claim: its source, or else its document's outlet.
    #[default]
    Sources,
    /// The document each claim highlights.
    Documents,
    /// The outlet of each claim's document.
    Outlets,
    /// The document sets that hold each claim's document: a claim is in every set
    /// its document is in, and in none when its document is in no set.
    DocumentSets,
}

impl Columns {
    /// Every choice, in menu order.
    pub const ALL: [Self; 4] = [
        Self::Sources,
        Self::Documents,
        Self::Outlets,
        Self::DocumentSets,
    ];

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Sources => "Sources",
            Self::Documents => "Documents",
            Self::Outlets => "Outlets",
            Self::DocumentSets => "Document sets",
        }
    }
}

impl FromStr for Columns {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_lowercase().as_str() {
            "sources" | "source" => Ok(Self::Sources),
            "documents" | "document" | "docs" => Ok(Self::Documents),
            "outlets" | "outlet" => Ok(Self::Outlets),
            "sets" | "set" | "document sets" | "document-sets" | "document_sets" => {
                Ok(Self::DocumentSets)
            }
            other => Err(format!(
                "“{other}” is not a kind of column: use sources, documents or outlets, or sets (the document sets)"
            )),
        }
    }
}

/// What one column stands for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnKey {
    /// A source of the project.
    Source(SourceId),
    /// An outlet: a document's publication, also the fallback source of its unattributed claims.
    Outlet(String),
    /// A document; also the fallback of unattributed claims in a document without an outlet.
    Document(DocumentId),
    /// A document set of the project.
    DocumentSet(DocumentSetId),
}

/// One column of the matrix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// What it stands for.
    pub key: ColumnKey,
    /// Its heading ("Serhiy Haidai", "UNIAN", a document's title).
    pub name: String,
    /// How many of the matrix's claims it holds.
    pub claim_count: usize,
}

/// A figure one claim gives for its proposition.
#[derive(Clone, Debug, PartialEq)]
pub struct RowValue {
    /// Who gives it: the claim's source, or its fallback.
    pub source: String,
    /// The figure as the analyst wrote it ("about 500").
    pub value: String,
    /// The claim that gives it.
    pub claim: ClaimId,
    /// What the figure means, when it can be read.
    pub quantity: Option<Quantity>,
    /// Whether it conflicts with another figure of the same row.
    pub conflicting: bool,
    /// The claims whose figures it conflicts with, in row order: the clashing pairs.
    pub clashes_with: Vec<ClaimId>,
}

/// How the claims on one proposition disagree, by the one rule the matrix,
/// `compare`, the reports and every export use: opposing stances (Supports and
/// Disputes both taken) or two figures that cannot both be true
/// ([`values::conflicts`]: their ranges do not overlap).
#[derive(Clone, Debug, PartialEq)]
pub struct Disagreement {
    /// Whether the claims take opposing stances.
    pub stances: bool,
    /// The figures the claims give, each with the figures it clashes with.
    pub values: Vec<RowValue>,
}

impl Disagreement {
    /// The disagreement among `claims` (all on one proposition) of `project`.
    pub fn of(project: &Project, claims: &[&Claim]) -> Self {
        let has = |stance| claims.iter().any(|c| c.stance == Some(stance));
        Self {
            stances: has(Stance::SUPPORTS) && has(Stance::DISPUTES),
            values: row_values(project, claims),
        }
    }

    /// Whether two figures clash.
    pub fn figures(&self) -> bool {
        self.values.iter().any(|v| v.conflicting)
    }

    /// Whether the claims disagree at all.
    pub fn any(&self) -> bool {
        self.stances || self.figures()
    }

    /// The clashing pairs of figures, each once, in row order ("568 (UNIAN)" and
    /// "1,200 (TASS)").
    pub fn clashing_pairs(&self) -> Vec<(&RowValue, &RowValue)> {
        clashing_pairs(&self.values)
    }

    /// Why the claims disagree, for people, or `None` when they do not.
    pub fn describe(&self) -> Option<String> {
        let mut why = Vec::new();
        if self.stances {
            why.push("sources take opposing stances (Supports and Disputes)".to_owned());
        }
        let pairs: Vec<String> = self
            .clashing_pairs()
            .iter()
            .map(|(a, b)| format!("{} ({}) vs {} ({})", a.value, a.source, b.value, b.source))
            .collect();
        if !pairs.is_empty() {
            why.push(format!("figures conflict: {}", pairs.join("; ")));
        }
        (!why.is_empty()).then(|| why.join("; "))
    }
}

/// The pairs of `values` (one row's figures) that clash, each once, in row order.
pub fn clashing_pairs(values: &[RowValue]) -> Vec<(&RowValue, &RowValue)> {
    let mut pairs = Vec::new();
    for (at, value) in values.iter().enumerate() {
        for other in values.iter().skip(at + 1) {
            if value.clashes_with.contains(&other.claim) {
                pairs.push((value, other));
            }
        }
    }
    pairs
}

/// One row of the matrix: a proposition and what every column says about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The proposition.
    pub proposition: PropositionId,
    /// Its text.
    pub text: String,
    /// Where the proposition stands in the project's list.
    pub position: usize,
    /// How many claims bear on it.
    pub claim_count: usize,
    /// How many distinct sources (or fallback outlets and documents) make those claims.
    pub source_count: usize,
    /// Whether its claims take opposing stances (both Supports and Disputes).
    pub stance_conflict: bool,
    /// Whether two of its figures conflict.
    pub value_conflict: bool,
    /// Whether sources disagree on it: opposing stances or conflicting figures.
    pub disputed: bool,
    /// The figures its claims give, in project order.
    pub values: Vec<RowValue>,
    /// For each column, the claims it makes on this proposition (empty: not reported).
    pub cells: Vec<Vec<ClaimId>>,
}

impl Row {
    /// How strongly sources disagree, for sorting: both kinds of conflict, one, or none.
    pub fn dispute_level(&self) -> u8 {
        u8::from(self.stance_conflict) + u8::from(self.value_conflict)
    }
}

/// How the rows of the matrix are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RowOrder {
    /// The project's order of propositions.
    #[default]
    Project,
    /// Disputed rows first, the most disputed and most widely reported at the top.
    MostDisputed,
    /// The rows with the most claims first.
    MostClaims,
    /// By the proposition's text, ignoring case.
    Alphabetical,
}

impl RowOrder {
    /// Every order, in menu order.
    pub const ALL: [Self; 4] = [
        Self::Project,
        Self::MostDisputed,
        Self::MostClaims,
        Self::Alphabetical,
    ];

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Project => "Project order",
            Self::MostDisputed => "Most disputed first",
            Self::MostClaims => "Most claims first",
            Self::Alphabetical => "Alphabetical",
        }
    }
}

/// Propositions × sources (or documents, or outlets), each cell the claims made there.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matrix {
    /// What the columns are.
    pub columns_by: Columns,
    /// The propositions with at least one claim, with their cells.
    pub rows: Vec<Row>,
    /// The columns with at least one claim.
    pub columns: Vec<Column>,
}

impl Matrix {
    /// The claims of row `row` in column `column`; empty when not reported or out of range.
    pub fn cell(&self, row: usize, column: usize) -> &[ClaimId] {
        self.rows
            .get(row)
            .and_then(|r| r.cells.get(column))
            .map_or(&[], Vec::as_slice)
    }

    /// The row of a proposition.
    pub fn row_of(&self, proposition: PropositionId) -> Option<usize> {
        self.rows.iter().position(|r| r.proposition == proposition)
    }

    /// The row and column where a claim sits.
    pub fn position_of(&self, claim: ClaimId) -> Option<(usize, usize)> {
        self.rows.iter().enumerate().find_map(|(r, row)| {
            row.cells
                .iter()
                .position(|cell| cell.contains(&claim))
                .map(|c| (r, c))
        })
    }

    /// Orders the rows; ties keep the project's order.
    pub fn sort_rows(&mut self, by: RowOrder) {
        match by {
            RowOrder::Project => self.rows.sort_by_key(|r| r.position),
            RowOrder::MostDisputed => self.rows.sort_by(|a, b| {
                (b.disputed, b.dispute_level(), b.source_count, b.claim_count)
                    .cmp(&(a.disputed, a.dispute_level(), a.source_count, a.claim_count))
                    .then(a.position.cmp(&b.position))
            }),
            RowOrder::MostClaims => self.rows.sort_by(|a, b| {
                b.claim_count
                    .cmp(&a.claim_count)
                    .then(a.position.cmp(&b.position))
            }),
            RowOrder::Alphabetical => self.rows.sort_by(|a, b| {
                a.text
                    .to_lowercase()
                    .cmp(&b.text.to_lowercase())
                    .then(a.position.cmp(&b.position))
            }),
        }
    }

    /// Keeps only the rows where sources disagree.
    pub fn disagreement_only(&mut self) {
        self.retain_rows(|row| row.disputed);
    }

    /// Keeps only the rows `keep` accepts, and drops the columns left empty.
    pub fn retain_rows(&mut self, mut keep: impl FnMut(&Row) -> bool) {
        self.rows.retain(|row| keep(row));
        let used: Vec<bool> = (0..self.columns.len())
            .map(|c| {
                self.rows
                    .iter()
                    .any(|r| r.cells.get(c).is_some_and(|x| !x.is_empty()))
            })
            .collect();
        for row in &mut self.rows {
            let mut c = 0;
            row.cells.retain(|_| {
                c += 1;
                used.get(c - 1).copied().unwrap_or(false)
            });
        }
        let mut c = 0;
        self.columns.retain(|_| {
            c += 1;
            used.get(c - 1).copied().unwrap_or(false)
        });
        for (c, column) in self.columns.iter_mut().enumerate() {
            column.claim_count = self
                .rows
                .iter()
                .map(|r| r.cells.get(c).map_or(0, Vec::len))
                .sum();
        }
    }
}

/// The claim's column key and heading under `columns`.
fn column_of(project: &Project, claim: &Claim, columns: Columns) -> (ColumnKey, String) {
    let document = project.document(claim.document);
    let document_column = || {
        let name = document.map_or_else(
            || format!("document {}", claim.document.short()),
            |d| {
                let title = d.title.trim();
                if title.is_empty() {
                    format!("document {}", d.id.short())
                } else {
                    title.to_owned()
                }
            },
        );
        (ColumnKey::Document(claim.document), name)
    };
    let outlet = document.map(|d| d.outlet.trim()).unwrap_or_default();
    let source_column = |id: SourceId, name: &str| {
        let name = name.trim();
        let name = if name.is_empty() {
            format!("source {}", id.short())
        } else {
            name.to_owned()
        };
        (ColumnKey::Source(id), name)
    };
    match columns {
        // A claim's sets are its columns (see `columns_of`); by itself, its document.
        Columns::Documents | Columns::DocumentSets => document_column(),
        Columns::Outlets if outlet.is_empty() => document_column(),
        Columns::Outlets => (ColumnKey::Outlet(outlet.to_owned()), outlet.to_owned()),
        Columns::Sources => {
            if let Some(source) = claim.source.and_then(|id| project.source(id)) {
                source_column(source.id, &source.name)
            } else if outlet.is_empty() {
                document_column()
            } else if let Some(source) = project.source_by_name(outlet) {
                // An outlet that is also a source is one voice, in one column.
                source_column(source.id, &source.name)
            } else {
                (ColumnKey::Outlet(outlet.to_owned()), outlet.to_owned())
            }
        }
    }
}

/// The claim's columns (key and heading) under `columns`: one, except by document
/// sets, where it is every set its document is in (perhaps none).
fn columns_of(project: &Project, claim: &Claim, columns: Columns) -> Vec<(ColumnKey, String)> {
    if columns != Columns::DocumentSets {
        return vec![column_of(project, claim, columns)];
    }
    project
        .sets_of(claim.document)
        .map(|set| {
            let name = set.name.trim();
            let name = if name.is_empty() {
                format!("set {}", set.id.short())
            } else {
                name.to_owned()
            };
            (ColumnKey::DocumentSet(set.id), name)
        })
        .collect()
}

/// Builds the matrix over `claims` (indices into `project.claims`; `None` = all);
/// claims without a proposition, or whose proposition is missing, are left out.
pub fn build_matrix(project: &Project, columns: Columns, claims: Option<&[usize]>) -> Matrix {
    let all: Vec<usize>;
    let indices = match claims {
        Some(indices) => indices,
        None => {
            all = (0..project.claims.len()).collect();
            &all
        }
    };
    let positions: BTreeMap<PropositionId, usize> = project
        .propositions
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();

    // Claims by proposition position, each in project order, without repeats.
    let mut chosen: BTreeSet<usize> = BTreeSet::new();
    chosen.extend(
        indices
            .iter()
            .copied()
            .filter(|&i| i < project.claims.len()),
    );
    let mut by_row: BTreeMap<usize, Vec<&Claim>> = BTreeMap::new();
    let mut headings: BTreeMap<ColumnKey, (String, usize)> = BTreeMap::new();
    for claim in chosen.iter().filter_map(|&i| project.claims.get(i)) {
        let Some(&position) = claim.proposition.and_then(|p| positions.get(&p)) else {
            continue;
        };
        by_row.entry(position).or_default().push(claim);
        for (key, name) in columns_of(project, claim, columns) {
            headings.entry(key).or_insert((name, 0)).1 += 1;
        }
    }

    let mut column_list: Vec<Column> = headings
        .into_iter()
        .map(|(key, (name, claim_count))| Column {
            key,
            name,
            claim_count,
        })
        .collect();
    column_list.sort_by(|a, b| {
        b.claim_count
            .cmp(&a.claim_count)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.key.cmp(&b.key))
    });
    let column_index: BTreeMap<&ColumnKey, usize> = column_list
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.key, i))
        .collect();

    let rows = by_row
        .into_iter()
        .filter_map(|(position, claims)| {
            let proposition = project.propositions.get(position)?;
            let mut cells = vec![Vec::new(); column_list.len()];
            let mut speakers = BTreeSet::new();
            for claim in &claims {
                for (key, _) in columns_of(project, claim, columns) {
                    if let Some(cell) = column_index.get(&key).and_then(|&c| cells.get_mut(c)) {
                        cell.push(claim.id);
                    }
                }
                speakers.insert(column_of(project, claim, Columns::Sources).0);
            }
            let disagreement = Disagreement::of(project, &claims);
            let stance_conflict = disagreement.stances;
            let value_conflict = disagreement.figures();
            let values = disagreement.values;
            Some(Row {
                proposition: proposition.id,
                text: proposition.text.clone(),
                position,
                claim_count: claims.len(),
                source_count: speakers.len(),
                stance_conflict,
                value_conflict,
                disputed: stance_conflict || value_conflict,
                values,
                cells,
            })
        })
        .collect();
    Matrix {
        columns_by: columns,
        rows,
        columns: column_list,
    }
}

/// The figures of one row's claims, each marked when it conflicts with another.
fn row_values(project: &Project, claims: &[&Claim]) -> Vec<RowValue> {
    let mut values: Vec<RowValue> = claims
        .iter()
        .filter(|c| !c.value.trim().is_empty())
        .map(|claim| RowValue {
            source: column_of(project, claim, Columns::Sources).1,
            value: claim.value.trim().to_owned(),
            claim: claim.id,
            quantity: values::parse_value(&claim.value),
            conflicting: false,
            clashes_with: Vec::new(),
        })
        .collect();
    let clashes: Vec<Vec<ClaimId>> = values
        .iter()
        .map(|a| {
            values
                .iter()
                .filter(|b| match (&a.quantity, &b.quantity) {
                    (Some(x), Some(y)) => values::conflicts(x, y),
                    _ => false,
                })
                .map(|b| b.claim)
                .collect()
        })
        .collect();
    for (value, clashes) in values.iter_mut().zip(clashes) {
        value.conflicting = !clashes.is_empty();
        value.clashes_with = clashes;
    }
    values
}

impl fmt::Display for Columns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Sources => "sources",
            Self::Documents => "documents",
            Self::Outlets => "outlets",
            Self::DocumentSets => "sets",
        })
    }
}

/// Why the matrix could not be narrowed as asked.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// No proposition's text is or contains what was asked for.
    #[error(
        "no proposition is or contains “{wanted}”; the propositions are:\n{}",
        known.iter().map(|text| format!("  {text}")).collect::<Vec<_>>().join("\n")
    )]
    NoSuchProposition {
        /// What was asked for, trimmed.
        wanted: String,
        /// The text of every proposition of the project, in project order.
        known: Vec<String>,
    },
}

/// The propositions that `wanted` names: the one whose text it is (ignoring case),
/// or else every one whose text contains it; an error lists them all when none does.
pub fn propositions_named(
    project: &Project,
    wanted: &str,
) -> Result<Vec<PropositionId>, CompareError> {
    let chosen: Vec<PropositionId> = match project.proposition_by_text(wanted) {
        Some(p) => vec![p.id],
        None => {
            let needle = wanted.trim().to_lowercase();
            project
                .propositions
                .iter()
                .filter(|p| p.text.to_lowercase().contains(&needle))
                .map(|p| p.id)
                .collect()
        }
    };
    if chosen.is_empty() {
        return Err(CompareError::NoSuchProposition {
            wanted: wanted.trim().to_owned(),
            known: project
                .propositions
                .iter()
                .map(|p| p.text.clone())
                .collect(),
        });
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::path::{Path, PathBuf};

    use crate::io::project_file;

    use crate::model::{CharRange, Document, Proposition, Source};

    fn sample_path() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(crate::SAMPLE_PROJECT_PATH)
    }

    fn sample() -> Project {
        match project_file::load(&sample_path()) {
            Ok(loaded) => loaded.project,
            Err(err) => panic!("the sample project does not load: {err}"),
        }
    }

    /// The row whose proposition's text contains `needle`.
    fn row<'m>(matrix: &'m Matrix, needle: &str) -> &'m Row {
        let Some(row) = matrix.rows.iter().find(|r| r.text.contains(needle)) else {
            panic!("no row contains “{needle}”");
        };
        row
    }

    /// The column whose name contains `needle`.
    fn column(matrix: &Matrix, needle: &str) -> usize {
        let Some(c) = matrix.columns.iter().position(|c| c.name.contains(needle)) else {
            panic!("no column contains “{needle}”");
        };
        c
    }

    /// The claims of `row` in the column named like `needle`, with their stances.
    fn stances(project: &Project, matrix: &Matrix, row: &Row, needle: &str) -> Vec<String> {
        let cell = row
            .cells
            .get(column(matrix, needle))
            .cloned()
            .unwrap_or_default();
        cell.iter()
            .filter_map(|&id| project.claim(id))
            .filter_map(|c| c.stance.and_then(|s| project.stance(s)))
            .map(|s| s.name.clone())
            .collect()
    }

    #[test]
    fn by_document_sets_a_claim_sits_in_every_set_of_its_document() {
        let mut project = sample();
        let [first, second, third] = [0, 1, 2].map(|at| project.documents[at].id);
        let mut early = crate::model::DocumentSet::new("Early reports");
        early.documents = vec![first, second];
        let mut middle = crate::model::DocumentSet::new("Second and third");
        middle.documents = vec![second, third];
        let empty = crate::model::DocumentSet::new("Nothing yet");
        project.document_sets = vec![early.clone(), middle.clone(), empty];
        let matrix = build_matrix(&project, Columns::DocumentSets, None);
        let names: BTreeSet<&str> = matrix.columns.iter().map(|c| c.name.as_str()).collect();
        // A set with no claims has no column, as an empty source has none.
        assert_eq!(names, BTreeSet::from(["Early reports", "Second and third"]));
        let by_sources = build_matrix(&project, Columns::Sources, None);
        for row in &matrix.rows {
            // The rows, their counts and disagreements are the same whatever the columns.
            let same = &by_sources.rows[by_sources.row_of(row.proposition).expect("row")];
            assert_eq!(row.claim_count, same.claim_count);
            assert_eq!(row.disputed, same.disputed);
            assert_eq!(row.values, same.values);
            for (c, column) in matrix.columns.iter().enumerate() {
                let ColumnKey::DocumentSet(id) = column.key else {
                    panic!("not a set column: {column:?}");
                };
                let set = project.document_set(id).expect("set");
                let expected: Vec<ClaimId> = project
                    .claims
                    .iter()
                    .filter(|c| c.proposition == Some(row.proposition))
                    .filter(|c| set.contains(c.document))
                    .map(|c| c.id)
                    .collect();
                assert_eq!(row.cells[c], expected, "{} × {}", row.text, column.name);
            }
        }
        // A claim on the second document is in both sets' columns.
        let shared = project
            .claims
            .iter()
            .find(|c| c.document == second && c.proposition.is_some())
            .expect("a claim on the second document");
        let row = matrix
            .row_of(shared.proposition.expect("proposition"))
            .expect("row");
        let holding = matrix.rows[row]
            .cells
            .iter()
            .filter(|cell| cell.contains(&shared.id))
            .count();
        assert_eq!(holding, 2);
        assert_eq!("sets".parse::<Columns>(), Ok(Columns::DocumentSets));
        assert_eq!(Columns::DocumentSets.to_string(), "sets");
    }

    #[test]
    fn the_azot_civilians_row_shows_conflicting_figures_from_several_sources() {
        let project = sample();
        let matrix = build_matrix(&project, Columns::Sources, None);
        let azot = row(&matrix, "Civilians are sheltering in the Azot plant");
        assert!(azot.value_conflict && azot.disputed, "{azot:#?}");
        let value_of = |source: &str| -> Vec<&str> {
            azot.values
                .iter()
                .filter(|v| v.source.contains(source))
                .map(|v| v.value.as_str())
                .collect()
        };
        assert_eq!(value_of("Haidai"), ["about 500"]);
        assert_eq!(value_of("UNIAN"), ["568"]);
        assert_eq!(value_of("Kiselev"), ["at least 1,200"]);
        assert_eq!(value_of("Miroshnik"), ["about 500", "up to 500"]);
        let sources: BTreeSet<&str> = azot.values.iter().map(|v| v.source.as_str()).collect();
        let figures: BTreeSet<&str> = azot.values.iter().map(|v| v.value.as_str()).collect();
        assert!(
            sources.len() >= 3 && figures.len() >= 3,
            "{sources:?} {figures:?}"
        );
        let conflicting = |value: &str| {
            azot.values
                .iter()
                .any(|v| v.value == value && v.conflicting)
        };
        assert!(conflicting("568") && conflicting("at least 1,200"));
        for source in ["Haidai", "UNIAN", "Kiselev", "Miroshnik"] {
            assert!(
                !stances(&project, &matrix, azot, source).is_empty(),
                "{source}"
            );
        }
    }

    #[test]
    fn kadyrov_and_shoigu_claim_control_and_haidai_disputes_it_in_one_row() {
        let project = sample();
        let matrix = build_matrix(&project, Columns::Sources, None);
        let control = row(&matrix, "Russian forces control Severodonetsk");
        assert!(control.stance_conflict && control.disputed);
        assert_eq!(stances(&project, &matrix, control, "Kadyrov"), ["Supports"]);
        assert_eq!(stances(&project, &matrix, control, "Shoigu"), ["Supports"]);
        assert!(stances(&project, &matrix, control, "Haidai").contains(&"Disputes".to_owned()));
    }

    #[test]
    fn agreeing_figures_do_not_make_a_conflict() {
        let project = sample();
        let matrix = build_matrix(&project, Columns::Sources, None);
        let troops = row(&matrix, "Ukrainian troops are trapped in the Azot plant");
        let figures: Vec<&str> = troops.values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(figures, ["nearly 400", "almost 400", "300-400"]);
        assert!(!troops.value_conflict && !troops.disputed);
        let encircled = row(&matrix, "encircled");
        assert!(!encircled.value_conflict, "{:?}", encircled.values);
    }

    #[test]
    fn every_claim_on_a_proposition_sits_in_exactly_one_cell() {
        let project = sample();
        // Document sets may overlap and need not cover every document: see
        // `by_document_sets_a_claim_sits_in_every_set_of_its_document`.
        for columns in Columns::ALL
            .into_iter()
            .filter(|&c| c != Columns::DocumentSets)
        {
            let matrix = build_matrix(&project, columns, None);
            let mut seen: Vec<ClaimId> = matrix
                .rows
                .iter()
                .flat_map(|r| r.cells.iter().flatten().copied())
                .collect();
            let placed = seen.len();
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), placed, "{columns:?}: a claim sits twice");
            let expected = project
                .claims
                .iter()
                .filter(|c| c.proposition.is_some())
                .count();
            assert_eq!(placed, expected, "{columns:?}");
            for (r, row) in matrix.rows.iter().enumerate() {
                assert_eq!(row.cells.len(), matrix.columns.len());
                assert_eq!(
                    row.claim_count,
                    row.cells.iter().map(Vec::len).sum::<usize>()
                );
                for claim in row.cells.iter().flatten() {
                    assert_eq!(matrix.position_of(*claim).map(|p| p.0), Some(r));
                }
            }
            let total: usize = matrix.columns.iter().map(|c| c.claim_count).sum();
            assert_eq!(total, expected);
        }
        // The sample's documents have no outlet, so outlets fall back to documents.
        assert_eq!(
            build_matrix(&project, Columns::Documents, None)
                .columns
                .len(),
            5
        );
        assert_eq!(
            build_matrix(&project, Columns::Outlets, None).columns.len(),
            5
        );
    }

    #[test]
    fn the_matrix_is_deterministic_and_columns_are_ordered_by_claims_then_name() {
        let project = sample();
        let matrix = build_matrix(&project, Columns::Sources, None);
        assert_eq!(matrix, build_matrix(&project, Columns::Sources, None));
        assert_eq!(matrix.rows.len(), project.propositions.len());
        let positions: Vec<usize> = matrix.rows.iter().map(|r| r.position).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]));
        for pair in matrix.columns.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert!(
                a.claim_count > b.claim_count
                    || (a.claim_count == b.claim_count
                        && a.name.to_lowercase() <= b.name.to_lowercase()),
                "{} before {}",
                a.name,
                b.name
            );
        }
    }

    #[test]
    fn rows_sort_and_filter_to_disagreement() {
        let project = sample();
        let mut matrix = build_matrix(&project, Columns::Sources, None);
        matrix.sort_rows(RowOrder::MostDisputed);
        let disputed: Vec<bool> = matrix.rows.iter().map(|r| r.disputed).collect();
        assert!(disputed.windows(2).all(|w| w[0] >= w[1]), "{disputed:?}");
        assert!(disputed.first() == Some(&true) && disputed.last() == Some(&false));
        matrix.sort_rows(RowOrder::MostClaims);
        assert!(
            matrix
                .rows
                .windows(2)
                .all(|w| w[0].claim_count >= w[1].claim_count)
        );
        matrix.sort_rows(RowOrder::Alphabetical);
        assert!(
            matrix
                .rows
                .windows(2)
                .all(|w| w[0].text.to_lowercase() <= w[1].text.to_lowercase())
        );
        matrix.sort_rows(RowOrder::Project);
        assert_eq!(matrix, build_matrix(&project, Columns::Sources, None));

        matrix.disagreement_only();
        assert!(!matrix.rows.is_empty() && matrix.rows.iter().all(|r| r.disputed));
        for (c, column) in matrix.columns.iter().enumerate() {
            assert!(column.claim_count > 0, "{} is empty", column.name);
            let held: usize = matrix
                .rows
                .iter()
                .map(|r| {
                    matrix
                        .cell(matrix.row_of(r.proposition).unwrap_or(0), c)
                        .len()
                })
                .sum();
            assert_eq!(held, column.claim_count);
        }
        assert!(matrix.cell(99, 99).is_empty());
    }

    #[test]
    fn a_filter_limits_the_matrix_to_its_claims() {
        let project = sample();
        let Some(document) = project.documents.get(4) else {
            panic!("the sample has five documents");
        };
        let indices: Vec<usize> = (0..project.claims.len())
            .filter(|&i| {
                project
                    .claims
                    .get(i)
                    .is_some_and(|c| c.document == document.id)
            })
            .collect();
        let matrix = build_matrix(&project, Columns::Documents, Some(&indices));
        assert_eq!(matrix.columns.len(), 1);
        assert_eq!(
            matrix.columns.first().map(|c| &c.key),
            Some(&ColumnKey::Document(document.id))
        );
        let on_propositions = indices
            .iter()
            .filter(|&&i| {
                project
                    .claims
                    .get(i)
                    .is_some_and(|c| c.proposition.is_some())
            })
            .count();
        assert_eq!(
            matrix.rows.iter().map(|r| r.claim_count).sum::<usize>(),
            on_propositions
        );
        assert!(
            build_matrix(&project, Columns::Sources, Some(&[]))
                .rows
                .is_empty()
        );
    }

    #[test]
    fn stacked_claims_fallback_columns_and_claims_without_a_proposition() {
        let mut project = Project::new("t");
        let mut unian = Document::new(
            "Plant holds firm",
            "Haidai says 568 remain. UNIAN says 600. Nothing here.",
        );
        unian.outlet = "UNIAN".into();
        let untitled = Document::new("", "An untitled note: 1,200 remain.");
        let haidai = Source::new("Serhiy Haidai");
        let unian_source = Source::new("UNIAN");
        let civilians = Proposition::new("Civilians remain");
        let claim = |document: &Document,
                     start,
                     end,
                     source: Option<SourceId>,
                     value: &str,
                     proposition| {
            let Some(mut claim) = Claim::new(document, CharRange::new(start, end), "ana") else {
                panic!("bad range");
            };
            claim.source = source;
            claim.value = value.into();
            claim.proposition = proposition;
            claim.stance = Some(Stance::SUPPORTS);
            claim
        };
        let claims = vec![
            claim(&unian, 0, 22, Some(haidai.id), "568", Some(civilians.id)),
            claim(&unian, 0, 6, Some(haidai.id), "", Some(civilians.id)),
            claim(&unian, 24, 39, None, "600", Some(civilians.id)),
            claim(&unian, 40, 52, None, "", None),
            claim(&untitled, 0, 30, None, "1,200", Some(civilians.id)),
        ];
        project.documents = vec![unian.clone(), untitled.clone()];
        project.sources = vec![haidai.clone(), unian_source.clone()];
        project.propositions = vec![civilians.clone(), Proposition::new("Nobody speaks to this")];
        project.claims = claims.clone();

        let matrix = build_matrix(&project, Columns::Sources, None);
        assert_eq!(
            matrix.rows.len(),
            1,
            "propositions without claims have no row"
        );
        let names: Vec<&str> = matrix.columns.iter().map(|c| c.name.as_str()).collect();
        // The outlet UNIAN is also a source: one column. The untitled document speaks for itself.
        let untitled_name = format!("document {}", untitled.id.short());
        assert_eq!(names, ["Serhiy Haidai", untitled_name.as_str(), "UNIAN"]);
        assert_eq!(
            matrix.columns.get(2).map(|c| &c.key),
            Some(&ColumnKey::Source(unian_source.id))
        );
        let ids = |i: usize| claims.get(i).map(|c| c.id);
        assert_eq!(
            matrix.cell(0, 0),
            [ids(0), ids(1)].into_iter().flatten().collect::<Vec<_>>()
        );
        assert_eq!(
            matrix.position_of(ids(2).unwrap_or_else(ClaimId::random)),
            Some((0, 2))
        );
        assert_eq!(
            matrix.position_of(ids(3).unwrap_or_else(ClaimId::random)),
            None
        );
        let azot = &matrix.rows[0];
        assert_eq!((azot.claim_count, azot.source_count), (4, 3));
        assert!(azot.value_conflict && !azot.stance_conflict && azot.disputed);
        let flags: Vec<(&str, bool)> = azot
            .values
            .iter()
            .map(|v| (v.value.as_str(), v.conflicting))
            .collect();
        assert_eq!(flags, [("568", true), ("600", true), ("1,200", true)]);

        let outlets = build_matrix(&project, Columns::Outlets, None);
        let names: Vec<&str> = outlets.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["UNIAN", untitled_name.as_str()]);
        assert_eq!(
            outlets.columns.first().map(|c| &c.key),
            Some(&ColumnKey::Outlet("UNIAN".into()))
        );
    }

    #[test]
    fn propositions_are_named_by_their_text_or_part_of_it() {
        let project = sample();
        let exact = propositions_named(&project, "civilians are sheltering in the azot plant");
        assert_eq!(exact.map(|ids| ids.len()).ok(), Some(1));
        let part = propositions_named(&project, " Azot plant ");
        assert!(part.is_ok_and(|ids| ids.len() >= 2));
        let Err(err) = propositions_named(&project, " unicorns ") else {
            panic!("no proposition is about unicorns");
        };
        let message = err.to_string();
        assert!(
            message
                .starts_with("no proposition is or contains “unicorns”; the propositions are:\n  "),
            "{message}"
        );
        assert!(
            message.contains("\n  Civilians are sheltering in the Azot plant"),
            "{message}"
        );
    }
}
