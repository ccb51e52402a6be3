//! Reviewing: diff classification, three-way merge and agreement coefficients.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use proptest::prelude::*;
use triangulate::io::project_file;
use triangulate::model::{
    CharRange, Claim, Colour, Document, Project, Proposition, ReviewStatus, Source, Stance, Tag,
};
use triangulate::review::agreement::{
    SpanAgreement, cohen_kappa, krippendorff_alpha_nominal, span_agreement, stance_units,
};
use triangulate::review::{DiffKind, Field, diff, merge3};

const TEXT: &str = "Haidai said 568 civilians remain in the Azot plant. \
Russian forces claimed full control of the city. \
The Ukrainian army denied that and said fighting continues. \
Officials reported heavy shelling overnight.";

/// A project with one document, two sources, a tag, a proposition and three claims.
fn base() -> Project {
    let mut project = Project::new("base");
    let doc = Document::new("Azot", TEXT);
    let haidai = Source::new("Haidai");
    let army = Source::new("Ukrainian army");
    let tag = Tag::new("casualties", Default::default());
    let proposition = Proposition::new("Civilians shelter in Azot");
    for (start, end, stance) in [
        (0, 50, Stance::SUPPORTS),
        (52, 100, Stance::DISPUTES),
        (101, 160, Stance::NEUTRAL),
    ] {
        let mut claim = Claim::new(&doc, CharRange::new(start, end), "ana").expect("claim");
        claim.stance = Some(stance);
        claim.source = Some(haidai.id);
        claim.proposition = Some(proposition.id);
        project.claims.push(claim);
    }
    project.documents.push(doc);
    project.sources.push(haidai);
    project.sources.push(army);
    project.tags.push(tag);
    project.propositions.push(proposition);
    project
}

/// A new claim over `start..end` of the project's first document.
fn claim_at(project: &Project, start: usize, end: usize) -> Claim {
    let doc = project.documents.first().expect("a document");
    Claim::new(doc, CharRange::new(start, end), "bo").expect("claim")
}

// ---------------------------------------------------------------- diff

#[test]
fn identical_projects_are_all_same() {
    let project = base();
    let d = diff(&project, &project.clone());
    assert!(d.is_identical());
    assert_eq!(d.counts(), [3, 0, 0, 0]);
    assert!(d.claims.iter().all(|c| c.by_id));
}

#[test]
fn claims_matched_by_id_report_each_changed_field() {
    let mine = base();
    let mut theirs = mine.clone();
    let tag = theirs.tags[0].id;
    let other_prop = Proposition::new("Russia controls the city");
    let c = &mut theirs.claims[0];
    c.stance = Some(Stance::DISPUTES);
    c.source = Some(mine.sources[1].id);
    c.tags.push(tag);
    c.proposition = Some(other_prop.id);
    c.note = "check".into();
    c.value = "568".into();
    c.range = CharRange::new(12, 25);
    theirs.propositions.push(other_prop);
    theirs.claims.remove(2);
    let extra = claim_at(&theirs, 160, 180);
    theirs.claims.push(extra);

    let d = diff(&mine, &theirs);
    assert!(!d.is_identical());
    assert_eq!(d.counts(), [1, 1, 1, 1]);
    let kinds: Vec<&DiffKind> = d.claims.iter().map(|c| &c.kind).collect();
    assert_eq!(
        kinds[0],
        &DiffKind::Changed(vec![
            Field::Stance,
            Field::Source,
            Field::Tags,
            Field::Proposition,
            Field::Note,
            Field::Value,
            Field::Span,
        ])
    );
    assert_eq!(kinds[1], &DiffKind::Same);
    assert_eq!(kinds[2], &DiffKind::OnlyMine);
    assert_eq!(kinds[3], &DiffKind::OnlyTheirs);
    assert_eq!(d.propositions.only_theirs.len(), 1);
}

/// Their project made independently: same text, fresh ids everywhere.
fn independent_copy(mine: &Project) -> Project {
    let mut theirs = Project::new("theirs");
    let doc = Document::new("Azot (their copy)", TEXT);
    let haidai = Source::new("haidai "); // Same source, other spelling of case.
    let proposition = Proposition::new("civilians shelter in azot");
    for claim in &mine.claims {
        let mut copy = Claim::new(&doc, claim.range, "bo").expect("claim");
        copy.stance = claim.stance;
        copy.source = Some(haidai.id);
        copy.proposition = Some(proposition.id);
        theirs.claims.push(copy);
    }
    theirs.documents.push(doc);
    theirs.sources.push(haidai);
    theirs.propositions.push(proposition);
    theirs
}

#[test]
fn independent_work_is_matched_by_span_and_vocabulary_by_name() {
    let mine = base();
    let mut theirs = independent_copy(&mine);
    assert_eq!(diff(&mine, &theirs).counts(), [3, 0, 0, 0]);
    // Slightly different spans still match, best overlap first, one to one.
    theirs.claims[0].range = CharRange::new(0, 45);
    theirs.claims[1].stance = Some(Stance::SUPPORTS);
    let lone = claim_at(&theirs, 170, 200);
    theirs.claims.push(lone);
    let d = diff(&mine, &theirs);
    assert!(d.claims.iter().all(|c| !c.by_id));
    let kinds: Vec<&DiffKind> = d.claims.iter().map(|c| &c.kind).collect();
    assert_eq!(
        kinds,
        [
            &DiffKind::Changed(vec![Field::Span]),
            &DiffKind::Changed(vec![Field::Stance]),
            &DiffKind::Same,
            &DiffKind::OnlyTheirs,
        ]
    );
    assert_eq!(d.sources.theirs_to_mine.len(), 1);
    assert_eq!(d.sources.only_mine.len(), 1, "the army is only mine");
}

#[test]
fn overlapping_spans_pair_by_best_overlap() {
    let mut mine = base();
    mine.claims.truncate(1); // 0..50
    let second = claim_at(&mine, 40, 60);
    mine.claims.push(second);
    let mut theirs = independent_copy(&base());
    theirs.claims.truncate(1);
    theirs.claims[0].range = CharRange::new(42, 58); // Overlaps 0..50 by 8, 40..60 by 16.
    theirs.claims[0].stance = None;
    theirs.claims[0].source = None;
    theirs.claims[0].proposition = None;
    let d = diff(&mine, &theirs);
    let paired = d
        .claims
        .iter()
        .find(|c| c.mine.is_some() && c.theirs.is_some())
        .expect("a pair");
    assert_eq!(paired.mine, Some(mine.claims[1].id));
    assert_eq!(paired.kind, DiffKind::Changed(vec![Field::Span]));
    assert_eq!(d.counts(), [0, 1, 0, 1]);
}

#[test]
fn documents_on_one_side_and_changed_text_are_reported() {
    let mine = base();
    let mut theirs = mine.clone();
    theirs
        .documents
        .push(Document::new("Another", "Other text."));
    let d = diff(&mine, &theirs);
    assert_eq!(d.documents_only_theirs.len(), 1);
    assert!(!d.is_identical());

    let mut edited = mine.clone();
    edited.documents[0].text.push_str(" More.");
    edited.documents[0].fingerprint = triangulate::model::fingerprint(&edited.documents[0].text);
    let d = diff(&mine, &edited);
    assert_eq!(d.documents_text_differs.len(), 1);
    assert_eq!(d.counts(), [3, 0, 0, 0]);
}

