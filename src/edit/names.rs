//! Typed names turned into the project's vocabulary.
//!
//! An analyst types "serhiy  haidai", "casualties / civilian" or "supports";
//! the quick editor, the claim editor's pickers, the review screen and the W3C
//! import all ask [`Names`] what that name is: the id of the source, tag,
//! proposition or stance the project already has under that name, or a new one,
//! whose creation is queued as an edit. One place decides what "the same name"
//! means, so two screens never disagree about it:
//!
//! - surrounding space is dropped and runs of inner space count as one;
//! - case is ignored (in every script: "ГАЙДАЙ" is "Гайдай");
//! - a tag path's levels are trimmed and empty levels dropped
//!   ("casualties / civilian/" is "casualties/civilian").

use std::collections::HashMap;

use crate::edit::Edit;
use crate::model::{
    Colour, Project, Proposition, PropositionId, Source, SourceId, Stance, StanceId, Tag, TagId,
};

/// A name as the analyst means it: trimmed, with runs of inner whitespace as one space.
pub fn tidy_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A tag path as the analyst means it: each level tidied, empty levels dropped.
pub fn tidy_tag_path(path: &str) -> String {
    path.split('/')
        .map(tidy_name)
        .filter(|level| !level.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// The form two names are compared in: tidied and lower-cased.
pub fn name_key(name: &str) -> String {
    tidy_name(name).to_lowercase()
}

/// The form two tag paths are compared in.
pub fn tag_key(path: &str) -> String {
    tidy_tag_path(path).to_lowercase()
}

/// What a typed name resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved<Id> {
    /// An item the project already has.
    Existing(Id),
    /// An item made for this name; its insertion is among [`Names::into_edits`].
    New(Id),
}

impl<Id: Copy> Resolved<Id> {
    /// The item's id, existing or new.
    pub fn id(self) -> Id {
        match self {
            Self::Existing(id) | Self::New(id) => id,
        }
    }

    /// Whether the name made a new item.
    pub fn is_new(self) -> bool {
        matches!(self, Self::New(_))
    }
}

/// One kind of vocabulary item: the project's ids by name key (built on first
/// use) and the ids of the items this batch made.
struct Index<Id> {
    existing: Option<HashMap<String, Id>>,
    made: HashMap<String, Id>,
}

impl<Id: Copy> Index<Id> {
    fn new() -> Self {
        Self {
            existing: None,
            made: HashMap::new(),
        }
    }

    /// What `wanted` already is: the project's item (the index is built from
    /// `items` the first time), or one this batch made.
    fn find<'p>(
        &mut self,
        items: impl Iterator<Item = (&'p str, Id)>,
        key_of: fn(&str) -> String,
        wanted: &str,
    ) -> Option<Resolved<Id>> {
        let existing = self.existing.get_or_insert_with(|| {
            let mut existing = HashMap::new();
            for (name, id) in items {
                // The first item with a name wins, as the lists are shown in order.
                existing.entry(key_of(name)).or_insert(id);
            }
            existing
        });
        if let Some(&id) = existing.get(wanted) {
            return Some(Resolved::Existing(id));
        }
        self.made.get(wanted).map(|&id| Resolved::New(id))
    }

    fn remember(&mut self, wanted: String, id: Id) {
        self.made.insert(wanted, id);
    }
}

/// Turns typed names into the project's existing ids, or into new items whose
/// insertions it collects, so that one batch of names makes each new item once.
pub struct Names<'a> {
    project: &'a Project,
    edits: Vec<Edit>,
    sources: Index<SourceId>,
    tags: Index<TagId>,
    propositions: Index<PropositionId>,
    stances: Index<StanceId>,
    new_tags: usize,
    new_stances: usize,
}

impl<'a> Names<'a> {
    /// Names resolved against `project`.
    pub fn new(project: &'a Project) -> Self {
        Self {
            project,
            edits: Vec::new(),
            sources: Index::new(),
            tags: Index::new(),
            propositions: Index::new(),
            stances: Index::new(),
            new_tags: 0,
            new_stances: 0,
        }
    }

