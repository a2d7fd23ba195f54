//! Why a campaign stopped.
use crate::data::seeds::CorpusError;
use crate::engine::chain::ReplayError;
use crate::engine::oracle::QueryError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    #[error(transparent)]
    Store(#[from] CorpusError),
    #[error("the seed corpus is empty")]
    NoSeeds,
    #[error(transparent)]
    Oracle(#[from] QueryError),
    #[error("seed {id}")]
    SeedParse {
        id: String,
        #[source]
        error: ReplayError,
    },
    #[error("seed {id}")]
    SeedQuery {
        id: String,
        #[source]
        error: QueryError,
    },
    #[error(
        "{}: the saved campaign's relations are not this build's ({}); resume with the build that started it, or choose another --out",
        .out.display(),
        relation_difference(.saved_only, .build_only)
    )]
    Relations {
        out: PathBuf,
        /// Relation ids the saved campaign has and this build's catalog lacks.
        saved_only: Vec<String>,
        build_only: Vec<String>,
    },
    #[error(
        "{}: corpus entry of seed {seed_id:?} does not match the seed corpus given; resume with the same --corpus",
        .out.display()
    )]
    SeedMismatch { out: PathBuf, seed_id: String },
}

fn relation_difference(saved_only: &[String], build_only: &[String]) -> String {
    if saved_only.is_empty() && build_only.is_empty() {
        return "the same relations in another order".to_string();
    }
    let list = |ids: &[String]| {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        }
    };
    format!(
        "only in the campaign: {}; only in this build: {}",
        list(saved_only),
        list(build_only)
    )
}