// ---------------------------------------------------------------- merge

#[test]
fn additions_on_both_sides_are_kept_in_order() {
    let base = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    let a = claim_at(&ours, 160, 170);
    let b = claim_at(&theirs, 170, 180);
    ours.claims.push(a.clone());
    theirs.claims.push(b.clone());
    theirs.sources.push(Source::new("Kadyrov"));
    let merged = merge3(&base, &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let ids: Vec<_> = merged.project.claims.iter().map(|c| c.id).collect();
    let mut expected: Vec<_> = base.claims.iter().map(|c| c.id).collect();
    expected.extend([a.id, b.id]);
    assert_eq!(ids, expected);
    assert_eq!(merged.project.sources.len(), 3);
}

#[test]
fn deletion_against_unchanged_removes() {
    let base = base();
    let mut ours = base.clone();
    ours.claims.remove(1);
    ours.tags.clear();
    let merged = merge3(&base, &ours, &base);
    assert!(merged.conflicts.is_empty());
    assert_eq!(merged.project.claims.len(), 2);
    assert!(merged.project.tags.is_empty());
    // And the other way round.
    let merged = merge3(&base, &base, &ours);
    assert_eq!(merged.project.claims.len(), 2);
}

#[test]
fn one_sided_field_changes_are_taken_from_either_side() {
    let base = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.claims[0].note = "ours".into();
    theirs.claims[0].stance = Some(Stance::UNCLEAR);
    theirs.claims[0].value = "568".into();
    ours.claims[1].tags.push(base.tags[0].id);
    theirs.sources[0].name = "Serhiy Haidai".into(); // A rename.
    ours.sources[0].role = "governor".into();
    let merged = merge3(&base, &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let claim = &merged.project.claims[0];
    assert_eq!(claim.note, "ours");
    assert_eq!(claim.stance, Some(Stance::UNCLEAR));
    assert_eq!(claim.value, "568");
    assert!(claim.review.is_none());
    assert_eq!(merged.project.claims[1].tags, vec![base.tags[0].id]);
    assert_eq!(merged.project.sources[0].name, "Serhiy Haidai");
    assert_eq!(merged.project.sources[0].role, "governor");
}

#[test]
fn tags_merge_as_sets() {
    let base = base();
    let mut with_tag = base.clone();
    let second = Tag::new("shelling", Default::default());
    with_tag.tags.push(second.clone());
    with_tag.claims[0].tags = vec![with_tag.tags[0].id];
    let mut ours = with_tag.clone();
    let mut theirs = with_tag.clone();
    ours.claims[0].tags.clear(); // Ours removes the first tag.
    theirs.claims[0].tags.push(second.id); // Theirs adds another.
    let merged = merge3(&with_tag, &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert_eq!(merged.project.claims[0].tags, vec![second.id]);
}

#[test]
fn conflicting_changes_keep_ours_and_note_theirs() {
    let base = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.claims[0].stance = Some(Stance::NEUTRAL);
    theirs.claims[0].stance = Some(Stance::DISPUTES);
    ours.claims[0].range = CharRange::new(0, 40);
    theirs.claims[0].range = CharRange::new(12, 50);
    let merged = merge3(&base, &ours, &theirs);
    let claim = &merged.project.claims[0];
    assert_eq!(claim.stance, Some(Stance::NEUTRAL));
    assert_eq!(claim.range, CharRange::new(0, 40));
    assert!(
        claim
            .note
            .contains("Merge conflict: theirs had stance Disputes"),
        "{}",
        claim.note
    );
    assert!(claim.note.contains("span 12–50"), "{}", claim.note);
    let review = claim.review.as_ref().expect("a review");
    assert_eq!(review.status, ReviewStatus::Discuss);
    assert_eq!(review.reviewer, "merge");
    assert_eq!(merged.conflicts.len(), 2, "{:?}", merged.conflicts);
}

#[test]
fn conflicting_renames_keep_ours_and_say_so() {
    let base = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.sources[0].name = "Serhiy Haidai".into();
    theirs.sources[0].name = "S. Haidai".into();
    let merged = merge3(&base, &ours, &theirs);
    assert_eq!(merged.project.sources[0].name, "Serhiy Haidai");
    assert!(merged.project.sources[0].notes.contains("S. Haidai"));
    assert_eq!(merged.conflicts.len(), 1);
}

#[test]
fn deleted_on_one_side_changed_on_the_other_is_kept_with_a_note() {
    let base = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.claims.remove(0);
    theirs.claims[0].stance = Some(Stance::UNCLEAR);
    for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
        let merged = merge3(&base, o, t);
        let claim = merged.project.claim(base.claims[0].id).expect("kept");
        assert_eq!(claim.stance, Some(Stance::UNCLEAR));
        assert!(claim.note.contains("deleted this claim"), "{}", claim.note);
        assert_eq!(merged.conflicts.len(), 1);
    }
}

#[test]
fn merged_projects_never_dangle() {
    let base = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    // Theirs deletes the army and the tag; ours starts using both.
    theirs.sources.remove(1);
    theirs.tags.clear();
    let mut claim = claim_at(&ours, 160, 180);
    claim.source = Some(base.sources[1].id);
    claim.tags = vec![base.tags[0].id];
    ours.claims.push(claim);
    let merged = merge3(&base, &ours, &theirs);
    assert!(merged.project.source(base.sources[1].id).is_some());
    assert!(merged.project.tag(base.tags[0].id).is_some());
    assert!(project_file::validate(&merged.project).is_empty());
    // Theirs deletes a document on which ours added a claim.
    let mut theirs = base.clone();
    theirs.documents.clear();
    theirs.claims.clear();
    let mut ours = base.clone();
    let extra = claim_at(&ours, 160, 180);
    ours.claims.push(extra);
    let merged = merge3(&base, &ours, &theirs);
    assert!(project_file::validate(&merged.project).is_empty());
    assert_eq!(merged.project.claims.len(), 1);
}

#[test]
fn merge_cli_writes_over_ours_and_reports_conflicts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.claims[0].value = "500".into();
    theirs.claims[0].value = "568".into();
    let [b, o, t] = ["base.ron", "ours.ron", "theirs.ron"].map(|n| dir.path().join(n));
    project_file::save(&b, &base).expect("save");
    project_file::save(&o, &ours).expect("save");
    project_file::save(&t, &theirs).expect("save");
    let out = triangulate::cli::review::merge(&b, &o, &t, None).expect("merge");
    assert_eq!(out.status, 1, "{}", out.stderr);
    let merged = project_file::load(&o).expect("load").project;
    assert!(merged.claims[0].note.contains("theirs had value “568”"));
    // A clean merge exits 0.
    let out = triangulate::cli::review::merge(&b, &b, &t, Some(&dir.path().join("m.ron")))
        .expect("merge");
    assert_eq!(out.status, 0, "{}", out.stderr);
}

#[test]
fn diff_cli_exits_zero_only_when_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mine = base();
    let mut theirs = mine.clone();
    theirs.claims[0].stance = Some(Stance::UNCLEAR);
    let m = dir.path().join("mine.ron");
    let t = dir.path().join("theirs.ron");
    project_file::save(&m, &mine).expect("save");
    project_file::save(&t, &theirs).expect("save");
    let out = triangulate::cli::review::diff(&m, &m).expect("diff");
    assert_eq!(out.status, 0, "{}", out.stdout);
    let out = triangulate::cli::review::diff(&m, &t).expect("diff");
    assert_eq!(out.status, 1);
    assert!(out.stdout.contains("1 changed"), "{}", out.stdout);
    assert!(out.stdout.contains("changed: “Azot”"), "{}", out.stdout);
    assert!(out.stdout.contains("— stance"), "{}", out.stdout);
}