    /// The source with this name; `None` for a blank name.
    pub fn source(&mut self, name: &str) -> Option<Resolved<SourceId>> {
        let name = tidy_name(name);
        if name.is_empty() {
            return None;
        }
        Some(self.adopt_source(Source::new(name)))
    }

    /// The source with `source`'s name, or `source` itself (with its id and
    /// details) added when the project has none of that name.
    pub fn adopt_source(&mut self, source: Source) -> Resolved<SourceId> {
        let wanted = name_key(&source.name);
        let project = self.project;
        let items = project.sources.iter().map(|s| (s.name.as_str(), s.id));
        if let Some(found) = self.sources.find(items, name_key, &wanted) {
            return found;
        }
        let id = source.id;
        self.sources.remember(wanted, id);
        self.edits.push(Edit::InsertSource { at: None, source });
        Resolved::New(id)
    }

    /// The tag with this path; `None` for a blank path.
    pub fn tag(&mut self, path: &str) -> Option<Resolved<TagId>> {
        let path = tidy_tag_path(path);
        if path.is_empty() {
            return None;
        }
        let colour = Colour::palette(self.project.tags.len() + self.new_tags);
        Some(self.adopt_tag(Tag::new(path, colour)))
    }

    /// The tag with `tag`'s path, or `tag` itself added when new.
    pub fn adopt_tag(&mut self, tag: Tag) -> Resolved<TagId> {
        let wanted = tag_key(&tag.path);
        let project = self.project;
        let items = project.tags.iter().map(|t| (t.path.as_str(), t.id));
        if let Some(found) = self.tags.find(items, tag_key, &wanted) {
            return found;
        }
        let id = tag.id;
        self.tags.remember(wanted, id);
        self.new_tags += 1;
        self.edits.push(Edit::InsertTag { at: None, tag });
        Resolved::New(id)
    }

