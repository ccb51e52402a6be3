//! Agreement between annotators: span F1, Cohen's kappa and Krippendorff's alpha.
//!
//! Documents are matched by fingerprint. Spans are matched one-to-one, best
//! overlap first (or only when identical, for exact matching). Stance units for
//! alpha are the clusters of overlapping claims across all annotators of a
//! document; an annotator with no claim in a cluster is missing data.

use std::collections::{BTreeMap, BTreeSet};

use crate::edit::names;
use crate::model::{CharRange, Claim, Project, StanceId};

use super::diff::match_spans;

/// Precision, recall and F1 of one annotator's spans against another's.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SpanAgreement {
    /// Spans of the first annotator.
    pub first: usize,
    /// Spans of the second annotator.
    pub second: usize,
    /// Matched pairs.
    pub matched: usize,
}

impl SpanAgreement {
    /// Matched pairs over the second annotator's spans (the first taken as reference).
    pub fn precision(&self) -> Option<f64> {
        ratio(self.matched, self.second)
    }

    /// Matched pairs over the first annotator's spans.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.matched, self.first)
    }

    /// The harmonic mean of precision and recall: 2·matched / (first + second).
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.matched, self.first + self.second)
    }

    /// Adds another document's counts.
    pub fn add(&mut self, other: Self) {
        self.first += other.first;
        self.second += other.second;
        self.matched += other.matched;
    }
}

/// `a / b`, or `None` when `b` is zero.
fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// How two annotators' spans on one document agree, exactly or by overlap.
pub fn span_agreement(first: &[&Claim], second: &[&Claim], exact: bool) -> SpanAgreement {
    let matched = if exact {
        let mut used = BTreeSet::new();
        let mut matched = 0;
        for a in first {
            if let Some(j) = second
                .iter()
                .enumerate()
                .position(|(j, b)| !used.contains(&j) && b.range == a.range)
            {
                used.insert(j);
                matched += 1;
            }
        }
        matched
    } else {
        match_spans(first, second).len()
    };
    SpanAgreement {
        first: first.len(),
        second: second.len(),
        matched,
    }
}

/// A coefficient and the number of units behind it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coefficient {
    /// The value, when defined.
    pub value: Option<f64>,
    /// The units it rests on.
    pub units: usize,
}

/// Cohen's kappa for two coders who each coded every unit: one pair per unit.
pub fn cohen_kappa<V: Ord + Clone>(pairs: &[(V, V)]) -> Coefficient {
    let n = pairs.len();
    if n == 0 {
        return Coefficient {
            value: None,
            units: 0,
        };
    }
    let mut first: BTreeMap<V, usize> = BTreeMap::new();
    let mut second: BTreeMap<V, usize> = BTreeMap::new();
    let mut agree = 0;
    for (a, b) in pairs {
        *first.entry(a.clone()).or_default() += 1;
        *second.entry(b.clone()).or_default() += 1;
        if a == b {
            agree += 1;
        }
    }
    let n_f = n as f64;
    let observed = agree as f64 / n_f;
    let expected: f64 = first
        .iter()
        .map(|(v, count)| *count as f64 / n_f * second.get(v).copied().unwrap_or(0) as f64 / n_f)
        .sum();
    let value = (expected < 1.0).then(|| (observed - expected) / (1.0 - expected));
    Coefficient { value, units: n }
}

/// Krippendorff's alpha for nominal data: `units[u][c]` is coder `c`'s value for
/// unit `u`, or `None` when missing. Units with fewer than two values are left out.
pub fn krippendorff_alpha_nominal<V: Ord + Clone>(units: &[Vec<Option<V>>]) -> Coefficient {
    // The coincidence matrix o[c][k], built from every pairable unit.
    let mut coincidences: BTreeMap<(V, V), f64> = BTreeMap::new();
    let mut pairable = 0;
    for unit in units {
        let values: Vec<&V> = unit.iter().flatten().collect();
        let m = values.len();
        if m < 2 {
            continue;
        }
        pairable += 1;
        let weight = 1.0 / (m as f64 - 1.0);
        for (i, a) in values.iter().enumerate() {
            for (j, b) in values.iter().enumerate() {
                if i != j {
                    *coincidences
                        .entry(((*a).clone(), (*b).clone()))
                        .or_default() += weight;
                }
            }
        }
    }
    let mut marginals: BTreeMap<V, f64> = BTreeMap::new();
    for ((c, _), o) in &coincidences {
        *marginals.entry(c.clone()).or_default() += o;
    }
    let n: f64 = marginals.values().sum();
    let disagreement: f64 = coincidences
        .iter()
        .filter(|((c, k), _)| c != k)
        .map(|(_, o)| o)
        .sum();
    let total: f64 =
        marginals.values().sum::<f64>().powi(2) - marginals.values().map(|v| v * v).sum::<f64>();
    let value = (n > 1.0 && total > 0.0).then(|| 1.0 - (n - 1.0) * disagreement / total);
    Coefficient {
        value,
        units: pairable,
    }
}