/// One random edit to a copy of the base.
#[derive(Clone, Debug)]
enum RandomEdit {
    AddClaim(usize, usize),
    SetStance(usize, usize),
    SetNote(usize, String),
    RenameSource(usize, String),
    DeleteClaim(usize),
}

fn random_edit() -> impl Strategy<Value = RandomEdit> {
    prop_oneof![
        (0..150usize, 1..40usize).prop_map(|(s, l)| RandomEdit::AddClaim(s, l)),
        (0..8usize, 0..4usize).prop_map(|(c, s)| RandomEdit::SetStance(c, s)),
        (0..8usize, "[a-z]{1,6}").prop_map(|(c, n)| RandomEdit::SetNote(c, n)),
        (0..2usize, "[A-Z][a-z]{1,6}").prop_map(|(s, n)| RandomEdit::RenameSource(s, n)),
        (0..8usize).prop_map(RandomEdit::DeleteClaim),
    ]
}

/// Applies edits; returns the ids of the claims it added.
fn apply_edits(project: &mut Project, edits: &[RandomEdit]) -> Vec<triangulate::model::ClaimId> {
    let mut added = Vec::new();
    let stances = Stance::default_scale();
    for edit in edits {
        let n = project.claims.len().max(1);
        match edit {
            RandomEdit::AddClaim(start, len) => {
                let claim = claim_at(project, *start, start + len);
                added.push(claim.id);
                project.claims.push(claim);
            }
            RandomEdit::SetStance(c, s) => {
                if let Some(claim) = project.claims.get_mut(c % n) {
                    claim.stance = stances.get(*s).map(|s| s.id);
                }
            }
            RandomEdit::SetNote(c, note) => {
                if let Some(claim) = project.claims.get_mut(c % n) {
                    claim.note.clone_from(note);
                }
            }
            RandomEdit::RenameSource(s, name) => {
                if let Some(source) = project.sources.get_mut(*s) {
                    source.name.clone_from(name);
                }
            }
            RandomEdit::DeleteClaim(c) => {
                let at = c % n;
                if at < project.claims.len() {
                    project.claims.remove(at);
                }
            }
        }
    }
    // Only what is still there at the end counts as added.
    added.retain(|id| project.claim(*id).is_some());
    added
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        // A failure prints its seed ("cc …") and is saved beside this file, replayed first
        // on every later run.
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    #[test]
    fn merge_keeps_every_addition_and_is_symmetric(
        ours_edits in prop::collection::vec(random_edit(), 0..8),
        theirs_edits in prop::collection::vec(random_edit(), 0..8),
    ) {
        let base = base();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        let mut added = apply_edits(&mut ours, &ours_edits);
        added.extend(apply_edits(&mut theirs, &theirs_edits));

        let one = merge3(&base, &ours, &theirs);
        let two = merge3(&base, &theirs, &ours);
        for id in &added {
            prop_assert!(one.project.claim(*id).is_some());
        }
        prop_assert!(project_file::validate(&one.project).is_empty());
        let mut ids_one: Vec<_> = one.project.claims.iter().map(|c| c.id).collect();
        let mut ids_two: Vec<_> = two.project.claims.iter().map(|c| c.id).collect();
        ids_one.sort();
        ids_two.sort();
        prop_assert_eq!(ids_one, ids_two);
        prop_assert_eq!(one.conflicts.len(), two.conflicts.len());
        for claim in &one.project.claims {
            let other = two.project.claim(claim.id).expect("same ids");
            let conflicted = |c: &Claim| c.review.as_ref().is_some_and(|r| r.reviewer == "merge");
            prop_assert_eq!(conflicted(claim), conflicted(other));
            if !conflicted(claim) {
                prop_assert_eq!(claim, other);
            }
        }
    }
}

// ---------------------------------------------------------------- agreement

/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
/// four coders, twelve units, missing data. Published alpha (nominal) = 0.743.
#[test]
fn krippendorff_worked_example_gives_0_743() {
    let rows: [[Option<u8>; 12]; 4] = [
        [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(1),
            Some(4),
            Some(1),
            Some(2),
            None,
            None,
            None,
        ],
        [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(2),
            Some(4),
            Some(1),
            Some(2),
            Some(5),
            None,
            Some(3),
        ],
        [
            None,
            Some(3),
            Some(3),
            Some(3),
            Some(2),
            Some(3),
            Some(4),
            Some(2),
            Some(2),
            Some(5),
            Some(1),
            None,
        ],
        [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(4),
            Some(4),
            Some(1),
            Some(2),
            Some(5),
            Some(1),
            None,
        ],
    ];
    let units: Vec<Vec<Option<u8>>> = (0..12)
        .map(|u| rows.iter().map(|row| row[u]).collect())
        .collect();
    let alpha = krippendorff_alpha_nominal(&units);
    let value = alpha.value.expect("defined");
    assert!((value - 0.743).abs() < 0.0005, "{value}");
    assert_eq!(alpha.units, 11, "unit 12 has one value and is not pairable");
}

/// Wikipedia, "Cohen's kappa", simple example: 50 proposals, yes/yes 20,
/// yes/no 5, no/yes 10, no/no 15 — kappa = 0.4.
#[test]
fn cohen_kappa_textbook_example_gives_0_4() {
    let mut pairs = Vec::new();
    pairs.extend(std::iter::repeat_n(("yes", "yes"), 20));
    pairs.extend(std::iter::repeat_n(("yes", "no"), 5));
    pairs.extend(std::iter::repeat_n(("no", "yes"), 10));
    pairs.extend(std::iter::repeat_n(("no", "no"), 15));
    let kappa = cohen_kappa(&pairs);
    assert!((kappa.value.expect("defined") - 0.4).abs() < 1e-12);
    assert_eq!(kappa.units, 50);
}