    /// The tags of a comma-separated list, each once, in the order typed.
    pub fn tag_list(&mut self, list: &str) -> Vec<TagId> {
        let mut ids = Vec::new();
        for path in list.split(',') {
            if let Some(id) = self.tag(path).map(Resolved::id)
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
        ids
    }

    /// The proposition with this text; `None` for a blank text.
    pub fn proposition(&mut self, text: &str) -> Option<Resolved<PropositionId>> {
        let text = tidy_name(text);
        if text.is_empty() {
            return None;
        }
        Some(self.adopt_proposition(Proposition::new(text)))
    }

    /// The proposition with `proposition`'s text, or `proposition` itself added when new.
    pub fn adopt_proposition(&mut self, proposition: Proposition) -> Resolved<PropositionId> {
        let wanted = name_key(&proposition.text);
        let project = self.project;
        let items = project.propositions.iter().map(|p| (p.text.as_str(), p.id));
        if let Some(found) = self.propositions.find(items, name_key, &wanted) {
            return found;
        }
        let id = proposition.id;
        self.propositions.remember(wanted, id);
        self.edits.push(Edit::InsertProposition {
            at: None,
            proposition,
        });
        Resolved::New(id)
    }

    /// The stance with this name, added to the scale when new; `None` for a blank name.
    pub fn stance(&mut self, name: &str) -> Option<Resolved<StanceId>> {
        let name = tidy_name(name);
        if name.is_empty() {
            return None;
        }
        let stance = Stance {
            name,
            colour: Colour::palette(self.project.stances.len() + self.new_stances),
            ..Stance::default()
        };
        Some(self.adopt_stance(stance))
    }

    /// The stance with `stance`'s name, or `stance` itself added when new.
    pub fn adopt_stance(&mut self, stance: Stance) -> Resolved<StanceId> {
        let wanted = name_key(&stance.name);
        let project = self.project;
        let items = project.stances.iter().map(|s| (s.name.as_str(), s.id));
        if let Some(found) = self.stances.find(items, name_key, &wanted) {
            return found;
        }
        let id = stance.id;
        self.stances.remember(wanted, id);
        self.new_stances += 1;
        self.edits.push(Edit::InsertStance { at: None, stance });
        Resolved::New(id)
    }

    /// Whether any name made a new item.
    pub fn made_new(&self) -> bool {
        !self.edits.is_empty()
    }

    /// The insertions of every new item, in the order the names were met.
    pub fn into_edits(self) -> Vec<Edit> {
        self.edits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;

    fn project() -> Project {
        let mut project = Project::new("Names");
        project.sources.push(Source::new("Serhiy Haidai"));
        project.sources.push(Source::new("Гайдай"));
        project
            .tags
            .push(Tag::new("casualties/civilian", Colour::palette(0)));
        project
            .propositions
            .push(Proposition::new("Civilians sheltering in the Azot plant"));
        project
    }

    #[test]
    fn names_match_ignoring_case_space_and_script() {
        let project = project();
        let mut names = Names::new(&project);
        let haidai = project.sources.first().map(|s| s.id);
        let cyrillic = project.sources.get(1).map(|s| s.id);
        assert_eq!(names.source("  serhiy   HAIDAI ").map(Resolved::id), haidai);
        assert_eq!(names.source("ГАЙДАЙ").map(Resolved::id), cyrillic);
        assert_eq!(
            names
                .proposition("civilians sheltering in the  Azot plant")
                .map(Resolved::id),
            project.propositions.first().map(|p| p.id)
        );
        assert!(!names.made_new());
    }

    #[test]
    fn a_spaced_tag_path_is_the_existing_tag() {
        let project = project();
        let mut names = Names::new(&project);
        let civilian = project.tags.first().map(|t| t.id);
        for typed in [
            "casualties / civilian",
            "Casualties/Civilian/",
            " casualties//civilian ",
        ] {
            assert_eq!(
                names.tag(typed),
                civilian.map(Resolved::Existing),
                "{typed}"
            );
        }
        assert!(!names.made_new());
    }

    #[test]
    fn blank_names_resolve_to_nothing() {
        let project = project();
        let mut names = Names::new(&project);
        assert_eq!(names.source("   "), None);
        assert_eq!(names.tag(" / "), None);
        assert_eq!(names.proposition(""), None);
        assert_eq!(names.stance("\t"), None);
        assert!(names.tag_list(" , ,").is_empty());
        assert!(!names.made_new());
    }

    #[test]
    fn a_new_name_is_made_once_per_batch_and_applies() {
        let project = project();
        let mut names = Names::new(&project);
        let tass = names.source("TASS");
        assert!(tass.is_some_and(Resolved::is_new));
        assert_eq!(
            names.source("tass").map(Resolved::id),
            tass.map(Resolved::id)
        );
        let tags = names.tag_list("figures, Figures , casualties / civilian, new/level");
        assert_eq!(tags.len(), 3, "figures once, the existing tag, new/level");
        let doubtful = names.stance("Doubtful");
        assert!(doubtful.is_some_and(Resolved::is_new));
        assert_eq!(names.stance(" doubtful"), doubtful, "the same new stance");
        let edits = names.into_edits();
        assert_eq!(edits.len(), 4, "TASS, figures, new/level, Doubtful");
        let mut changed = project.clone();
        for edit in edits {
            apply(&mut changed, edit).expect("each insertion applies");
        }
        assert!(changed.source_by_name("TASS").is_some());
        assert_eq!(changed.tags.len(), 3);
        let colours: Vec<_> = changed.tags.iter().map(|t| t.colour).collect();
        assert_ne!(
            colours.get(1),
            colours.get(2),
            "new tags get their own colours"
        );
        assert!(changed.stance_by_name("doubtful").is_some());
    }

    #[test]
    fn an_adopted_item_keeps_its_id_and_details_when_new() {
        let project = project();
        let mut names = Names::new(&project);
        let mut theirs = Source::new("Rodion Miroshnik");
        theirs.affiliation = "LPR".to_owned();
        let id = theirs.id;
        assert_eq!(names.adopt_source(theirs), Resolved::New(id));
        let haidai = project.sources.first().map(|s| s.id);
        assert_eq!(
            Some(names.adopt_source(Source::new("serhiy haidai"))),
            haidai.map(Resolved::Existing)
        );
        let edits = names.into_edits();
        assert!(matches!(
            edits.as_slice(),
            [Edit::InsertSource { source, .. }] if source.affiliation == "LPR" && source.id == id
        ));
    }
}
