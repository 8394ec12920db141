//! The demo's data: tasks in memory, seeded the same way on every start.

use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
    Todo,
    Doing,
    Done,
}

/// One task.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Task {
    pub(crate) id: u64,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) status: Status,
    pub(crate) assignee: &'static str,
    pub(crate) due: Option<String>,
    /// A file sent with the new-task form (its name and size; the demo keeps no content).
    pub(crate) attachment: Option<Attachment>,
}

/// What is known of a task's attachment.
#[derive(Clone, Debug, Serialize, TS)]
pub(crate) struct Attachment {
    pub(crate) name: String,
    pub(crate) size: u64,
}

/// Counts of tasks by status.
#[derive(Clone, Debug, Default, Serialize, TS)]
pub(crate) struct Counts {
    pub(crate) todo: usize,
    pub(crate) doing: usize,
    pub(crate) done: usize,
}

/// All tasks.
pub(crate) struct Store {
    tasks: RwLock<Vec<Task>>,
    next_id: AtomicU64,
}

const PEOPLE: [&str; 4] = [
    "Ada Lovelace",
    "Grace Hopper",
    "Alan Turing",
    "Katherine Johnson",
];
const VERBS: [&str; 6] = ["Review", "Write", "Plan", "Fix", "Ship", "Test"];
const THINGS: [&str; 7] = [
    "the login form",
    "release notes",
    "the billing page",
    "search ranking",
    "onboarding emails",
    "the API docs",
    "the mobile layout",
];

impl Store {
    /// 42 tasks, the same every time.
    pub(crate) fn seeded() -> Self {
        let tasks = (1..=42u64)
            .map(|id| {
                let i = id as usize;
                Task {
                    id,
                    title: format!("{} {}", VERBS[i % VERBS.len()], THINGS[i % THINGS.len()]),
                    description: format!("Task number {id}, created by the demo seed."),
                    status: match i % 3 {
                        0 => Status::Done,
                        1 => Status::Todo,
                        _ => Status::Doing,
                    },
                    assignee: PEOPLE[i % PEOPLE.len()],
                    due: (!i.is_multiple_of(4)).then(|| format!("2026-12-{:02}", 1 + i % 28)),
                    attachment: None,
                }
            })
            .collect();
        Store {
            tasks: RwLock::new(tasks),
            next_id: AtomicU64::new(43),
        }
    }

    /// Newest first, optionally one status, one page.
    pub(crate) fn page(
        &self,
        status: Option<Status>,
        page: u64,
        per_page: u64,
    ) -> (Vec<Task>, u64) {
        let tasks = self.tasks.read().unwrap_or_else(|e| e.into_inner());
        let matching: Vec<&Task> = tasks
            .iter()
            .rev()
            .filter(|t| status.is_none_or(|s| t.status == s))
            .collect();
        let total = matching.len() as u64;
        // `page` comes from the query string: no arithmetic on it may overflow.
        let start = page.saturating_sub(1).saturating_mul(per_page);
        let items = matching
            .into_iter()
            .skip(usize::try_from(start).unwrap_or(usize::MAX))
            .take(usize::try_from(per_page).unwrap_or(usize::MAX))
            .cloned()
            .collect();
        (items, total)
    }

    pub(crate) fn get(&self, id: u64) -> Option<Task> {
        let tasks = self.tasks.read().unwrap_or_else(|e| e.into_inner());
        tasks.iter().find(|t| t.id == id).cloned()
    }

    pub(crate) fn counts(&self) -> Counts {
        let tasks = self.tasks.read().unwrap_or_else(|e| e.into_inner());
        let mut counts = Counts::default();
        for t in tasks.iter() {
            match t.status {
                Status::Todo => counts.todo += 1,
                Status::Doing => counts.doing += 1,
                Status::Done => counts.done += 1,
            }
        }
        counts
    }

    pub(crate) fn create(
        &self,
        title: String,
        description: String,
        due: Option<String>,
        attachment: Option<Attachment>,
    ) -> Task {
        let task = Task {
            id: self.next_id.fetch_add(1, Ordering::SeqCst),
            title,
            description,
            status: Status::Todo,
            assignee: PEOPLE[0],
            due,
            attachment,
        };
        self.tasks
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(task.clone());
        task
    }
}
