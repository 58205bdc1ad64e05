-- Problem results per learner (learner facts): one row per course × learner × problem × part
-- (part '' for the whole problem's submissions, else the `<n>_1` of a multi-part problem's
-- child statements), summarising their `evaluated` submissions that are not voided (METRICS.md
-- "Content performance"). Derived by models/facts/problem_results.sql when a batch touches the
-- learner's problem statements; every (course, learner, problem, part) with a submission,
-- voided or not, has a row (submissions 0 when none is left). The latest `derived` wins:
-- readers take the table FINAL. Read over a course's whole history (the reports' `whole` SQL).
create table if not exists learner_problem_results
(
    course_key LowCardinality(String),
    problem_key String,
    part String,
    actor_id String,
    submissions UInt32,
    correct UInt32,
    incorrect UInt32,
    first_correct Bool,
    latest_correct Bool,
    attempts UInt32,
    derived DateTime64(6, 'UTC')
)
engine = ReplacingMergeTree(derived)
order by (course_key, problem_key, part, actor_id);