/// Stance pairs of two annotators' span-matched claims (both with a stance).
pub fn stance_pairs(first: &[&Claim], second: &[&Claim]) -> Vec<(StanceId, StanceId)> {
    value_pairs(first, second, |claim| claim.stance, |claim| claim.stance)
}

/// Value pairs of two annotators' span-matched claims (both with a value).
fn value_pairs<V>(
    first: &[&Claim],
    second: &[&Claim],
    first_value: impl Fn(&Claim) -> Option<V>,
    second_value: impl Fn(&Claim) -> Option<V>,
) -> Vec<(V, V)> {
    match_spans(first, second)
        .into_iter()
        .filter_map(|(a, b)| Some((first_value(a)?, second_value(b)?)))
        .collect()
}

/// Stance units of one document for alpha: clusters of overlapping claims
/// across coders; each coder's value is the stance of its longest claim in the cluster.
pub fn stance_units(coders: &[Option<Vec<&Claim>>]) -> Vec<Vec<Option<StanceId>>> {
    value_units(coders, |_, claim| claim.stance)
}

/// Units of one document for alpha: clusters of overlapping claims across
/// coders; each coder's value is `value(coder, claim)` of its longest claim in the cluster.
fn value_units<V>(
    coders: &[Option<Vec<&Claim>>],
    value: impl Fn(usize, &Claim) -> Option<V>,
) -> Vec<Vec<Option<V>>> {
    let mut all: Vec<(CharRange, usize, &Claim)> = Vec::new();
    for (c, claims) in coders.iter().enumerate() {
        for claim in claims.iter().flatten() {
            all.push((claim.range, c, claim));
        }
    }
    all.sort_by_key(|(r, c, _)| (r.start, r.end, *c));
    let mut clusters: Vec<(usize, Vec<(usize, &Claim)>)> = Vec::new();
    for (range, c, claim) in all {
        match clusters.last_mut() {
            Some((end, members)) if range.start < *end => {
                *end = (*end).max(range.end);
                members.push((c, claim));
            }
            _ => clusters.push((range.end, vec![(c, claim)])),
        }
    }
    clusters
        .into_iter()
        .map(|(_, members)| {
            (0..coders.len())
                .map(|c| {
                    members
                        .iter()
                        .filter(|(mc, _)| *mc == c)
                        .max_by_key(|(_, claim)| claim.range.len())
                        .and_then(|(_, claim)| value(c, claim))
                })
                .collect()
        })
        .collect()
}

/// A claim's stance as agreement compares it: by name, under the rule of
/// [`names`] (trimmed, inner space collapsed, case ignored), so that two
/// annotators who each built the same scale agree as if they shared ids.
fn stance_name(project: &Project, claim: &Claim) -> Option<String> {
    let stance = project.stance(claim.stance?)?;
    Some(names::name_key(&stance.name))
}

/// A stance name that not every annotator's scale has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaleDifference {
    /// The stance's name, as the first annotator who has it spells it.
    pub name: String,
    /// The annotators (indices into the projects) whose scale has it.
    pub present_in: Vec<usize>,
}

/// The stance names that some annotators' scales have and others' lack, in
/// the order they are first met.
fn scale_differences(projects: &[&Project]) -> Vec<ScaleDifference> {
    let mut seen: Vec<(String, ScaleDifference)> = Vec::new();
    for (at, project) in projects.iter().enumerate() {
        for stance in &project.stances {
            let key = names::name_key(&stance.name);
            match seen.iter_mut().find(|(k, _)| *k == key) {
                Some((_, difference)) => {
                    if !difference.present_in.contains(&at) {
                        difference.present_in.push(at);
                    }
                }
                None => seen.push((
                    key,
                    ScaleDifference {
                        name: stance.name.trim().to_owned(),
                        present_in: vec![at],
                    },
                )),
            }
        }
    }
    seen.into_iter()
        .map(|(_, difference)| difference)
        .filter(|difference| difference.present_in.len() < projects.len())
        .collect()
}