/// Cohen (1960), the worked table: 200 items, three categories, margins
/// .60/.30/.10 and .50/.30/.20, observed agreement .70, chance .41, kappa = .492.
/// (Kappa depends only on the diagonal and the margins, which these cells reproduce.)
#[test]
fn cohen_1960_table_gives_0_492() {
    let cells = [
        (0, 0, 88),
        (0, 1, 14),
        (0, 2, 18),
        (1, 0, 10),
        (1, 1, 40),
        (1, 2, 10),
        (2, 0, 2),
        (2, 1, 6),
        (2, 2, 12),
    ];
    let mut pairs = Vec::new();
    for (a, b, n) in cells {
        pairs.extend(std::iter::repeat_n((a, b), n));
    }
    let kappa = cohen_kappa(&pairs).value.expect("defined");
    assert!((kappa - 0.492).abs() < 0.0005, "{kappa}");
}

#[test]
fn span_agreement_exact_and_overlap() {
    let mine = base();
    let mut theirs = independent_copy(&mine);
    theirs.claims[0].range = CharRange::new(0, 45);
    theirs.claims.remove(2);
    let a: Vec<&Claim> = mine.claims.iter().collect();
    let b: Vec<&Claim> = theirs.claims.iter().collect();
    let exact = span_agreement(&a, &b, true);
    assert_eq!(
        exact,
        SpanAgreement {
            first: 3,
            second: 2,
            matched: 1
        }
    );
    let overlap = span_agreement(&a, &b, false);
    assert_eq!(overlap.matched, 2);
    assert_eq!(overlap.precision(), Some(1.0));
    assert!((overlap.recall().expect("recall") - 2.0 / 3.0).abs() < 1e-12);
    assert!((overlap.f1().expect("f1") - 0.8).abs() < 1e-12);
    // Stance units: three clusters, coder two missing on the last.
    let units = stance_units(&[Some(a), Some(b)]);
    assert_eq!(units.len(), 3);
    assert_eq!(units[2], vec![Some(Stance::NEUTRAL), None]);
}

#[test]
fn agreement_cli_reports_every_pair_and_alpha_with_units() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = base();
    let mut second = independent_copy(&first);
    second.claims[1].stance = Some(Stance::SUPPORTS);
    let mut third = independent_copy(&first);
    third.claims.remove(0);
    let paths: Vec<std::path::PathBuf> = [("a.ron", &first), ("b.ron", &second), ("c.ron", &third)]
        .into_iter()
        .map(|(name, project)| {
            let path = dir.path().join(name);
            project_file::save(&path, project).expect("save");
            path
        })
        .collect();
    let out = triangulate::cli::review::agreement(&paths).expect("agreement");
    assert_eq!(out.status, 0);
    // Every pair of the three, worked out by hand. 1 and 2 have the same three spans
    // and differ on one stance of three: observed .667, chance .333, kappa .5. 3 lacks
    // the first claim: two of the others' three spans matched; with 1 it agrees on
    // both stances (kappa 1), with 2 on one of two (observed .5, chance .25, kappa .333).
    let expected = [
        "  span exact (1 vs 2): precision 1.000 recall 1.000 F1 1.000 (3 matched of 3 and 3 spans)",
        "  span overlap (1 vs 2): precision 1.000 recall 1.000 F1 1.000 (3 matched of 3 and 3 spans)",
        "  stance kappa (1 vs 2): 0.500 (3 units)",
        "  span exact (1 vs 3): precision 1.000 recall 0.667 F1 0.800 (2 matched of 3 and 2 spans)",
        "  span overlap (1 vs 3): precision 1.000 recall 0.667 F1 0.800 (2 matched of 3 and 2 spans)",
        "  stance kappa (1 vs 3): 1.000 (2 units)",
        "  span exact (2 vs 3): precision 1.000 recall 0.667 F1 0.800 (2 matched of 3 and 2 spans)",
        "  span overlap (2 vs 3): precision 1.000 recall 0.667 F1 0.800 (2 matched of 3 and 2 spans)",
        "  stance kappa (2 vs 3): 0.333 (2 units)",
        // Units (S,S,–), (D,S,D), (N,N,N): disagreement .25 observed, .75 expected.
        "  stance alpha: 0.667 (3 units)",
    ];
    let lines: Vec<&str> = out.stdout.lines().collect();
    for line in expected {
        // Once for the one document, once overall.
        assert_eq!(
            lines.iter().filter(|l| **l == line).count(),
            2,
            "{line:?} not in both sections of:\n{}",
            out.stdout
        );
    }
    // No other pairs, and nothing else measured.
    let measured = lines.iter().filter(|l| l.starts_with("  ")).count();
    assert_eq!(measured, 2 * expected.len(), "{}", out.stdout);
    let two = triangulate::cli::review::agreement(&paths[..2]).expect("agreement");
    assert!(
        two.stdout.contains("  span overlap: precision 1.000"),
        "{}",
        two.stdout
    );
    assert!(triangulate::cli::review::agreement(&paths[..1]).is_err());
}

#[test]
fn conflicting_document_texts_keep_ours_without_copying_theirs_into_notes() {
    let base = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.documents[0].text.push_str(" Ours.");
    theirs.documents[0].text.push_str(" Theirs.");
    for doc in [&mut ours.documents[0], &mut theirs.documents[0]] {
        doc.fingerprint = triangulate::model::fingerprint(&doc.text);
    }
    let merged = merge3(&base, &ours, &theirs);
    let doc = &merged.project.documents[0];
    assert_eq!(doc.text, ours.documents[0].text);
    assert_eq!(doc.fingerprint, ours.documents[0].fingerprint);
    assert_eq!(doc.notes, "Merge conflict: theirs had a different text");
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
}

#[test]
fn an_empty_ancestor_merges_two_independent_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let b = dir.path().join("base.ron");
    std::fs::write(&b, "").expect("write");
    let o = dir.path().join("ours.ron");
    let t = dir.path().join("theirs.ron");
    let ours = base();
    let theirs = independent_copy(&ours);
    project_file::save(&o, &ours).expect("save");
    project_file::save(&t, &theirs).expect("save");
    let out = triangulate::cli::review::merge(&b, &o, &t, None).expect("merge");
    let merged = project_file::load(&o).expect("load").project;
    assert_eq!(merged.claims.len(), 6, "{}", out.stderr);
    // What both added independently under one name is one item.
    assert_eq!(merged.documents.len(), 1);
    assert_eq!(merged.sources.len(), 2, "Haidai once, and the army");
    assert_eq!(merged.propositions.len(), 1);
    assert!(
        merged
            .claims
            .iter()
            .all(|c| c.document == ours.documents[0].id)
    );
    assert!(project_file::validate(&merged).is_empty());
}

// ---------------------------------------------------------------- settling differences

use triangulate::edit;
use triangulate::review::{Decision, Reviewer, Standing, resolve, standing};

fn reviewer() -> Reviewer {
    Reviewer {
        name: "ana".into(),
        time: "2026-11-23T10:00:00Z".into(),
        theirs_label: "bo (theirs.ron)".into(),
    }
}

