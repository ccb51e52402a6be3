//! The analyst's answers to re-anchoring: confirm where a claim was moved or the
//! place it was offered, re-attach it to a selection, or orphan it. Each answer is
//! one undoable [`Edit`] that replaces the claim.

use crate::model::{CharRange, Claim, Project, QuoteSelector, ReanchorMethod, Reanchored};

use super::Edit;

/// The edit that confirms what re-anchoring did to `claim`: a move is kept, an offered
/// place is taken. `None` when there is nothing to confirm, or when the offered place
/// no longer lies in the document's text.
pub fn confirm(project: &Project, claim: &Claim, now: &str) -> Option<Edit> {
    let record = claim
        .reanchored
        .as_ref()
        .filter(|r| r.awaits_confirmation())?;
    let mut confirmed = claim.clone();
    if record.is_offer() {
        let text = &project.document(claim.document)?.text;
        confirmed.quote = QuoteSelector::of(text, record.to)?;
        confirmed.range = record.to;
    }
    confirmed.reanchored = None;
    confirmed.orphaned = false;
    confirmed.modified = now.to_owned();
    Some(Edit::UpdateClaim(Box::new(confirmed)))
}

/// The edit that puts `claim` on `range` of its document, chosen by the analyst:
/// its record, if any, is settled. `None` when the range is empty or outside the text.
pub fn reattach(project: &Project, claim: &Claim, range: CharRange, now: &str) -> Option<Edit> {
    if range.is_empty() {
        return None;
    }
    let text = &project.document(claim.document)?.text;
    let mut attached = claim.clone();
    attached.quote = QuoteSelector::of(text, range)?;
    attached.range = range;
    attached.reanchored = None;
    attached.orphaned = false;
    attached.modified = now.to_owned();
    Some(Edit::UpdateClaim(Box::new(attached)))
}

/// The edit that orphans `claim`: its text is no longer in the document. A claim that
/// re-anchoring had moved goes back to the quote it was made on, so nothing of it is
/// lost; re-anchoring leaves it alone until it is re-attached. `None` when it is an
/// orphan by the analyst's hand already.
pub fn orphan(claim: &Claim, now: &str) -> Option<Edit> {
    let record = claim.reanchored.as_ref();
    if record.is_some_and(|r| r.method == ReanchorMethod::Orphaned) {
        return None;
    }
    let mut orphaned = claim.clone();
    if let Some(record) = record
        && let Some(was) = &record.was
    {
        orphaned.range = record.from;
        orphaned.quote = was.clone();
    }
    orphaned.reanchored = Some(Reanchored {
        from: orphaned.range,
        to: orphaned.range,
        was: None,
        method: ReanchorMethod::Orphaned,
        confidence_permille: 0,
        why: String::new(),
    });
    orphaned.orphaned = true;
    orphaned.modified = now.to_owned();
    Some(Edit::UpdateClaim(Box::new(orphaned)))
}