/// Agreement figures of one pair of annotators.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairFigures {
    /// The first annotator (index into the projects).
    pub first: usize,
    /// The second annotator.
    pub second: usize,
    /// Span agreement, identical spans only.
    pub exact: SpanAgreement,
    /// Span agreement, overlapping spans.
    pub overlap: SpanAgreement,
    /// Cohen's kappa on stance over overlap-matched spans.
    pub kappa: Coefficient,
}

/// The figures of one document, or of all documents together.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentFigures {
    /// The document's title ("overall" for the total).
    pub label: String,
    /// Every pair of annotators who both have the document.
    pub pairs: Vec<PairFigures>,
    /// Krippendorff's alpha on stance, all annotators, missing data allowed.
    pub alpha: Coefficient,
}

/// Agreement of two or more annotators over the documents they share.
#[derive(Clone, Debug, PartialEq)]
pub struct AgreementReport {
    /// One entry per document annotated by at least two, matched by fingerprint.
    pub documents: Vec<DocumentFigures>,
    /// All documents together.
    pub overall: DocumentFigures,
    /// Stance names that only some annotators' scales have: claims with them
    /// can only disagree with the others.
    pub scale_differences: Vec<ScaleDifference>,
}

/// Measures agreement between annotators' projects (one project per annotator).
pub fn agreement_report(projects: &[&Project]) -> AgreementReport {
    // Documents by fingerprint, in the first project's order, then others' additions.
    let mut fingerprints: Vec<(String, String)> = Vec::new();
    for project in projects {
        for doc in &project.documents {
            if !fingerprints.iter().any(|(f, _)| *f == doc.fingerprint) {
                fingerprints.push((doc.fingerprint.clone(), doc.label()));
            }
        }
    }
    let pairs_of_coders: Vec<(usize, usize)> = (0..projects.len())
        .flat_map(|i| (i + 1..projects.len()).map(move |j| (i, j)))
        .collect();
    let mut totals = vec![
        (
            SpanAgreement::default(),
            SpanAgreement::default(),
            Vec::new()
        );
        pairs_of_coders.len()
    ];
    let mut all_units = Vec::new();
    let mut documents = Vec::new();
    for (fingerprint, label) in &fingerprints {
        let coders: Vec<Option<Vec<&Claim>>> = projects
            .iter()
            .map(|p| {
                p.document_by_fingerprint(fingerprint)
                    .map(|d| p.claims_on(d.id).collect())
            })
            .collect();
        if coders.iter().flatten().count() < 2 {
            continue;
        }
        let mut figures = DocumentFigures {
            label: label.clone(),
            pairs: Vec::new(),
            alpha: Coefficient {
                value: None,
                units: 0,
            },
        };
        for (&(i, j), total) in pairs_of_coders.iter().zip(&mut totals) {
            let (Some(Some(a)), Some(Some(b))) = (coders.get(i), coders.get(j)) else {
                continue;
            };
            let exact = span_agreement(a, b, true);
            let overlap = span_agreement(a, b, false);
            let (Some(first), Some(second)) = (projects.get(i), projects.get(j)) else {
                continue;
            };
            let pairs = value_pairs(
                a,
                b,
                |claim| stance_name(first, claim),
                |claim| stance_name(second, claim),
            );
            let kappa = cohen_kappa(&pairs);
            total.0.add(exact);
            total.1.add(overlap);
            total.2.extend(pairs);
            figures.pairs.push(PairFigures {
                first: i,
                second: j,
                exact,
                overlap,
                kappa,
            });
        }
        let units = value_units(&coders, |c, claim| {
            projects
                .get(c)
                .and_then(|project| stance_name(project, claim))
        });
        figures.alpha = krippendorff_alpha_nominal(&units);
        all_units.extend(units);
        documents.push(figures);
    }
    let overall = DocumentFigures {
        label: "overall".into(),
        pairs: pairs_of_coders
            .iter()
            .zip(&totals)
            .map(|(&(i, j), (exact, overlap, pairs))| PairFigures {
                first: i,
                second: j,
                exact: *exact,
                overlap: *overlap,
                kappa: cohen_kappa(pairs),
            })
            .collect(),
        alpha: krippendorff_alpha_nominal(&all_units),
    };
    AgreementReport {
        documents,
        overall,
        scale_differences: scale_differences(projects),
    }
}

/// A number to three places, or "n/a".
pub fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"))
}