/// My project, theirs with one claim changed, one deleted and one added (with a
/// source and proposition only they have).
fn reviewed_pair() -> (Project, Project) {
    let mine = base();
    let mut theirs = mine.clone();
    theirs.claims[0].stance = Some(Stance::DISPUTES);
    theirs.claims[0].note = "army says otherwise".into();
    theirs.claims.remove(2);
    let newcomer = Source::new("Luhansk governor's office");
    let proposition = Proposition::new("Shelling continues");
    let mut extra = claim_at(&theirs, 161, 205);
    extra.source = Some(newcomer.id);
    extra.proposition = Some(proposition.id);
    extra.stance = Some(Stance::SUPPORTS);
    theirs.sources.push(newcomer);
    theirs.propositions.push(proposition);
    theirs.claims.push(extra);
    (mine, theirs)
}

/// Decides every row of `kind` and applies the edit; returns the new project
/// after checking that the edit's inverse gives back the old one.
fn decide_all(
    mine: &Project,
    theirs: &Project,
    kind: fn(&DiffKind) -> bool,
    decision: Decision,
) -> Project {
    let d = diff(mine, theirs);
    let rows: Vec<_> = d.claims.iter().filter(|r| kind(&r.kind)).collect();
    assert!(!rows.is_empty(), "there is a row to decide");
    let (edit, skipped) = resolve(mine, theirs, &d, &rows, &decision, &reviewer());
    assert!(skipped.is_empty(), "{skipped:?}");
    assert!(!edit.is_empty());
    let mut after = mine.clone();
    let inverse = edit::apply(&mut after, edit).expect("the decision applies");
    let mut undone = after.clone();
    edit::apply(&mut undone, inverse).expect("and undoes");
    assert_eq!(&undone, mine, "undo gives back my project exactly");
    assert!(
        project_file::validate(&after).is_empty(),
        "{:?}",
        project_file::validate(&after)
    );
    after
}

fn is_changed(kind: &DiffKind) -> bool {
    matches!(kind, DiffKind::Changed(_))
}

#[test]
fn take_theirs_on_a_changed_claim_copies_the_differing_fields() {
    let (mine, theirs) = reviewed_pair();
    let after = decide_all(&mine, &theirs, is_changed, Decision::TakeTheirs);
    let claim = after.claim(mine.claims[0].id).expect("still there");
    assert_eq!(claim.stance, Some(Stance::DISPUTES));
    assert_eq!(claim.note, "army says otherwise");
    let review = claim.review.as_ref().expect("reviewed");
    assert_eq!(review.status, ReviewStatus::Accepted);
    assert_eq!(review.reviewer, "ana");
    assert!(
        review.comment.contains("stance, note"),
        "{}",
        review.comment
    );
    // Now alike: the difference is gone.
    assert!(
        !diff(&after, &theirs)
            .claims
            .iter()
            .any(|r| is_changed(&r.kind))
    );
}

#[test]
fn keep_mine_on_a_changed_claim_keeps_it_and_notes_theirs() {
    let (mine, theirs) = reviewed_pair();
    let after = decide_all(&mine, &theirs, is_changed, Decision::KeepMine);
    let claim = after.claim(mine.claims[0].id).expect("still there");
    assert_eq!(claim.stance, mine.claims[0].stance);
    let review = claim.review.as_ref().expect("reviewed");
    assert_eq!(review.status, ReviewStatus::Accepted);
    assert!(
        review.comment.contains("stance Disputes"),
        "{}",
        review.comment
    );
    assert!(
        review.comment.contains("army says otherwise"),
        "{}",
        review.comment
    );
    let d = diff(&after, &theirs);
    let row = d
        .claims
        .iter()
        .find(|r| is_changed(&r.kind))
        .expect("still differs");
    assert_eq!(
        standing(&after, row),
        Standing::Settled(ReviewStatus::Accepted)
    );
}

#[test]
fn keep_both_adds_theirs_beside_mine_with_a_new_id() {
    let (mine, theirs) = reviewed_pair();
    let after = decide_all(&mine, &theirs, is_changed, Decision::KeepBoth);
    assert_eq!(after.claims.len(), mine.claims.len() + 1);
    let added = after.claims.last().expect("added");
    assert_ne!(added.id, mine.claims[0].id, "ids never collide");
    assert_eq!(added.stance, Some(Stance::DISPUTES));
    assert_eq!(added.range, mine.claims[0].range);
}

#[test]
fn discuss_marks_mine_with_the_comment_and_their_values() {
    let (mine, theirs) = reviewed_pair();
    let after = decide_all(
        &mine,
        &theirs,
        is_changed,
        Decision::Discuss("which is it?".into()),
    );
    let review = after
        .claim(mine.claims[0].id)
        .and_then(|c| c.review.clone())
        .expect("reviewed");
    assert_eq!(review.status, ReviewStatus::Discuss);
    assert!(
        review
            .comment
            .starts_with("which is it? — bo (theirs.ron): stance Disputes"),
        "{}",
        review.comment
    );
}

#[test]
fn take_theirs_only_theirs_brings_the_claim_with_its_vocabulary() {
    let (mine, theirs) = reviewed_pair();
    let after = decide_all(
        &mine,
        &theirs,
        |k| *k == DiffKind::OnlyTheirs,
        Decision::TakeTheirs,
    );
    let their_claim = theirs.claims.last().expect("theirs");
    let claim = after.claim(their_claim.id).expect("taken with its id");
    assert_eq!(claim.range, their_claim.range);
    assert_eq!(
        after
            .source(claim.source.expect("source"))
            .map(|s| s.name.as_str()),
        Some("Luhansk governor's office")
    );
    assert_eq!(
        after
            .proposition(claim.proposition.expect("prop"))
            .map(|p| p.text.as_str()),
        Some("Shelling continues")
    );
    assert_eq!(
        claim.review.as_ref().map(|r| r.status),
        Some(ReviewStatus::Accepted)
    );
    assert!(
        !diff(&after, &theirs)
            .claims
            .iter()
            .any(|r| r.kind == DiffKind::OnlyTheirs)
    );
}

#[test]
fn keep_mine_only_theirs_keeps_their_claim_as_rejected() {
    let (mine, theirs) = reviewed_pair();
    let after = decide_all(
        &mine,
        &theirs,
        |k| *k == DiffKind::OnlyTheirs,
        Decision::KeepMine,
    );
    let their_claim = theirs.claims.last().expect("theirs");
    let claim = after.claim(their_claim.id).expect("kept, nothing lost");
    assert_eq!(
        claim.review.as_ref().map(|r| r.status),
        Some(ReviewStatus::Rejected)
    );
}

#[test]
fn take_theirs_only_mine_deletes_mine_keep_mine_accepts_it() {
    let (mine, theirs) = reviewed_pair();
    let gone = decide_all(
        &mine,
        &theirs,
        |k| *k == DiffKind::OnlyMine,
        Decision::TakeTheirs,
    );
    assert!(gone.claim(mine.claims[2].id).is_none());
    let kept = decide_all(
        &mine,
        &theirs,
        |k| *k == DiffKind::OnlyMine,
        Decision::KeepMine,
    );
    assert_eq!(
        kept.claim(mine.claims[2].id)
            .and_then(|c| c.review.as_ref())
            .map(|r| r.status),
        Some(ReviewStatus::Accepted)
    );
}