/// The edit that confirms every claim re-anchoring moved (not those offered a place:
/// each of those is the analyst's call), as one step; `None` when there are none.
pub fn confirm_moves(project: &Project, now: &str) -> Option<Edit> {
    let edits: Vec<Edit> = project
        .claims
        .iter()
        .filter(|c| c.awaits_confirmation() && !c.has_offer())
        .filter_map(|c| confirm(project, c, now))
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::reanchor_project;
    use crate::edit::{History, apply};
    use crate::model::Document;

    const NOW: &str = "2026-12-07T10:00:00Z";

    /// A project whose one document had `before` and now has `after`, with a claim made
    /// on `quote` in `before`, re-anchored as on load.
    fn reanchored(before: &str, after: &str, quote: &str) -> Project {
        let mut project = Project::new("p");
        let document = Document::new("Report", before);
        let start = before.find(quote).expect("quote in text");
        let start = before[..start].chars().count();
        let range = CharRange::new(start, start + quote.chars().count());
        let claim = Claim::new(&document, range, "ana").expect("claim");
        project.documents.push(document);
        project.claims.push(claim);
        if let Some(document) = project.documents.first_mut() {
            document.text = after.to_owned();
        }
        reanchor_project(&mut project);
        project
    }

    fn only_claim(project: &Project) -> &Claim {
        project.claims.first().expect("one claim")
    }

    const BEFORE: &str = "Serhiy Haidai said on Friday that 568 civilians were sheltering in the Azot plant, among them 38 children.";
    const FIXED: &str = "Serhiy Haidai said on Friday that 586 civilians were sheltering in the Azot plant, among them 38 children.";

    #[test]
    fn confirming_an_offer_moves_the_claim_there_and_undo_takes_it_back() {
        let mut project = reanchored(BEFORE, FIXED, "568 civilians were sheltering");
        let claim = only_claim(&project).clone();
        let record = claim.reanchored.clone().expect("a record");
        assert_eq!(record.method, ReanchorMethod::Offered);
        assert!(claim.orphaned && claim.has_offer() && claim.awaits_confirmation());
        assert!(record.why.contains("figures"), "{}", record.why);

        let edit = confirm(&project, &claim, NOW).expect("something to confirm");
        let mut history = History::new();
        history
            .apply(&mut project, edit, "Confirm")
            .expect("applies");
        let now = only_claim(&project);
        assert_eq!(now.quote.exact, "586 civilians were sheltering");
        assert_eq!(now.range, record.to);
        assert!(!now.orphaned && now.reanchored.is_none());

        history.undo(&mut project).expect("undoes");
        assert_eq!(only_claim(&project), &claim);
    }

    #[test]
    fn a_move_is_recorded_until_confirmed_and_orphaning_restores_its_old_quote() {
        let after = format!("Update, 12:40. {BEFORE}");
        let mut project = reanchored(BEFORE, &after, "568 civilians");
        let claim = only_claim(&project).clone();
        let record = claim.reanchored.clone().expect("a record");
        assert_eq!(record.method, ReanchorMethod::Exact);
        assert_eq!((record.from.start, record.to.start), (34, 49));
        assert!(!claim.orphaned && !claim.has_offer() && claim.awaits_confirmation());

        // Orphaning it puts back the quote it was made on, at its old place.
        let edit = orphan(&claim, NOW).expect("orphans");
        apply(&mut project, edit).expect("applies");
        let orphaned = only_claim(&project).clone();
        assert!(orphaned.orphaned && !orphaned.awaits_confirmation());
        assert_eq!(orphaned.range, record.from);
        assert_eq!(Some(&orphaned.quote), record.was.as_ref());
        // Re-anchoring leaves an orphan by the analyst's hand alone.
        let report = reanchor_project(&mut project);
        assert_eq!(report.orphaned, vec![orphaned.id]);
        assert_eq!(only_claim(&project), &orphaned);
        assert!(orphan(&orphaned, NOW).is_none());

        // Re-attaching it settles the record.
        let edit = reattach(&project, &orphaned, record.to, NOW).expect("re-attaches");
        apply(&mut project, edit).expect("applies");
        let attached = only_claim(&project);
        assert_eq!(attached.quote.exact, "568 civilians");
        assert!(!attached.orphaned && attached.reanchored.is_none());
        assert!(reattach(&project, attached, CharRange::new(5, 5), NOW).is_none());
        assert!(reattach(&project, attached, CharRange::new(5, 5000), NOW).is_none());
    }

    #[test]
    fn confirming_every_move_leaves_the_offers() {
        let mut project = reanchored(BEFORE, FIXED, "568 civilians were sheltering");
        let document = project.documents.first().expect("doc").clone();
        let mut moved = Claim::new(&document, CharRange::new(0, 13), "ana").expect("claim");
        moved.reanchored = Some(Reanchored {
            method: ReanchorMethod::Approximate,
            ..Reanchored::default()
        });
        project.claims.push(moved);
        let edit = confirm_moves(&project, NOW).expect("one move");
        apply(&mut project, edit).expect("applies");
        let still: Vec<bool> = project
            .claims
            .iter()
            .map(Claim::awaits_confirmation)
            .collect();
        assert_eq!(still, vec![true, false]);
        assert!(confirm_moves(&project, NOW).is_none());
    }
}
