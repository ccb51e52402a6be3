//! Identifiers: random 128-bit UUIDs, written to files as strings.
//!
//! Every kind of thing has its own id type so that a claim id can never be
//! passed where a document id is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Uuid);

        impl $name {
            /// A new random id.
            pub fn random() -> Self {
                Self(Uuid::new_v4())
            }

            /// An id from a fixed number: for tests and generated sample data.
            pub const fn from_u128(value: u128) -> Self {
                Self(Uuid::from_u128(value))
            }

            /// The id as a 128-bit number.
            pub fn as_u128(self) -> u128 {
                self.0.as_u128()
            }

            /// The first eight hex digits: enough to tell ids apart in messages.
            pub fn short(self) -> String {
                let mut text = self.0.simple().to_string();
                text.truncate(8);
                text
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.short())
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(text).map(Self)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0.hyphenated())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(|err| {
                    serde::de::Error::custom(format!("“{text}” is not a valid id: {err}"))
                })
            }
        }
    };
}

/// A hasher for maps keyed by ids: ids are random, so folding their bytes is enough
/// (SipHash, the default, costs several times more per lookup in hot loops).
#[derive(Clone, Copy, Debug, Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            if let Some(head) = word.get_mut(..chunk.len()) {
                head.copy_from_slice(chunk);
            }
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map keyed by ids, with [`IdHasher`].
pub type IdMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;

id_type!(
    /// Identifies a [`crate::model::Document`].
    DocumentId
);
id_type!(
    /// Identifies a [`crate::model::Claim`].
    ClaimId
);
id_type!(
    /// Identifies a [`crate::model::Source`].
    SourceId
);
id_type!(
    /// Identifies a [`crate::model::Tag`].
    TagId
);
id_type!(
    /// Identifies a [`crate::model::Proposition`].
    PropositionId
);
id_type!(
    /// Identifies a [`crate::model::Stance`] of the project's stance scale.
    StanceId
);
id_type!(
    /// Identifies a [`crate::model::DocumentSet`].
    DocumentSetId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_as_strings() {
        let id = ClaimId::random();
        let text = id.to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(text.parse::<ClaimId>().ok(), Some(id));
        assert!("not-an-id".parse::<ClaimId>().is_err());
    }

    #[test]
    fn random_ids_differ() {
        assert_ne!(DocumentId::random(), DocumentId::random());
    }
}