#[test]
fn bulk_take_theirs_on_independent_work_adds_each_new_item_once() {
    let mine = base();
    let mut theirs = independent_copy(&mine);
    let newcomer = Source::new("Reuters");
    for (start, end) in [(161, 180), (181, 205)] {
        let mut claim = claim_at(&theirs, start, end);
        claim.source = Some(newcomer.id);
        theirs.claims.push(claim);
    }
    theirs.sources.push(newcomer);
    let after = decide_all(
        &mine,
        &theirs,
        |k| *k == DiffKind::OnlyTheirs,
        Decision::TakeTheirs,
    );
    assert_eq!(after.claims.len(), mine.claims.len() + 2);
    assert_eq!(
        after.sources.iter().filter(|s| s.name == "Reuters").count(),
        1
    );
    // "haidai " matched my "Haidai" by name: not added again.
    assert_eq!(after.sources.len(), mine.sources.len() + 1);
}

#[test]
fn their_items_that_differ_only_in_spacing_and_case_become_one_of_mine() {
    let mine = base();
    let mut theirs = independent_copy(&mine);
    // Two of their sources and two of their tags that are one by the rule of names.
    let reuters = Source::new("Reuters");
    let reuters_again = Source::new("  REUTERS ");
    let figures = Tag::new("casualties / figures", Colour::palette(5));
    let figures_again = Tag::new("Casualties/Figures", Colour::palette(6));
    for (start, end, source, tag) in [
        (161, 180, reuters.id, figures.id),
        (181, 205, reuters_again.id, figures_again.id),
    ] {
        let mut claim = claim_at(&theirs, start, end);
        claim.source = Some(source);
        claim.tags = vec![tag];
        theirs.claims.push(claim);
    }
    theirs.sources.extend([reuters, reuters_again]);
    theirs.tags.extend([figures, figures_again]);
    let after = decide_all(
        &mine,
        &theirs,
        |k| *k == DiffKind::OnlyTheirs,
        Decision::TakeTheirs,
    );
    assert_eq!(after.claims.len(), mine.claims.len() + 2);
    assert_eq!(after.sources.len(), mine.sources.len() + 1, "one Reuters");
    assert_eq!(
        after.tags.len(),
        mine.tags.len() + 1,
        "one casualties/figures"
    );
    let added: Vec<_> = after.claims.iter().skip(mine.claims.len()).collect();
    assert!(
        added
            .windows(2)
            .all(|w| w[0].source == w[1].source && w[0].tags == w[1].tags)
    );
}

#[test]
fn their_claim_on_a_document_i_lack_brings_the_document() {
    let mine = base();
    let mut theirs = mine.clone();
    let doc = Document::new(
        "Kadyrov's statement",
        "Kadyrov said the city was liberated.",
    );
    let claim = Claim::new(&doc, CharRange::new(0, 7), "bo").expect("claim");
    theirs.documents.push(doc.clone());
    theirs.claims.push(claim.clone());
    let after = decide_all(
        &mine,
        &theirs,
        |k| *k == DiffKind::OnlyTheirs,
        Decision::TakeTheirs,
    );
    assert!(after.document(doc.id).is_some());
    assert_eq!(after.claim(claim.id).map(|c| c.document), Some(doc.id));
}

#[test]
fn their_claim_on_different_text_is_placed_by_its_quote() {
    let mine = base();
    let mut theirs = mine.clone();
    // Their copy has a line more at the top; same document id.
    let prefix = "Updated 10:00. ";
    theirs.documents[0] = Document {
        text: format!("{prefix}{TEXT}"),
        fingerprint: triangulate::model::fingerprint(&format!("{prefix}{TEXT}")),
        ..theirs.documents[0].clone()
    };
    let shift = prefix.chars().count();
    for claim in &mut theirs.claims {
        claim.range = CharRange::new(claim.range.start + shift, claim.range.end + shift);
    }
    let mut extra = Claim::new(
        &theirs.documents[0],
        CharRange::new(shift + 160, shift + 180),
        "bo",
    )
    .expect("claim");
    extra.note = "new".into();
    theirs.claims.push(extra.clone());
    let d = diff(&mine, &theirs);
    assert_eq!(d.documents_text_differs.len(), 1);
    let after = decide_all(
        &mine,
        &theirs,
        |k| *k == DiffKind::OnlyTheirs,
        Decision::TakeTheirs,
    );
    let placed = after.claim(extra.id).expect("taken");
    assert_eq!(
        placed.range,
        CharRange::new(160, 180),
        "placed at its quote in my text"
    );
    assert_eq!(placed.quote.exact, extra.quote.exact);
}

#[test]
fn agreement_report_gives_the_cli_figures_per_document_and_overall() {
    let first = base();
    let mut second = independent_copy(&first);
    second.claims[1].stance = Some(Stance::SUPPORTS);
    let report = triangulate::review::agreement::agreement_report(&[&first, &second]);
    assert_eq!(report.documents.len(), 1);
    let pair = report.overall.pairs[0];
    assert_eq!(
        (pair.exact.matched, pair.exact.first, pair.exact.second),
        (3, 3, 3)
    );
    assert_eq!(pair.kappa.units, 3);
    assert_eq!(report.overall.alpha.units, 3);
    assert!(pair.kappa.value.expect("kappa") < 1.0, "one stance differs");
}

/// `project` with its stance scale built anew: the same names (spelled with
/// other case and spacing), fresh ids, every claim moved onto them.
fn with_own_stance_scale(project: &Project) -> Project {
    let mut renamed = project.clone();
    let mut new_ids = std::collections::HashMap::new();
    for stance in &mut renamed.stances {
        let fresh = Stance {
            name: format!("  {} ", stance.name.to_uppercase()),
            ..Stance::default()
        };
        new_ids.insert(stance.id, fresh.id);
        stance.id = fresh.id;
        stance.name = fresh.name;
    }
    for claim in &mut renamed.claims {
        claim.stance = claim.stance.map(|id| new_ids[&id]);
    }
    renamed
}

#[test]
fn agreement_compares_stances_by_name_so_renamed_ids_give_the_same_figures() {
    use triangulate::review::agreement::agreement_report;
    let first = project_file::from_ron_str(triangulate::SAMPLE_PROJECT)
        .expect("the sample loads")
        .project;
    // A second annotator who disagrees on every fourth stance.
    let mut second = first.clone();
    let supports = first.stance_by_name("Supports").expect("supports").id;
    let disputes = first.stance_by_name("Disputes").expect("disputes").id;
    for claim in second.claims.iter_mut().step_by(4) {
        claim.stance = Some(if claim.stance == Some(supports) {
            disputes
        } else {
            supports
        });
    }
    let shared = agreement_report(&[&first, &second]);
    let own_scale = with_own_stance_scale(&second);
    assert!(
        own_scale
            .stances
            .iter()
            .all(|s| first.stance(s.id).is_none()),
        "no stance id is shared"
    );
    let renamed = agreement_report(&[&first, &own_scale]);
    let kappa = shared.overall.pairs[0].kappa;
    assert!(kappa.value.is_some_and(|k| k > 0.3 && k < 1.0), "{kappa:?}");
    assert_eq!(renamed.overall.pairs[0].kappa, kappa);
    assert_eq!(renamed.overall.alpha, shared.overall.alpha);
    assert_eq!(renamed.documents, shared.documents);
    assert!(renamed.scale_differences.is_empty());
}

#[test]
fn a_stance_only_one_scale_has_is_reported_by_the_agreement() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = base();
    let mut second = with_own_stance_scale(&first);
    let doubtful = Stance {
        name: "Doubtful".into(),
        ..Stance::default()
    };
    second.claims[0].stance = Some(doubtful.id);
    second.stances.push(doubtful);
    let report = triangulate::review::agreement::agreement_report(&[&first, &second]);
    assert_eq!(report.scale_differences.len(), 1);
    assert_eq!(report.scale_differences[0].name, "Doubtful");
    assert_eq!(report.scale_differences[0].present_in, vec![1]);
    let paths: Vec<std::path::PathBuf> = [("a.ron", &first), ("b.ron", &second)]
        .into_iter()
        .map(|(name, project)| {
            let path = dir.path().join(name);
            project_file::save(&path, project).expect("save");
            path
        })
        .collect();
    let out = triangulate::cli::review::agreement(&paths).expect("agreement");
    assert!(
        out.stdout.contains("“Doubtful” only in annotator 2"),
        "{}",
        out.stdout
    );
}

// ---------------------------------------------------------------- the comparison kept up to date

use std::sync::Arc;

use triangulate::review::diff::{LiveDiff, Update};
use triangulate::stress::{self, SplitMix64};

/// A colleague's copy of the sample project: stances and notes changed, some
/// claims deleted, some added (one with a source I do not have) — at least
/// four differences of each kind.
fn sample_pair() -> (Project, Project) {
    let mine = project_file::load(std::path::Path::new(triangulate::SAMPLE_PROJECT_PATH))
        .expect("the sample loads")
        .project;
    let mut theirs = mine.clone();
    let with_stance: Vec<usize> = (0..theirs.claims.len())
        .filter(|&at| {
            theirs.claims[at]
                .stance
                .is_some_and(|s| s != Stance::DISPUTES)
        })
        .collect();
    assert!(with_stance.len() >= 8, "the sample has claims with stances");
    for &at in with_stance.iter().take(4) {
        theirs.claims[at].stance = Some(Stance::DISPUTES);
        theirs.claims[at].note = "their note".into();
    }
    let deleted: Vec<_> = with_stance
        .iter()
        .skip(4)
        .take(4)
        .map(|&at| theirs.claims[at].id)
        .collect();
    theirs.claims.retain(|c| !deleted.contains(&c.id));
    let source = Source::new("A colleague's new source");
    for document in mine.documents.iter().take(4) {
        // Text nobody claimed, so their new claim cannot pair with one of mine by span.
        let free = (0..document.char_len().saturating_sub(30))
            .step_by(17)
            .map(|s| CharRange::new(s, s + 25))
            .find(|r| !mine.claims_on(document.id).any(|c| c.range.overlaps(*r)))
            .expect("unclaimed text in the document");
        let free = triangulate::model::snap_to_words(&document.text, free);
        let mut claim = Claim::new(document, free, "colleague").expect("claim");
        claim.source = Some(source.id);
        theirs.claims.push(claim);
    }
    theirs.sources.push(source);
    (mine, theirs)
}

/// A colleague's copy of a stress project, changed as the review benchmarks change it:
/// stances and notes changed, some claims removed, copies of others added with new ids.
fn stress_pair(scale: f64) -> (Project, Project) {
    let mine = stress::project(scale);
    let mut rng = SplitMix64::new(7);
    let mut theirs = mine.clone();
    let stances = Stance::default_scale();
    for claim in &mut theirs.claims {
        if rng.chance(5) {
            claim.stance = Some(rng.pick(&stances).id);
        }
        if rng.chance(3) {
            claim.note = "Theirs.".into();
        }
    }
    theirs.claims.retain(|_| !rng.chance(2));
    let copies = (mine.claims.len() / 100).max(8);
    for _ in 0..copies {
        let mut claim = rng.pick(&mine.claims).clone();
        claim.id = triangulate::model::ClaimId::from_u128(rng.next_u128());
        claim.stance = Some(rng.pick(&stances).id);
        theirs.claims.push(claim);
    }
    (mine, theirs)
}

/// Whether a difference is of some kind.
type KindTest = fn(&DiffKind) -> bool;

/// Makes `decision` on the first open difference of each kind, then undoes and
/// redoes it, checking after every step that the comparison kept up to date is
/// the whole comparison, and that a decision worked out only its claims again.
fn check_every_decision(mine: Project, theirs: Project) {
    let theirs = Arc::new(theirs);
    let mut mine = mine;
    let mut live = LiveDiff::new(Arc::clone(&theirs));
    assert_eq!(
        live.update(&mine),
        Update::Full,
        "the first update compares everything"
    );
    assert_eq!(live.diff(), &diff(&mine, &theirs));
    assert_eq!(live.update(&mine), Update::Unchanged);
    let kinds: [(&str, KindTest); 4] = [
        ("changed", is_changed),
        ("only theirs", |k| *k == DiffKind::OnlyTheirs),
        ("only mine", |k| *k == DiffKind::OnlyMine),
        ("same", |k| *k == DiffKind::Same),
    ];
    let decisions = [
        Decision::KeepMine,
        Decision::TakeTheirs,
        Decision::KeepBoth,
        Decision::Discuss("to talk over".into()),
    ];
    let mut decided = 0;
    for (name, kind) in kinds {
        for decision in &decisions {
            let current = live.diff().clone();
            let Some(row) = current
                .claims
                .iter()
                .find(|r| kind(&r.kind) && standing(&mine, r) == Standing::Open)
            else {
                panic!("an open {name} difference is left for {decision:?}");
            };
            let (edit, skipped) = resolve(&mine, &theirs, &current, &[row], decision, &reviewer());
            assert!(skipped.is_empty(), "{skipped:?}");
            if edit.is_empty() {
                continue;
            }
            let step = format!("{} on a {name} difference", decision.label());
            let undo = edit::apply(&mut mine, edit).expect("the decision applies");
            let update = live.update(&mine);
            assert!(
                matches!(update, Update::Claims(_)),
                "{step}: only its claims are worked out again, not {update:?}"
            );
            assert_eq!(live.diff(), &diff(&mine, &theirs), "{step}");
            let redo = edit::apply(&mut mine, undo).expect("undo");
            assert!(matches!(live.update(&mine), Update::Claims(_)));
            assert_eq!(live.diff(), &diff(&mine, &theirs), "{step}, undone");
            assert_eq!(live.diff(), &current, "{step}, undone: as before");
            edit::apply(&mut mine, redo).expect("redo");
            live.update(&mine);
            assert_eq!(live.diff(), &diff(&mine, &theirs), "{step}, redone");
            decided += 1;
        }
    }
    assert!(decided >= 12, "{decided} decisions made");
    // And all at once: keep mine for every difference still open.
    let current = live.diff().clone();
    let open: Vec<_> = current
        .claims
        .iter()
        .filter(|r| r.kind != DiffKind::Same && standing(&mine, r) == Standing::Open)
        .collect();
    let (edit, _) = resolve(
        &mine,
        &theirs,
        &current,
        &open,
        &Decision::KeepMine,
        &reviewer(),
    );
    edit::apply(&mut mine, edit).expect("the bulk decision applies");
    live.update(&mine);
    assert_eq!(live.diff(), &diff(&mine, &theirs), "keep mine for all");
}

#[test]
fn live_diff_follows_each_decision_on_the_sample_project() {
    let (mine, theirs) = sample_pair();
    check_every_decision(mine, theirs);
}

#[test]
fn live_diff_follows_each_decision_on_a_small_stress_project() {
    let (mine, theirs) = stress_pair(0.01);
    check_every_decision(mine, theirs);
}

#[test]
fn live_diff_follows_vocabulary_renames_and_new_documents() {
    let mine = base();
    let theirs = Arc::new(independent_copy(&mine));
    let mut mine = mine;
    let mut live = LiveDiff::new(Arc::clone(&theirs));
    live.update(&mine);
    // My source renamed: their "haidai " no longer matches it by name.
    mine.sources[0].name = "Serhiy Haidai".into();
    assert!(matches!(live.update(&mine), Update::Claims(_)));
    assert_eq!(live.diff(), &diff(&mine, &theirs));
    mine.sources[0].name = "Haidai".into();
    live.update(&mine);
    assert_eq!(live.diff(), &diff(&mine, &theirs));
    // A document added: everything is compared again.
    mine.documents
        .push(Document::new("Another", "Some other text."));
    assert_eq!(live.update(&mine), Update::Full);
    assert_eq!(live.diff(), &diff(&mine, &theirs));
    // Claims reordered without other change.
    mine.claims.swap(0, 2);
    live.update(&mine);
    assert_eq!(live.diff(), &diff(&mine, &theirs));
}

#[test]
fn live_diff_follows_ties_broken_by_order_and_claims_paired_across_documents() {
    let first = Document::new("First", TEXT);
    let second = Document::new("Second", "A wholly different article about other matters.");
    let at = |document: &Document, start, end| {
        Claim::new(document, CharRange::new(start, end), "ana").expect("claim")
    };
    let mut mine = Project::new("mine");
    mine.documents = vec![first.clone(), second.clone()];
    let mut theirs = mine.clone();
    // Two claims of mine over the same words, one claim of theirs there: the
    // earlier of mine in my list gets it.
    let (one, two, their_one) = (at(&first, 0, 10), at(&first, 0, 10), at(&first, 0, 10));
    mine.claims.extend([one, two]);
    theirs.claims.push(their_one);
    // A claim of mine that they moved to the other document, where it overlaps
    // mine better than their own claim there does.
    let moved = at(&first, 20, 30);
    let mut their_moved = moved.clone();
    let placed = at(&second, 0, 20);
    their_moved.document = second.id;
    their_moved.range = placed.range;
    their_moved.quote = placed.quote;
    mine.claims.push(moved.clone());
    mine.claims.push(at(&second, 0, 20));
    theirs.claims.push(their_moved);
    theirs.claims.push(at(&second, 0, 15));

    let theirs = Arc::new(theirs);
    let mut live = LiveDiff::new(Arc::clone(&theirs));
    live.update(&mine);
    assert_eq!(live.diff(), &diff(&mine, &theirs));
    mine.claims.swap(0, 1);
    assert!(matches!(live.update(&mine), Update::Claims(_)));
    assert_eq!(
        live.diff(),
        &diff(&mine, &theirs),
        "the other twin gets their claim"
    );
    mine.claims.retain(|c| c.id != moved.id);
    assert!(matches!(live.update(&mine), Update::Claims(_)));
    assert_eq!(
        live.diff(),
        &diff(&mine, &theirs),
        "their claim, no longer mine by id, pairs by span on its document"
    );
}

/// One step of editing my project, for the random test of the live comparison.
#[derive(Clone, Debug)]
enum LiveStep {
    /// An edit of the merge test's kinds (add, stance, note, rename a source, delete).
    Edit(RandomEdit),
    /// A claim moved to another place in the list.
    Move(usize, usize),
    /// A claim's span changed.
    Span(usize, usize, usize),
    /// A claim reviewed.
    Review(usize),
}

fn live_step() -> impl Strategy<Value = LiveStep> {
    prop_oneof![
        random_edit().prop_map(LiveStep::Edit),
        (0..12usize, 0..12usize).prop_map(|(a, b)| LiveStep::Move(a, b)),
        (0..12usize, 0..150usize, 1..40usize).prop_map(|(c, s, l)| LiveStep::Span(c, s, l)),
        (0..12usize).prop_map(LiveStep::Review),
    ]
}

fn apply_step(project: &mut Project, step: &LiveStep) {
    let n = project.claims.len().max(1);
    match step {
        LiveStep::Edit(edit) => {
            apply_edits(project, std::slice::from_ref(edit));
        }
        LiveStep::Move(from, to) => {
            if from % n < project.claims.len() {
                let claim = project.claims.remove(from % n);
                let to = to % (project.claims.len() + 1);
                project.claims.insert(to, claim);
            }
        }
        LiveStep::Span(c, start, len) => {
            let fresh = claim_at(project, *start, start + len);
            if let Some(claim) = project.claims.get_mut(c % n) {
                claim.range = fresh.range;
                claim.quote = fresh.quote;
            }
        }
        LiveStep::Review(c) => {
            if let Some(claim) = project.claims.get_mut(c % n) {
                claim.review = Some(triangulate::model::Review {
                    status: ReviewStatus::Accepted,
                    ..Default::default()
                });
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        // A failure prints its seed ("cc …") and is saved beside this file, replayed first
        // on every later run.
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    /// However my project changes, step by step, the comparison kept up to
    /// date is the whole comparison (their side made by id and by span).
    #[test]
    fn live_diff_matches_a_whole_comparison_after_random_edits(
        theirs_edits in prop::collection::vec(random_edit(), 0..8),
        independent in any::<bool>(),
        steps in prop::collection::vec(prop::collection::vec(live_step(), 1..4), 1..8),
    ) {
        let mut mine = base();
        let mut theirs = if independent { independent_copy(&mine) } else { mine.clone() };
        apply_edits(&mut theirs, &theirs_edits);
        let theirs = Arc::new(theirs);
        let mut live = LiveDiff::new(Arc::clone(&theirs));
        live.update(&mine);
        for batch in &steps {
            for step in batch {
                apply_step(&mut mine, step);
            }
            live.update(&mine);
            prop_assert_eq!(live.diff(), &diff(&mine, &theirs));
        }
    }
}
